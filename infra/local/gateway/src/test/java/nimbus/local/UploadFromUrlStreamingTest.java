package nimbus.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import nimbus.hackclub.HackClubKeys;
import nimbus.local.kit.LocalAws;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.Settings;
import nimbus.shared.account.QuotaTier;
import nimbus.shared.fetch.SafeFetcher;
import nimbus.shared.files.FileRecord;
import nimbus.shared.http.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * upload_from_url streams into S3 as the source sends: a 50 MB file is stored byte for byte while the heap never
 * holds it, and a source too slow or too big leaves nothing stored or counted. The sources are served on 127.0.0.1,
 * which only these tests' fetcher may reach (a test-only exemption from the public-address rule).
 */
class UploadFromUrlStreamingTest {
    private static final long FIFTY_MB = 50L * 1000 * 1000;
    private static final HttpClient http = HttpClient.newHttpClient();
    private static HttpServer source;

    @BeforeAll
    static void startSource() throws IOException {
        source = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        source.createContext("/video.bin", exchange -> serve(exchange, FIFTY_MB, true, 0));
        source.createContext("/endless.bin", exchange -> serve(exchange, Long.MAX_VALUE, false, 0));
        source.createContext("/slow.bin", exchange -> serve(exchange, 4L << 20, true, 200));
        source.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        source.start();
    }

    @AfterAll
    static void stopSource() {
        source.stop(0);
    }

    @Test
    void fiftyMegabytesAreStoredByteForByteWithoutTheHeapHoldingThem() throws Exception {
        TestAccount alice = TestStack.account(QuotaTier.VERIFIED, HackClubKeys.FORMAT, Set.of());
        SafeFetcher loopback = new SafeFetcher(SafeFetcher.Policy.fromSettings().allowing("127.0.0.1/32"));
        try (Gateway gateway = Gateway.start(LocalAws.shared().template(), TestStack.containersWith(loopback), 0)) {
            LiveHeap heap = LiveHeap.watch();
            long started = System.nanoTime();
            Reply reply = uploadFromUrl(gateway, alice, url("/video.bin"));
            long millis = (System.nanoTime() - started) / 1_000_000;
            long peakMb = heap.stop() >> 20;
            System.out.printf(
                    "[from-url] 50 MB streamed in %d ms; live heap peaked %d MB above where it started%n",
                    millis, peakMb);

            assertEquals(201, reply.status(), reply.toString());
            String id = (String) reply.json().get("id");
            assertEquals(FIFTY_MB, ((Number) reply.json().get("size")).longValue());
            assertEquals(expectedSha256(FIFTY_MB), storedSha256(id), "the bytes stored are the bytes served");
            assertEquals(FIFTY_MB, storageUsed(gateway, alice));
            // a buffered download would hold all 50 MB (and a copy) at once; streaming holds a part or two
            assertTrue(peakMb < 40, "live heap grew by " + peakMb + " MB");
        }
    }

    @Test
    void aSourceTooSlowForTheDeadlineLeavesNothing() throws Exception {
        TestAccount alice = TestStack.account(QuotaTier.VERIFIED, HackClubKeys.FORMAT, Set.of());
        SafeFetcher.Policy settings = SafeFetcher.Policy.fromSettings();
        SafeFetcher impatient = new SafeFetcher(new SafeFetcher.Policy(
                settings.maxBytes(), settings.connectTimeout(), Duration.ofSeconds(2), 5, List.of("127.0.0.1/32")));
        try (Gateway gateway = Gateway.start(LocalAws.shared().template(), TestStack.containersWith(impatient), 0)) {
            Reply reply = uploadFromUrl(gateway, alice, url("/slow.bin"));
            assertEquals(422, reply.status(), reply.toString());
            assertEquals(
                    "Upload failed: Timed out fetching the URL", reply.json().get("error"));
            assertEquals(0L, storageUsed(gateway, alice));
            assertNothingInTheBucketBeyond(before());
        }
    }

    @Test
    void aSourceOverTheTiersLimitIsCutOffAndLeavesNothing() throws Exception {
        TestAccount alice = TestStack.account(QuotaTier.UNVERIFIED, HackClubKeys.FORMAT, Set.of()); // 10 MiB a file
        SafeFetcher loopback = new SafeFetcher(SafeFetcher.Policy.fromSettings().allowing("127.0.0.1/32"));
        Set<String> objectsBefore = before();
        try (Gateway gateway = Gateway.start(LocalAws.shared().template(), TestStack.containersWith(loopback), 0)) {
            Reply reply = uploadFromUrl(gateway, alice, url("/endless.bin"));
            assertEquals(422, reply.status(), reply.toString());
            assertEquals(
                    "Upload failed: File too large: exceeds limit of 10 MB",
                    reply.json().get("error"));
            assertEquals(0L, storageUsed(gateway, alice));
            assertNothingInTheBucketBeyond(objectsBefore);
        }
    }

    // ------------------------------------------------------------------------------------ helpers

    record Reply(int status, Map<String, Object> json) {}

    private static Reply uploadFromUrl(Gateway gateway, TestAccount who, String url) throws Exception {
        var response = http.send(
                HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/api/v4/upload_from_url"))
                        .header("Authorization", "Bearer " + who.key())
                        .header("Content-Type", "application/json")
                        .POST(BodyPublishers.ofByteArray(Json.write(Map.of("url", url))))
                        .build(),
                BodyHandlers.ofByteArray());
        return new Reply(response.statusCode(), Json.parseObject(response.body()));
    }

    private static long storageUsed(Gateway gateway, TestAccount who) throws Exception {
        var response = http.send(
                HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/api/v4/me"))
                        .header("Authorization", "Bearer " + who.key())
                        .build(),
                BodyHandlers.ofByteArray());
        return ((Number) Json.parseObject(response.body()).get("storage_used")).longValue();
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + source.getAddress().getPort() + path;
    }

    /**
     * Serves {@code size} bytes of a seeded random stream, made as they are sent (the source holds no copy either),
     * with a Content-Length or chunked, pausing {@code pauseMillis} after each 64 KiB.
     */
    private static void serve(HttpExchange exchange, long size, boolean withLength, long pauseMillis)
            throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
        exchange.sendResponseHeaders(200, withLength ? size : 0);
        Random random = new Random(11);
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = exchange.getResponseBody()) {
            for (long sent = 0; sent < size; sent += chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, (int) Math.min(chunk.length, size - sent));
                if (pauseMillis > 0) Thread.sleep(pauseMillis);
            }
        } catch (IOException | InterruptedException gone) {
            // the fetcher hung up: what these tests expect of a too slow or too big source
        }
    }

    private static String expectedSha256(long size) throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        Random random = new Random(11);
        byte[] chunk = new byte[64 * 1024];
        for (long sent = 0; sent < size; sent += chunk.length) {
            random.nextBytes(chunk);
            sha256.update(chunk, 0, (int) Math.min(chunk.length, size - sent));
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static String storedSha256(String id) throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        try (ResponseInputStream<?> in =
                s3().getObject(g -> g.bucket(Settings.assetsBucket()).key(FileRecord.blobKey(id)))) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) sha256.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static S3Client s3() {
        return TestStack.context().getBean(S3Client.class);
    }

    private static Set<String> before() {
        return objectsAndUploads();
    }

    /** The bucket's objects under files/ and its multipart uploads in progress. */
    private static Set<String> objectsAndUploads() {
        Set<String> all = new java.util.TreeSet<>();
        s3().listObjectsV2Paginator(l -> l.bucket(Settings.assetsBucket()).prefix("files/"))
                .contents()
                .forEach(o -> all.add(o.key()));
        s3().listMultipartUploads(l -> l.bucket(Settings.assetsBucket()).prefix("files/"))
                .uploads()
                .forEach(u -> all.add("upload " + u.key()));
        return all;
    }

    private static void assertNothingInTheBucketBeyond(Set<String> before) {
        Set<String> now = objectsAndUploads();
        now.removeAll(before);
        assertEquals(Set.of(), now, "objects or multipart uploads left behind");
    }

    /**
     * The largest live heap (measured right after a full collection, every 100 ms) while it watches, above what
     * was live when it started: what a request holds, not the garbage it makes.
     */
    private static final class LiveHeap {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong peak = new AtomicLong();
        private final long baseline;
        private final Thread sampler;

        private LiveHeap() {
            baseline = live();
            sampler = new Thread(() -> {
                while (running.get()) {
                    peak.accumulateAndGet(live() - baseline, Math::max);
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.setDaemon(true);
            sampler.start();
        }

        static LiveHeap watch() {
            return new LiveHeap();
        }

        long stop() throws InterruptedException {
            running.set(false);
            sampler.join();
            return peak.get();
        }

        private static long live() {
            System.gc();
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }
    }
}
