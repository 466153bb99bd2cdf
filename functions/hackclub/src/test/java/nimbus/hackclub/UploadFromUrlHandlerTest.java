package nimbus.hackclub;

import static nimbus.hackclub.Calls.call;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import nimbus.hackclub.Calls.Reply;
import nimbus.local.kit.Events;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.files.FileRecord;
import nimbus.shared.http.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UploadFromUrlHandlerTest {
    private static final byte[] IMAGE = "GIF89a-not-really-a-gif".getBytes(StandardCharsets.US_ASCII);
    private static final AtomicReference<String> seenAuthorization = new AtomicReference<>();
    private static HttpServer source;
    private static ApplicationContext allowLoopback;

    @BeforeAll
    static void startSource() throws IOException {
        source = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        source.createContext("/images/cat.gif", exchange -> {
            seenAuthorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.getResponseHeaders().add("Content-Type", "image/gif");
            exchange.sendResponseHeaders(200, IMAGE.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(IMAGE);
            }
        });
        source.start();
        // The test-only allow-list: by default loopback is refused (see the last test).
        System.setProperty("NIMBUS_FETCH_ALLOW_CIDRS", "127.0.0.1/32");
        try {
            allowLoopback = TestStack.contextWith();
            allowLoopback.getBean(nimbus.shared.fetch.SafeFetcher.class);
        } finally {
            System.clearProperty("NIMBUS_FETCH_ALLOW_CIDRS");
        }
    }

    @AfterAll
    static void stopSource() {
        source.stop(0);
        allowLoopback.close();
    }

    private final TestAccount caller = HackClubAccounts.create();

    private String sourceUrl() {
        return "http://127.0.0.1:" + source.getAddress().getPort() + "/images/cat.gif";
    }

    private Reply fetch(ApplicationContext context, String json, String downloadAuthorization) {
        var event = Events.withBody(
                Events.withKey(Events.load("hackclub/upload-from-url.json"), caller.key()),
                "application/json",
                json.getBytes(StandardCharsets.UTF_8));
        if (downloadAuthorization != null) Events.withHeader(event, "X-Download-Authorization", downloadAuthorization);
        return call(new UploadFromUrlHandler(context), event);
    }

    @Test
    void storesWhatTheUrlServesAndForwardsTheDownloadAuthorization() {
        Reply reply = fetch(allowLoopback, new String(Json.write(Map.of("url", sourceUrl()))), "Bearer source-token");
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
        assertEquals(
                201,
                fetch(allowLoopback, "{\"url\":\"" + sourceUrl() + "\"}", null).status());
        assertEquals(null, seenAuthorization.get());
    }

    @Test
    void aBlankUrlIs400() {
        Reply reply = fetch(allowLoopback, "{\"url\":\"  \"}", null);
        assertEquals(400, reply.status());
        assertEquals("Missing url parameter", reply.error());
    }

    @Test
    void loopbackIsRefusedByDefault() {
        Reply reply = fetch(TestStack.context(), "{\"url\":\"" + sourceUrl() + "\"}", null);
        assertEquals(422, reply.status());
        assertTrue(reply.error().startsWith("Upload failed: "), reply.error());
        assertEquals(0, TestStack.reload(caller.id()).fileCount());
    }
}
