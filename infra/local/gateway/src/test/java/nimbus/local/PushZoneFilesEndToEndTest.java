package nimbus.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nimbus.local.kit.LocalAws;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.Settings;
import nimbus.shared.http.Json;
import nimbus.shared.store.Items;
import nimbus.shared.store.Keys;
import nimbus.shared.zone.Zone;
import nimbus.shared.zone.ZoneKind;
import nimbus.shared.zone.ZoneService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Push-zone uploads over HTTP through the local gateway: a complete retried after one that succeeded answers the
 * same file (the contract), a path as long as its object key allows is stored (its item's sort key is the path
 * itself) and one byte more is refused, and a zone's files live outside the zone's {@code ZONE#} partition (whose
 * stream records republish the zone's edge document).
 */
class PushZoneFilesEndToEndTest {
    private static final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static Gateway gateway;

    @BeforeAll
    static void start() {
        gateway = Gateway.start(LocalAws.shared().template(), TestStack.containersWith(), 0);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void aRetriedCompleteAnswersTheSameFile() throws Exception {
        TestAccount alice = Accounts.keyCdn();
        Zone zone = pushZone(alice);
        String complete = upload(alice, zone, "/css/site.css", "body { color: red }");
        Map<String, Object> first = keyCdn("POST", complete, alice.key(), null);
        assertEquals(200, first.get("httpStatus"), first.toString());
        Map<String, Object> again = keyCdn("POST", complete, alice.key(), null);
        assertEquals(200, again.get("httpStatus"), again.toString());
        assertEquals(first.get("data"), again.get("data"));
        assertEquals(1, reload(zone).fileCount(), "counted once");
        // another account's retry of it reads as an unknown zone, as every zone call does
        assertEquals(
                403, keyCdn("POST", complete, Accounts.keyCdn().key(), null).get("httpStatus"));
    }

    @Test
    void zoneFilesLiveOutsideTheZonesPartition() throws Exception {
        TestAccount alice = Accounts.keyCdn();
        Zone zone = pushZone(alice);
        Map<String, Object> done = keyCdn("POST", upload(alice, zone, "/index.html", "<h1>hi</h1>"), alice.key(), null);
        assertEquals(200, done.get("httpStatus"), done.toString());
        assertEquals(List.of(Keys.ZONE_SK), partition(Keys.zone(zone.id())));
        assertEquals(List.of("/index.html"), partition("ZONEFILE#" + zone.id()));
    }

    @Test
    void aPathAsLongAsItsObjectKeyAllowsIsStored() throws Exception {
        TestAccount alice = Accounts.keyCdn();
        Zone zone = pushZone(alice);
        int room = 1024 - zone.id().length();
        String longest = "/" + "a".repeat(room - 1);
        Map<String, Object> done = keyCdn("POST", upload(alice, zone, longest, "x"), alice.key(), null);
        assertEquals(200, done.get("httpStatus"), done.toString());
        assertEquals(longest, ((Map<?, ?>) ((Map<?, ?>) done.get("data")).get("file")).get("path"));
        Map<String, Object> tooLong = keyCdn(
                "POST", "/zones/" + zone.id() + "/uploads.json", alice.key(), Map.of("path", longest + "a", "size", 1));
        assertEquals(400, tooLong.get("httpStatus"), tooLong.toString());
        assertEquals("Invalid parameter path: at most " + room + " characters.", tooLong.get("description"));
    }

    /** Starts an upload of {@code content} to {@code path} and sends its one part; its complete route. */
    private static String upload(TestAccount owner, Zone zone, String path, String content) throws Exception {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        Map<String, Object> started = keyCdn(
                "POST",
                "/zones/" + zone.id() + "/uploads.json",
                owner.key(),
                Map.of("path", path, "size", bytes.length));
        assertEquals(201, started.get("httpStatus"), started.toString());
        Map<?, ?> upload = (Map<?, ?>) ((Map<?, ?>) started.get("data")).get("upload");
        String url = (String) ((Map<?, ?>) ((List<?>) upload.get("parts")).get(0)).get("url");
        HttpResponse<Void> put = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(200, put.statusCode());
        return "/zones/" + zone.id() + "/uploads/" + upload.get("id") + "/complete.json";
    }

    private static Zone pushZone(TestAccount owner) {
        return TestStack.context().getBean(ZoneService.class).create(owner.id(), "site", ZoneKind.PUSH, null, Map.of());
    }

    private static Zone reload(Zone zone) {
        return TestStack.context().getBean(ZoneService.class).require(zone.accountId(), zone.id());
    }

    /** The sort keys of a table partition. */
    private static List<String> partition(String pk) {
        return TestStack.dynamo()
                .query(q -> q.tableName(Settings.tableName())
                        .keyConditionExpression("pk = :p")
                        .expressionAttributeValues(Map.of(":p", Items.s(pk))))
                .items()
                .stream()
                .map(i -> i.get("sk").s())
                .toList();
    }

    private static Map<String, Object> keyCdn(String method, String path, String key, Object body) throws Exception {
        String basic = Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path)).header("Authorization", "Basic " + basic);
        if (body == null) request.method(method, HttpRequest.BodyPublishers.noBody());
        else
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(Json.write(body)));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        Map<String, Object> json =
                new LinkedHashMap<>(Json.parseObject(response.body().getBytes(StandardCharsets.UTF_8)));
        json.put("httpStatus", response.statusCode());
        return json;
    }
}
