package nimbus.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import nimbus.shared.Secrets;
import nimbus.shared.Settings;
import nimbus.shared.files.FileDetails;
import nimbus.shared.files.FileRecord;
import nimbus.shared.files.LargeFileUploads;
import nimbus.shared.upload.LargeUploads;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A 200 MB file through the presigned multipart flow as a client drives it (start, every part PUT to its URL
 * four at a time, complete: which reads the object back for its SHA-256), against the baseline of one SDK
 * PutObject of the same bytes to the same S3. Against moto both are bound by moto's own speed, so the ratio
 * says what the flow adds, not what S3 would do.
 */
final class LargeUploadBench {
    static final int BYTES = 200 * 1000 * 1000;
    private static final int ROUNDS = 3;
    private static final int PARALLEL_PARTS = 4;

    private LargeUploadBench() {}

    static void run(Fixture fixture, Report report) throws Exception {
        byte[] data = new byte[BYTES];
        new Random(7).nextBytes(data);
        String sha256 = Secrets.sha256Hex(data);
        S3Client s3 = fixture.bean(S3Client.class);
        LargeFileUploads uploads = fixture.bean(LargeFileUploads.class);
        HttpClient http = HttpClient.newHttpClient();

        List<Long> baseline = new ArrayList<>();
        List<Long> start = new ArrayList<>();
        List<Long> parts = new ArrayList<>();
        List<Long> complete = new ArrayList<>();
        List<Long> total = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            String baselineKey = "bench/baseline-" + round;
            long t0 = System.nanoTime();
            s3.putObject(p -> p.bucket(Settings.assetsBucket()).key(baselineKey), RequestBody.fromBytes(data));
            baseline.add(System.nanoTime() - t0);
            s3.deleteObject(d -> d.bucket(Settings.assetsBucket()).key(baselineKey));

            long t1 = System.nanoTime();
            LargeUploads.Started started =
                    uploads.start(fixture.accountId, "bench-200mb.bin", BYTES, null, sha256, FileDetails.NONE);
            long t2 = System.nanoTime();
            putParts(http, started, data);
            long t3 = System.nanoTime();
            FileRecord file =
                    uploads.complete(fixture.accountId, started.session().id());
            long t4 = System.nanoTime();
            if (file.size() != BYTES || !file.sha256().equals(sha256)) throw new IllegalStateException("bad upload");
            start.add(t2 - t1);
            parts.add(t3 - t2);
            complete.add(t4 - t3);
            total.add(t4 - t1);
            s3.deleteObject(d -> d.bucket(Settings.assetsBucket()).key(file.blobKey()));
        }

        double baseMs = new Stats(baseline).median() / 1e6;
        double totalMs = new Stats(total).median() / 1e6;
        report.heading("## Large upload: 200 MB through the presigned multipart flow (" + ROUNDS + " rounds, median)");
        report.line(
                "Against moto on this machine; the baseline is one SDK PutObject of the same 200 MB to the same moto.");
        report.line("");
        report.table(
                List.of("step", "ms", "MB/s", "ratio to baseline"),
                List.of(
                        row("baseline: one PutObject", baseMs, baseMs),
                        row("start (CreateMultipartUpload, 24 part URLs)", new Stats(start).median() / 1e6, baseMs),
                        row("parts: 24 PUTs of 8 MiB, 4 at a time", new Stats(parts).median() / 1e6, baseMs),
                        row(
                                "complete (assemble, read back + SHA-256, record)",
                                new Stats(complete).median() / 1e6,
                                baseMs),
                        row("whole flow", totalMs, baseMs)));
    }

    private static List<String> row(String step, double ms, double baseMs) {
        return List.of(
                step,
                Stats.ms0(ms),
                String.format(java.util.Locale.ROOT, "%.0f", BYTES / 1e6 / (ms / 1000)),
                Stats.ratio(ms, baseMs));
    }

    private static void putParts(HttpClient http, LargeUploads.Started started, byte[] data) {
        Semaphore slots = new Semaphore(PARALLEL_PARTS);
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        long partSize = started.session().partSize();
        for (LargeUploads.PartUrl part : started.parts()) {
            slots.acquireUninterruptibly();
            HttpRequest put = HttpRequest.newBuilder(URI.create(part.url()))
                    .PUT(BodyPublishers.ofByteArray(data, (int) ((part.number() - 1) * partSize), (int) part.size()))
                    .build();
            sent.add(http.sendAsync(put, BodyHandlers.discarding()).thenAccept(r -> {
                slots.release();
                if (r.statusCode() != 200)
                    throw new IllegalStateException("part " + part.number() + ": " + r.statusCode());
            }));
        }
        sent.forEach(CompletableFuture::join);
    }
}
