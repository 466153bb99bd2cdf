package nimbus.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import nimbus.local.kit.LocalAws;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.Settings;
import nimbus.shared.edge.EdgeConfigStore;
import nimbus.shared.http.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Zone changes made over HTTP reach the edge's configuration: the gateway runs the edge config publisher from the
 * table's stream, as Lambda's event source does on AWS. Waits are deadlines, never timing assertions.
 */
class EdgeConfigEndToEndTest {
    private static final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static Gateway gateway;

    @BeforeAll
    static void start() {
        gateway = Gateway.start(LocalAws.shared().template(), TestStack.containersWith(), 0);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private final TestAccount owner = Accounts.keyCdn();

    @SuppressWarnings("unchecked")
    private Object send(String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .method(method, json == null ? BodyPublishers.noBody() : BodyPublishers.ofString(json))
                .header("Authorization", KeyCdnEndToEndTest.basic(owner.key()));
        if (json != null) request.header("Content-Type", "application/json");
        var response = http.send(request.build(), BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return Json.parseObject(response.body().getBytes(StandardCharsets.UTF_8))
                .get("data");
    }

    private static Optional<Map<String, Object>> document(String key) {
        try {
            byte[] bytes = TestStack.context()
                    .getBean(S3Client.class)
                    .getObjectAsBytes(g -> g.bucket(Settings.required("NIMBUS_EDGE_CONFIG_BUCKET"))
                            .key(key))
                    .asByteArray();
            return Optional.of(Json.parseObject(bytes));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    private static <T> T await(String what, Supplier<Optional<T>> probe) throws InterruptedException {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) return value.get();
            assertTrue(Instant.now().isBefore(deadline), what + " within " + DEADLINE);
            Thread.sleep(100);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void addingEditingAliasingAndDeletingAZoneReachTheEdgeConfig() throws Exception {
        Map<String, Object> zone = (Map<String, Object>) ((Map<String, Object>) send(
                        "POST",
                        "/zones.json",
                        "{\"name\":\"edgee2e\",\"type\":\"pull\",\"originurl\":\"https://example.com\"}"))
                .get("zone");
        String id = (String) zone.get("id");
        String zoneKey = EdgeConfigStore.zoneKey(id);
        await("the new zone's document", () -> document(zoneKey));
        Map<String, Object> host = await(
                "the new zone's host",
                () -> document(
                        EdgeConfigStore.hostKey("edgee2e-" + Long.toHexString(Long.parseLong(id)) + ".cdn.test")));
        assertEquals(Map.of("zone", id), host);
        assertEquals(false, document(zoneKey).orElseThrow().get("testMode"));

        send("PUT", "/zones/" + id + ".json", "{\"cors\":\"enabled\",\"blockreferrer\":\"enabled\"}");
        await(
                "the edited settings",
                () -> document(zoneKey)
                        .filter(d -> "enabled".equals(((Map<String, Object>) d.get("settings")).get("cors"))));

        String aliasName = "e2e-" + System.nanoTime() + ".example.org";
        send("POST", "/zonealiases.json", "{\"zone_id\":\"" + id + "\",\"name\":\"" + aliasName + "\"}");
        await("the alias's host", () -> document(EdgeConfigStore.hostKey(aliasName)));
        send("POST", "/zonereferrers.json", "{\"zone_id\":\"" + id + "\",\"name\":\"example.net\"}");
        Map<String, Object> doc = await(
                "the referrer in the zone's document",
                () -> document(zoneKey).filter(d -> ((List<String>) d.get("referrers")).contains("example.net")));
        assertEquals(List.of(aliasName), doc.get("aliases"));

        send("DELETE", "/zones/" + id + ".json", null);
        await(
                "the zone's documents gone",
                () -> document(zoneKey).isEmpty()
                                && document(EdgeConfigStore.hostKey(aliasName)).isEmpty()
                        ? Optional.of(true)
                        : Optional.empty());
    }
}
