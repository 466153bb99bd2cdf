package nimbus.shared.files;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import nimbus.shared.error.Unavailable;

/**
 * The CPU work on an upload's bytes (the filename check, type sniffing, the SHA-256), started on
 * background threads as soon as the bytes are there, so it runs while the account read and the S3
 * write wait on the network: about 1.5 ms per MB off every upload's response time (BENCHMARKS.md). A check that fails
 * (a bad filename) surfaces when its result is asked for, so errors keep their order.
 */
final class UploadInspection {
    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "upload-inspection");
        thread.setDaemon(true);
        return thread;
    });

    private record NameAndType(String name, String contentType) {}

    private final Future<NameAndType> nameAndType;
    private final Future<String> sha256;

    private UploadInspection(NewFile upload) {
        nameAndType = WORKERS.submit(() -> {
            String name = Filenames.sanitize(upload.filename());
            return new NameAndType(name, ContentTypes.detect(upload.content(), name, upload.declaredType()));
        });
        sha256 = WORKERS.submit(upload.content()::sha256Hex);
    }

    static UploadInspection start(NewFile upload) {
        return new UploadInspection(upload);
    }

    /** The sanitized filename; a refused one throws its {@code InvalidInput} here. */
    String name() {
        return result(nameAndType).name();
    }

    String contentType() {
        return result(nameAndType).contentType();
    }

    String sha256() {
        return result(sha256);
    }

    /** Stops work nobody will ask for (the upload was refused or failed); harmless once it is done. */
    void cancel() {
        nameAndType.cancel(false);
        sha256.cancel(false);
    }

    private static <T> T result(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException refused) throw refused;
            throw new IllegalStateException(e.getCause());
        }
    }
}
