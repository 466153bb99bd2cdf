package nimbus.hackclub;

import static nimbus.hackclub.Calls.call;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import nimbus.hackclub.Calls.Reply;
import nimbus.local.kit.Events;
import nimbus.local.kit.Faults;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.account.Account;
import nimbus.shared.fetch.SafeFetcher;
import nimbus.shared.files.FileRecord;
import nimbus.shared.http.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Against a source on 127.0.0.1, which the deployed fetcher refuses: the tests that must reach it run in a
 * context of their own holding a fetcher whose policy allows exactly that address. No setting can do that.
 */
class UploadFromUrlHandlerTest {
    private static final byte[] IMAGE = "GIF89a-not-really-a-gif".getBytes(StandardCharsets.US_ASCII);
    private static final AtomicReference<String> seenAuthorization = new AtomicReference<>();
    private static final AtomicInteger hits = new AtomicInteger();
    /** Held by the source's /never path, which answers nothing while the tests run. */
    private static final CountDownLatch release = new CountDownLatch(1);

    private static HttpServer source;
    private static SafeFetcher loopbackFetcher;
    private static ApplicationContext allowLoopback;
    private static ApplicationContext impatient;

    @BeforeAll
    static void startSource() throws IOException {
        source = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        source.createContext("/images/cat.gif", exchange -> {
            hits.incrementAndGet();
            seenAuthorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.getResponseHeaders().add("Content-Type", "image/gif");
            exchange.sendResponseHeaders(200, IMAGE.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(IMAGE);
            }
        });
        source.createContext("/never", exchange -> {
            hits.incrementAndGet();
            try {
                release.await(5, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        source.setExecutor(Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "test-source");
            thread.setDaemon(true);
            return thread;
        }));
        source.start();
        SafeFetcher.Policy deployed = SafeFetcher.Policy.fromSettings();
        loopbackFetcher = new SafeFetcher(deployed.allowing("127.0.0.1/32"));
        allowLoopback = TestStack.contextWith(loopbackFetcher);
        SafeFetcher.Policy shortDeadline = new SafeFetcher.Policy(
                deployed.maxBytes(),
                deployed.connectTimeout(),
                Duration.ofMillis(500),
                deployed.maxRedirects(),
                List.of("127.0.0.1/32"));
        impatient = TestStack.contextWith(new SafeFetcher(shortDeadline));
    }

    @AfterAll
    static void stopSource() {
        release.countDown();
        source.stop(0);
        allowLoopback.close();
        impatient.close();
    }

    private final TestAccount caller = HackClubAccounts.create();

    private static String sourceUrl(String path) {
        return "http://127.0.0.1:" + source.getAddress().getPort() + path;
    }

    private Reply fetch(ApplicationContext context, String json, String downloadAuthorization) {
        var event = Events.withBody(
                Events.withKey(Events.load("hackclub/upload-from-url.json"), caller.key()),
                "application/json",
                json.getBytes(StandardCharsets.UTF_8));
        if (downloadAuthorization != null) Events.withHeader(event, "X-Download-Authorization", downloadAuthorization);
        return call(new UploadFromUrlHandler(context), event);
    }

    private Reply fetchUrl(ApplicationContext context, String url) {
        return fetch(context, new String(Json.write(Map.of("url", url)), StandardCharsets.UTF_8), null);
    }

    private static void assertError(Reply reply, int status, String code, String error) {
        assertEquals(Map.of("error", error, "code", code, "message", error, "status", status), reply.json());
        assertEquals(status, reply.status());
    }

    private void assertNothingStored() {
        Account account = TestStack.reload(caller.id());
        assertEquals(0, account.fileCount());
        assertEquals(0, account.storageUsed());
    }

    @Test
    void theContextUsesTheFetcherTheTestRegistered() {
        assertSame(loopbackFetcher, allowLoopback.getBean(SafeFetcher.class));
    }

    @Test
    void storesWhatTheUrlServesAndForwardsTheDownloadAuthorization() {
        Reply reply = fetch(
                allowLoopback,
                new String(Json.write(Map.of("url", sourceUrl("/images/cat.gif"))), StandardCharsets.UTF_8),
                "Bearer source-token");
        assertEquals(201, reply.status(), reply.json().toString());
        assertEquals("cat.gif", reply.json().get("filename"));
        assertEquals("image/gif", reply.json().get("content_type"));
        assertEquals("Bearer source-token", seenAuthorization.get());
        assertArrayEquals(IMAGE, TestStack.blobs().get(FileRecord.blobKey((String)
                reply.json().get("id"))));
        assertEquals(IMAGE.length, TestStack.reload(caller.id()).storageUsed());
    }

    @Test
    void withoutTheHeaderNoAuthorizationIsSent() {
        assertEquals(201, fetchUrl(allowLoopback, sourceUrl("/images/cat.gif")).status());
        assertNull(seenAuthorization.get());
    }

    @Test
    void aBlankUrlIs400() {
        assertError(fetch(allowLoopback, "{\"url\":\"  \"}", null), 400, "missing_parameter", "Missing url parameter");
        assertNothingStored();
    }

    @Test
    void loopbackIsRefusedByTheDeployedFetcherBeforeAnyConnection() {
        int before = hits.get();
        assertError(
                fetchUrl(TestStack.context(), sourceUrl("/images/cat.gif")),
                422,
                "upload_failed",
                "Upload failed: IP address not allowed");
        assertEquals(before, hits.get(), "the source must not have been contacted");
        assertNothingStored();
    }

    @Test
    void aSourceThatMissesTheDeadlineIs422AndStoresNothing() {
        assertError(
                fetchUrl(impatient, sourceUrl("/never")),
                422,
                "upload_failed",
                "Upload failed: Timed out fetching the URL");
        assertNothingStored();
    }

    @Test
    void aDownloadWhoseMetadataResponseWasLostIsStoredOnce() {
        Faults faults = new Faults().inject("TransactWriteItems", Faults.Kind.RESPONSE_LOST);
        try (ApplicationContext context = TestStack.contextWith(loopbackFetcher, faults)) {
            Reply reply = fetchUrl(context, sourceUrl("/images/cat.gif"));
            assertEquals(201, reply.status(), reply.json().toString());
            assertArrayEquals(IMAGE, TestStack.blobs().get(FileRecord.blobKey((String)
                    reply.json().get("id"))));
        }
        assertEquals(1, TestStack.reload(caller.id()).fileCount());
        assertEquals(IMAGE.length, TestStack.reload(caller.id()).storageUsed());
    }

    @Test
    void aDownloadWhoseMetadataDynamoDbRefusedStoresNothing() {
        Faults faults = new Faults().inject("TransactWriteItems", Faults.Kind.THROTTLED);
        try (ApplicationContext context = TestStack.contextWith(loopbackFetcher, faults)) {
            assertError(
                    fetchUrl(context, sourceUrl("/images/cat.gif")),
                    422,
                    "upload_failed",
                    "Upload failed: storage is unavailable, try again");
        }
        assertNothingStored();
    }
}
