package nimbus.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import nimbus.local.kit.LocalAws;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.Secrets;
import nimbus.shared.Settings;
import nimbus.shared.http.Json;
import nimbus.shared.purge.PurgeService;
import nimbus.shared.zone.Zone;
import nimbus.shared.zone.ZoneFile;
import nimbus.shared.zone.ZoneKind;
import nimbus.shared.zone.ZoneService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** KeyCDN push zones taking content over HTTP: the presigned flow by path, replacing, listing, deleting, refusals. */
class PushZoneEndToEndTest {
    private static final HttpClient http = HttpClient.newHttpClient();
    private static Gateway gateway;

    record Reply(int status, Map<String, Object> json) {
        @SuppressWarnings("unchecked")
        Map<String, Object> data(String name) {
            return (Map<String, Object>) ((Map<String, Object>) json.get("data")).get(name);
        }
    }

    @BeforeAll
    static void start() {
        gateway = Gateway.start(LocalAws.shared().template(), TestStack.context(), 0);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private final TestAccount alice = Accounts.keyCdn();

    @Test
    void aPathIsPutReplacedWithAPurgeListedAndDeleted() {
        Zone zone = zone(alice, ZoneKind.PUSH);
        Reply first = put(alice, zone, "/css/site.css", "body{}".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, first.status(), first.toString());
        assertEquals(
                Map.of(
                        "path",
                        "/css/site.css",
                        "size",
                        6,
                        "sha256",
                        Secrets.sha256Hex("body{}"),
                        "content_type",
                        "text/css; charset=utf-8"),
                withoutModified(first.data("file")));
        assertArrayEquals("body{}".getBytes(StandardCharsets.UTF_8), object(zone, "/css/site.css"));
        int purges = purges(zone);

        Reply second = put(alice, zone, "/css/site.css", "body{color:red}".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, second.status(), second.toString());
        assertArrayEquals("body{color:red}".getBytes(StandardCharsets.UTF_8), object(zone, "/css/site.css"));
        assertEquals(purges + 1, purges(zone), "the replaced path is purged");
        assertEquals(15L, storage(zone), "the zone counts the new size only");

        Reply listed = send("GET", "/zones/" + zone.id() + "/files.json", alice, null);
        assertEquals(200, listed.status(), listed.toString());
        assertEquals(
                List.of("/css/site.css"),
                ((List<?>) ((Map<?, ?>) listed.json().get("data")).get("files"))
                        .stream().map(f -> ((Map<?, ?>) f).get("path")).toList());

        Reply deleted = send("DELETE", "/zones/" + zone.id() + "/files.json?path=%2Fcss%2Fsite.css", alice, null);
        assertEquals(200, deleted.status(), deleted.toString());
        assertEquals(purges + 2, purges(zone), "the deleted path is purged");
        assertEquals(0L, storage(zone));
        Reply again = send("DELETE", "/zones/" + zone.id() + "/files.json?path=%2Fcss%2Fsite.css", alice, null);
        assertEquals(404, again.status(), again.toString());
    }

    @Test
    void refusalsAreKeyCdnErrorsAndChangeNothing() {
        Zone push = zone(alice, ZoneKind.PUSH);
        Zone pull = zone(alice, ZoneKind.PULL);
        TestAccount mallory = Accounts.keyCdn();
        String start = "/zones/%s/uploads.json";

        Reply traversal = send("POST", start.formatted(push.id()), alice, Map.of("path", "/a/../../etc", "size", 3));
        assertEquals(400, traversal.status(), traversal.toString());
        assertEquals("error", traversal.json().get("status"));

        Reply onPull = send("POST", start.formatted(pull.id()), alice, Map.of("path", "/a.css", "size", 3));
        assertEquals(400, onPull.status(), onPull.toString());
        assertEquals(
                "Invalid parameter zone: pull zone is not allowed.",
                onPull.json().get("description"));

        Reply notTheirs = send("POST", start.formatted(push.id()), mallory, Map.of("path", "/a.css", "size", 3));
        assertEquals(403, notTheirs.status(), notTheirs.toString());
        assertEquals(
                403,
                send("GET", "/zones/" + push.id() + "/files.json", mallory, null)
                        .status());

        Reply tooBig = send("POST", start.formatted(push.id()), alice, Map.of("path", "/big.bin", "size", 11L << 20));
        assertEquals(400, tooBig.status(), tooBig.toString());
        assertEquals("Storage quota exceeded.", tooBig.json().get("description"));
        assertEquals(0L, storage(push));
    }

    // ------------------------------------------------------------------------------------ helpers

    /** The whole flow for one small file: start, PUT its one part, complete. */
    private static Reply put(TestAccount who, Zone zone, String path, byte[] data) {
        Reply started = send(
                "POST",
                "/zones/" + zone.id() + "/uploads.json",
                who,
                Map.of("path", path, "size", data.length, "sha256", Secrets.sha256Hex(data)));
        assertEquals(201, started.status(), started.toString());
        Map<String, Object> upload = started.data("upload");
        LargeUploadEndToEndTest.putParts(LargeUploadEndToEndTest.Reply.parts(upload), data);
        return send("POST", "/zones/" + zone.id() + "/uploads/" + upload.get("id") + "/complete.json", who, null);
    }

    private static Reply send(String method, String path, TestAccount who, Object json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .header("Authorization", KeyCdnEndToEndTest.basic(who.key()))
                .method(method, json == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(Json.write(json)));
        if (json != null) request.header("Content-Type", "application/json");
        try {
            var response = http.send(request.build(), BodyHandlers.ofByteArray());
            return new Reply(response.statusCode(), Json.parseObject(response.body()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> withoutModified(Map<String, Object> file) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>(file);
        assertTrue(copy.remove("modified") instanceof String);
        return copy;
    }

    private static Zone zone(TestAccount who, ZoneKind kind) {
        return TestStack.context()
                .getBean(ZoneService.class)
                .create(
                        who.id(),
                        "z" + (System.nanoTime() % 1000000),
                        kind,
                        kind == ZoneKind.PULL ? "https://example.com" : null,
                        Map.of());
    }

    private static int purges(Zone zone) {
        return TestStack.context().getBean(PurgeService.class).list(zone).size();
    }

    private static long storage(Zone zone) {
        return TestStack.context()
                .getBean(ZoneService.class)
                .require(zone.accountId(), zone.id())
                .storageUsed();
    }

    private static byte[] object(Zone zone, String path) {
        return TestStack.context()
                .getBean(S3Client.class)
                .getObjectAsBytes(g -> g.bucket(Settings.assetsBucket()).key(ZoneFile.blobKey(zone.id(), path)))
                .asByteArray();
    }
}
