package nimbus.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Resumable multipart uploads through presigned part URLs: start (or, with a state file from an earlier run, ask the
 * status endpoint which parts S3 already holds), PUT the missing parts straight to S3, a few at a time, then
 * complete. The state file ({@code <cache>/upload-<hash>.json}, named after the target and the file's SHA-256 and
 * size) keeps the upload id and the parts sent, and goes once the upload completes.
 *
 * <p>Parts are plain HTTP PUTs of presigned URLs, not the AWS SDK's multipart or transfer manager: those need AWS
 * credentials, and a user of the API has only a dialect key. The server signs each part's URL instead.
 */
final class Uploader {
    /** A dialect's three endpoints of a large upload. */
    interface Target {
        /** Identifies what is uploaded where, for the state file's name (API, dialect route, path). */
        String key();

        Session start(long size, String sha256);

        Session status(String uploadId);

        /** The raw answer body of the complete call. */
        String complete(String uploadId);
    }

    record Part(int number, long size, String url, boolean uploaded) {}

    record Session(String id, long partSize, List<Part> parts) {}

    private static final int PART_ATTEMPTS = 3;

    private final HttpClient http;
    private final ExecutorService parts;
    private final Path stateDir;
    private final PrintStream err;
    private final int stopAfterParts;
    private final AtomicInteger partsSent = new AtomicInteger();
    private final AtomicBoolean stopped = new AtomicBoolean();

    /** {@code stopAfterParts} > 0: a test hook that stops the run after that many parts, as an interruption would. */
    Uploader(HttpClient http, ExecutorService parts, Path stateDir, PrintStream err, int stopAfterParts) {
        this.http = http;
        this.parts = parts;
        this.stateDir = stateDir;
        this.err = err;
        this.stopAfterParts = stopAfterParts;
    }

    /** Uploads the file (whose SHA-256 and size are known) and answers the complete call's body. */
    String upload(Path file, String sha256, long size, Target target, Progress progress) {
        Path state = stateDir.resolve("upload-"
                + sha256Hex((target.key() + "\n" + sha256 + "\n" + size).getBytes(StandardCharsets.UTF_8))
                        .substring(0, 32)
                + ".json");
        Session session = resume(state, target);
        if (session == null) {
            session = target.start(size, sha256);
            writeState(state, target, file, sha256, size, session, new TreeSet<>());
        }
        TreeSet<Integer> done = new TreeSet<>();
        List<Part> missing = new ArrayList<>();
        for (Part part : session.parts()) {
            if (part.uploaded()) {
                done.add(part.number());
                progress.already(part.size());
            } else {
                missing.add(part);
            }
        }
        Session s = session;
        AtomicBoolean halt = new AtomicBoolean(); // this upload failed: send no more of its parts
        List<Future<?>> futures = new ArrayList<>();
        for (Part part : missing) {
            futures.add(parts.submit(() -> {
                if (halt.get() || stopped.get()) return null;
                put(file, s.partSize(), part, progress);
                synchronized (done) {
                    done.add(part.number());
                    writeState(state, target, file, sha256, size, s, done);
                }
                if (stopAfterParts > 0 && partsSent.incrementAndGet() >= stopAfterParts) stopped.set(true);
                return null;
            }));
        }
        CliError failure = null;
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (ExecutionException e) {
                halt.set(true);
                if (failure == null) {
                    failure = e.getCause() instanceof CliError c ? c : new CliError(String.valueOf(e.getCause()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliError("interrupted", 130, 0);
            }
        }
        if (failure != null) {
            throw new CliError(failure.getMessage() + " (rerun the same command to resume upload " + s.id() + ")");
        }
        if (stopped.get()) {
            throw new CliError(
                    "stopped after " + partsSent.get()
                            + " part(s) (NIMBUS_CLI_STOP_AFTER_PARTS); rerun to resume upload " + s.id(),
                    130,
                    0);
        }
        String result = target.complete(s.id());
        try {
            Files.deleteIfExists(state);
        } catch (IOException e) {
            err.println("nimbus: could not remove " + state + ": " + e.getMessage());
        }
        return result;
    }

    /** The session of an earlier run, as the status endpoint sees it now; null to start afresh. */
    private Session resume(Path state, Target target) {
        if (!Files.isRegularFile(state)) return null;
        String id;
        try {
            id = (String) Json.object(Files.readString(state)).get("upload_id");
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (id == null) return null;
        try {
            Session session = target.status(id);
            long have = session.parts().stream().filter(Part::uploaded).count();
            err.println("nimbus: resuming upload " + id + ": " + have + " of "
                    + session.parts().size() + " part(s) already uploaded");
            return session;
        } catch (CliError e) {
            if (e.status == 404 || e.status == 410) {
                err.println("nimbus: upload " + id + " is gone (" + e.getMessage() + "): starting again");
                return null;
            }
            throw e;
        }
    }

    private void put(Path file, long partSize, Part part, Progress progress) throws IOException {
        byte[] bytes = new byte[(int) part.size()];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            long position = (part.number() - 1) * partSize;
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, position + buffer.position()) < 0) {
                    throw new CliError(file + " changed while uploading: rerun");
                }
            }
        }
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<Void> response = http.send(
                        HttpRequest.newBuilder(URI.create(part.url()))
                                .timeout(Duration.ofMinutes(10))
                                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    progress.sent(part.size());
                    return;
                }
                if (attempt >= PART_ATTEMPTS || response.statusCode() / 100 == 4) {
                    throw new CliError("part " + part.number() + " answered " + response.statusCode());
                }
            } catch (IOException e) {
                if (attempt >= PART_ATTEMPTS) throw new CliError("part " + part.number() + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliError("interrupted", 130, 0);
            }
            Api.pause(500L << attempt);
        }
    }

    private void writeState(
            Path state, Target target, Path file, String sha256, long size, Session session, TreeSet<Integer> done) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("upload_id", session.id());
        json.put("target", target.key());
        json.put("file", file.toAbsolutePath().toString());
        json.put("size", size);
        json.put("sha256", sha256);
        json.put("part_size", session.partSize());
        json.put("parts", session.parts().size());
        json.put("parts_sent", new ArrayList<>(done));
        try {
            Files.createDirectories(stateDir);
            Path tmp = state.resolveSibling(state.getFileName() + ".tmp");
            Files.writeString(tmp, Json.write(json));
            Files.move(tmp, state, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            err.println("nimbus: could not write " + state + " (the upload cannot be resumed): " + e.getMessage());
        }
    }

    /** The file's SHA-256, reading it once. */
    static String sha256(Path file) {
        MessageDigest digest = digest();
        byte[] buffer = new byte[1 << 20];
        try (var in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
        } catch (IOException e) {
            throw new CliError("cannot read " + file + ": " + e.getMessage());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A session from a start or status answer: {@code id} or {@code upload_id}, {@code part_size}, {@code parts}. */
    @SuppressWarnings("unchecked")
    static Session session(Map<String, Object> upload) {
        Object id = upload.containsKey("upload_id") ? upload.get("upload_id") : upload.get("id");
        List<Part> parts = new ArrayList<>();
        for (Object o : (List<Object>) upload.get("parts")) {
            Map<String, Object> p = (Map<String, Object>) o;
            parts.add(new Part(
                    ((Number) p.get("part_number")).intValue(),
                    ((Number) p.get("size")).longValue(),
                    (String) p.get("url"),
                    Boolean.TRUE.equals(p.get("uploaded"))));
        }
        return new Session(String.valueOf(id), ((Number) upload.get("part_size")).longValue(), parts);
    }
}
