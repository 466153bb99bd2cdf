package nimbus.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nimbus.local.kit.LocalAws;
import nimbus.local.kit.TestClock;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.rescdn.ResCdnKeys;
import nimbus.shared.Settings;
import nimbus.shared.auth.ApiKeyService;
import nimbus.shared.http.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ResCDN over HTTP through the local gateway, as the seed's curl examples call it: the key in {@code X-ResCDN-Key},
 * JSON bodies, {@code {"error": ...}} failures. The functions' clock stands still (one rate window and one billing
 * month for the whole class), and every test has its own keys, so their counts never meet.
 */
class ResCdnEndToEndTest {
    private static final String JSON = "application/json";
    private static final TestClock clock = new TestClock(Instant.parse("2026-03-14T07:08:05Z"));
    private static final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static Gateway gateway;

    record Reply(int status, String text, HttpHeaders headers) {
        Map<String, Object> json() {
            return Json.parseObject(text.getBytes(StandardCharsets.UTF_8));
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> zones() {
            return (List<Map<String, Object>>) json().get("zones");
        }
    }

    @BeforeAll
    static void start() {
        gateway = Gateway.start(LocalAws.shared().template(), TestStack.containersWith(clock), 0);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private final TestAccount alice = Accounts.resCdn(null);
    private final TestAccount bob = Accounts.resCdn(null);

    static Reply send(String method, String path, String key, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .method(
                        method,
                        body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (key != null) request.header("X-ResCDN-Key", key);
        if (body != null) request.header("Content-Type", JSON);
        try {
            var response = http.send(request.build(), BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(response.statusCode(), response.body(), response.headers());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String name() {
        return "e2e-" + System.nanoTime();
    }

    private static String body(String name) {
        return "{\"name\":\"" + name + "\",\"origin\":\"https://your-origin.com\"}";
    }

    private static String testKey(TestAccount account) {
        ApplicationContext context = TestStack.context();
        return context.getBean(ApiKeyService.class)
                .create(account.id(), ResCdnKeys.TEST, null, "test mode")
                .secret();
    }

    @Test
    void theSeedsCurlExamples() {
        String name = name();
        Reply created = send("POST", "/v1/zones", alice.key(), body(name));
        assertEquals(201, created.status(), created.text());
        assertTrue(created.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        Map<String, Object> zone = created.json();
        assertEquals(List.of("id", "name", "subdomain", "origin", "created", "active"), List.copyOf(zone.keySet()));
        assertTrue(((String) zone.get("id")).matches("zone_[0-9a-z]+"), zone.toString());
        assertEquals(name, zone.get("name"));
        assertEquals(name + "." + Settings.zoneDomain(), zone.get("subdomain"));
        assertEquals("https://your-origin.com", zone.get("origin"));
        assertTrue(((String) zone.get("created")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
        assertEquals(true, zone.get("active"));

        Reply listed = send("GET", "/v1/zones", alice.key(), null);
        assertEquals(200, listed.status(), listed.text());
        assertEquals(List.of(zone), listed.zones());

        Reply one = send("GET", "/v1/zones/" + zone.get("id"), alice.key(), null);
        assertEquals(200, one.status(), one.text());
        assertEquals(zone, one.json());

        Reply usage = send("GET", "/v1/usage", alice.key(), null);
        assertEquals(200, usage.status(), usage.text());
        assertEquals(
                "{\"period_start\":\"2026-03-01\",\"period_end\":\"2026-03-31\",\"requests\":0,"
                        + "\"bandwidth_bytes\":0,\"cache_hit_rate\":0.0}",
                usage.text());

        Reply purged =
                send("GET", "/v1/purge?zone=" + zone.get("id") + "&path=/assets/v2/reset.css", alice.key(), null);
        assertEquals(200, purged.status(), purged.text());
        assertEquals("{\"purged\":true,\"nodes\":1}", purged.text());
        // the gateway's purge worker applies it: the path is invalidated under the zone's id
        String zoneNumber = Long.toString(Long.parseLong(((String) zone.get("id")).substring(5), 36));
        var purges = TestStack.context().getBean(nimbus.shared.purge.PurgeTable.class);
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(60);
        while (purges.listByZone(zoneNumber).stream()
                .anyMatch(p -> p.status() != nimbus.shared.purge.PurgeStatus.DONE)) {
            assertTrue(java.time.Instant.now().isBefore(deadline), "the purge applied within 60 s");
            sleep(100);
        }
        assertEquals(
                List.of("/" + zoneNumber + "/assets/v2/reset.css"),
                purges.listByZone(zoneNumber).get(0).cdnPaths());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void withoutAValidKeyEveryRouteIs401WithTheSeedsBody() {
        for (String key : new String[] {
            null, "", "rk_live_" + "1".repeat(43), Accounts.keyCdn().key()
        }) {
            for (String[] route :
                    new String[][] {{"GET", "/v1/zones"}, {"GET", "/v1/usage"}, {"GET", "/v1/zones/zone_1"}}) {
                Reply reply = send(route[0], route[1], key, null);
                assertEquals(401, reply.status(), route[1] + " " + key);
                assertEquals("{\"error\":\"authentication required\"}", reply.text());
            }
            Reply create = send("POST", "/v1/zones", key, body(name()));
            assertEquals(401, create.status());
        }
    }

    @Test
    void namesAreUniqueAcrossAccountsAndZonesStayWithTheirOwner() {
        String name = name();
        Reply created = send("POST", "/v1/zones", alice.key(), body(name));
        assertEquals(201, created.status(), created.text());
        Reply taken = send("POST", "/v1/zones", bob.key(), body(name));
        assertEquals(409, taken.status());
        assertEquals("{\"error\":\"name already taken: " + name + "." + Settings.zoneDomain() + "\"}", taken.text());
        assertEquals(List.of(), send("GET", "/v1/zones", bob.key(), null).zones());
        Reply notBobs = send("GET", "/v1/zones/" + created.json().get("id"), bob.key(), null);
        assertEquals(404, notBobs.status());
        assertEquals("{\"error\":\"zone not found\"}", notBobs.text());
    }

    @Test
    void testKeysWorkOnTheTestModeDataSetOnly() {
        String testKey = testKey(alice);
        Reply live = send("POST", "/v1/zones", alice.key(), body(name()));
        Reply test = send("POST", "/v1/zones", testKey, body(name()));
        assertEquals(201, test.status(), test.text());
        assertTrue(((String) test.json().get("subdomain")).endsWith(".test." + Settings.zoneDomain()));
        assertEquals(
                List.of(live.json()),
                send("GET", "/v1/zones", alice.key(), null).zones());
        assertEquals(
                List.of(test.json()), send("GET", "/v1/zones", testKey, null).zones());
        assertEquals(
                404,
                send("GET", "/v1/zones/" + test.json().get("id"), alice.key(), null)
                        .status());
        assertEquals(
                404,
                send("GET", "/v1/zones/" + live.json().get("id"), testKey, null).status());
    }

    @Test
    void badInputIs400AndAMissingScopeIs403() {
        Reply bad = send("POST", "/v1/zones", alice.key(), "{\"name\":\"My_Assets\",\"origin\":\"https://x.com\"}");
        assertEquals(400, bad.status());
        assertEquals(
                "{\"error\":\"name must be a DNS label: lower-case letters, digits and inner hyphens\"}", bad.text());
        Reply noOrigin = send("POST", "/v1/zones", alice.key(), "{\"name\":\"" + name() + "\"}");
        assertEquals(400, noOrigin.status());
        assertEquals("{\"error\":\"origin is required\"}", noOrigin.text());
        assertEquals(List.of(), send("GET", "/v1/zones", alice.key(), null).zones());

        TestAccount reader = Accounts.resCdn(Set.of(ResCdnKeys.ZONES_READ));
        Reply refused = send("POST", "/v1/zones", reader.key(), body(name()));
        assertEquals(403, refused.status());
        assertEquals("{\"error\":\"this key lacks the zones:write permission\"}", refused.text());
    }

    @Test
    void aHundredAMinuteThen429() {
        for (int i = 1; i <= 100; i++)
            assertEquals(200, send("GET", "/v1/usage", bob.key(), null).status());
        Reply limited = send("GET", "/v1/zones", bob.key(), null);
        assertEquals(429, limited.status());
        assertEquals("{\"error\":\"rate limit exceeded: 100 requests per minute per key\"}", limited.text());
        assertEquals("55", limited.headers().firstValue("Retry-After").orElse(null));
    }
}
