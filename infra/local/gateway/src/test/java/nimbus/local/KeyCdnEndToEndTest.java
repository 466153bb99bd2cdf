package nimbus.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import nimbus.local.kit.LocalAws;
import nimbus.local.kit.TestCertificates;
import nimbus.local.kit.TestClock;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.http.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * KeyCDN zones over HTTP through the local gateway, as curl and the clients call them: HTTP Basic with the key as
 * the user, form and JSON bodies, a GET with a form body, {@code {id}.json} paths, and the rate-limit headers in
 * the seed's exact case. The functions' clock stands still (one rate window for the whole class), and every test
 * has its own keys, so their counts never meet.
 */
class KeyCdnEndToEndTest {
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final TestClock clock = new TestClock(Instant.parse("2031-05-06T07:08:05Z"));
    private static final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static Gateway gateway;

    record Reply(int status, String text, HttpHeaders headers) {
        Map<String, Object> json() {
            return Json.parseObject(text.getBytes(StandardCharsets.UTF_8));
        }

        String description() {
            return (String) json().get("description");
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> zone() {
            return (Map<String, Object>) ((Map<String, Object>) json().get("data")).get("zone");
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> zones() {
            return (List<Map<String, Object>>) ((Map<String, Object>) json().get("data")).get("zones");
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
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

    private final TestAccount alice = Accounts.keyCdn();
    private final TestAccount bob = Accounts.keyCdn();

    static String basic(String key) {
        return "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
    }

    static Reply send(String method, String path, String key, String contentType, String body) {
        return sendAuthorized(method, path, key == null ? null : basic(key), contentType, body);
    }

    static Reply sendAuthorized(String method, String path, String authorization, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .method(
                        method,
                        body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (authorization != null) request.header("Authorization", authorization);
        if (contentType != null) request.header("Content-Type", contentType);
        try {
            var response = http.send(request.build(), BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(response.statusCode(), response.body(), response.headers());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private String addPull(TestAccount owner, String name) {
        Reply added = send(
                "POST", "/zones.json", owner.key(), FORM, "name=" + name + "&type=pull&originurl=https://example.com");
        assertEquals(200, added.status(), added.text());
        return (String) added.zone().get("id");
    }

    @Test
    void theZoneLifecycleAsTheSeedsCurlExamples() {
        Reply added = send(
                "POST", "/zones.json", alice.key(), FORM, "name=examplepull&type=pull&originurl=https://example.com");
        assertEquals(200, added.status(), added.text());
        assertEquals("success", added.json().get("status"));
        assertEquals("Zone successfully added.", added.description());
        String id = (String) added.zone().get("id");
        assertTrue(id.matches("[0-9]+"), id);
        assertEquals("examplepull", added.zone().get("name"));
        assertEquals("0", added.zone().get("expire"));
        assertEquals("KeyCDN", added.zone().get("cachexpullkey"));
        assertEquals(null, added.zone().get("securetokenkey"));
        assertTrue(added.zone().containsKey("securetokenkey"));

        Reply listed = send("GET", "/zones.json?", alice.key(), null, null);
        assertEquals(200, listed.status(), listed.text());
        assertEquals("Data successfully received.", listed.description());
        assertEquals(List.of(id), listed.zones().stream().map(z -> z.get("id")).toList());

        Reply viewed = send("GET", "/zones/" + id + ".json", alice.key(), null, null);
        assertEquals(200, viewed.status(), viewed.text());
        assertEquals(added.zone(), viewed.zone());

        Reply put = send("PUT", "/zones/" + id + ".json", alice.key(), FORM, "expire=43200");
        assertEquals(200, put.status(), put.text());
        assertEquals("Zone successfully changed.", put.description());
        assertEquals("43200", put.zone().get("expire"));

        Reply post = send("POST", "/zones/" + id + ".json", alice.key(), "application/json", "{\"cors\":\"enabled\"}");
        assertEquals(200, post.status(), post.text());
        assertEquals("43200", post.zone().get("expire"));
        assertEquals("enabled", post.zone().get("cors"));

        Reply deleted = send("DELETE", "/zones/" + id + ".json", alice.key(), null, null);
        assertEquals(200, deleted.status(), deleted.text());
        assertEquals(
                "{\"status\":\"success\",\"description\":\"Zone successfully deleted.\",\"data\":[]}", deleted.text());
        assertEquals(
                List.of(), send("GET", "/zones.json", alice.key(), null, null).zones());
    }

    @Test
    void aGetWithAFormBodyAndPhpBracketArraysAsTheClientsSendThem() {
        addPull(alice, "formget");
        Reply reply = send("GET", "/zones.json", alice.key(), FORM, "urls%5B0%5D=a&urls%5B1%5D=b&urls[]=c");
        assertEquals(200, reply.status(), reply.text());
        assertEquals(1, reply.zones().size());
    }

    /**
     * The Python client's habits: every GET carries its parameters as a form body (requests' {@code data=}), URLs may
     * end in a bare {@code ?}, and edits are POSTs to the zone's path.
     */
    @Test
    void reportsAndEditsAsThePythonClientSendsThem() {
        String zone = addPull(alice, "pyreports");
        String threeZeroDays = "{\"status\":\"success\",\"description\":\"Data successfully received.\","
                + "\"data\":{\"stats\":[{\"amount\":\"0\",\"timestamp\":\"1541030400\"},"
                + "{\"amount\":\"0\",\"timestamp\":\"1541116800\"},{\"amount\":\"0\",\"timestamp\":\"1541203200\"}]}}";
        for (String report : List.of("traffic", "storage", "ip")) {
            Reply reply = send(
                    "GET",
                    "/reports/" + report + ".json?",
                    alice.key(),
                    FORM,
                    "zone_id=" + zone + "&start=1541030400&end=1541203200");
            assertEquals(200, reply.status(), report + ": " + reply.text());
            assertEquals(threeZeroDays, reply.text(), report);
            assertEquals("application/json; charset=utf-8", reply.header("Content-Type"));
        }
        Reply hourly = send("GET", "/reports/statestats.json?interval=hour", alice.key(), null, null);
        assertEquals(200, hourly.status(), hourly.text());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows =
                (List<Map<String, Object>>) ((Map<String, Object>) hourly.json().get("data")).get("stats");
        assertEquals(24, rows.size());
        assertEquals(
                Long.toString(clock.instant().getEpochSecond() / 3600 * 3600),
                rows.get(23).get("timestamp"));
        Reply missing = send("GET", "/reports/credits.json?", alice.key(), FORM, "start=1541030400");
        assertEquals(400, missing.status());
        assertEquals("Missing required parameter: end.", missing.description());
        Reply theirs = send(
                "GET",
                "/reports/storage.json",
                bob.key(),
                FORM,
                "zone_id=" + zone + "&start=1541030400&end=1541203200");
        assertEquals(403, theirs.status());
        assertEquals("Access denied: no such zone.", theirs.description());
        Reply balance = send("GET", "/reports/creditbalance.json?", alice.key(), FORM, "");
        assertEquals(200, balance.status(), balance.text());
        assertEquals(
                "{\"status\":\"success\",\"description\":\"Data successfully received.\",\"data\":{\"amount\":\"0\"}}",
                balance.text());

        Reply edited = send("POST", "/zones/" + zone + ".json?", alice.key(), FORM, "expire=1440&gzip=enabled");
        assertEquals(200, edited.status(), edited.text());
        assertEquals("Zone successfully changed.", edited.description());
        assertEquals("1440", edited.zone().get("expire"));
        assertEquals("enabled", edited.zone().get("gzip"));
        Reply viewed = send("GET", "/zones/" + zone + ".json?", alice.key(), FORM, "");
        assertEquals(edited.zone(), viewed.zone());
    }

    @Test
    void anotherAccountsZoneIs403ForEveryOperationAndStays() {
        String id = addPull(alice, "alices");
        String denied = "{\"status\":\"error\",\"description\":\"Access denied: no such zone.\","
                + "\"error_message\":\"Access denied: no such zone.\"}";
        for (String method : List.of("GET", "PUT", "POST", "DELETE")) {
            Reply reply = send(method, "/zones/" + id + ".json", bob.key(), FORM, "expire=5");
            assertEquals(403, reply.status(), method);
            assertEquals(denied, reply.text(), method);
        }
        Reply mine = send("GET", "/zones/" + id + ".json", alice.key(), null, null);
        assertEquals("0", mine.zone().get("expire"));
        Reply bare = send("GET", "/zones/" + id, alice.key(), null, null);
        assertEquals(403, bare.status());
        assertEquals(denied, bare.text());
    }

    @Test
    void badInputIs400NamingTheParameter() {
        Reply reply = send("POST", "/zones.json", alice.key(), FORM, "name=x&type=pull");
        assertEquals(400, reply.status());
        assertEquals("error", reply.json().get("status"));
        assertEquals("Missing required parameter: originurl.", reply.description());
        assertEquals(
                List.of(), send("GET", "/zones.json", alice.key(), null, null).zones());
    }

    @Test
    void aWrongOrMissingKeyIs401WithTheEnvelope() {
        for (String authorization : new String[] {
            null, "Bearer " + alice.key(), basic(Accounts.hackClub().key()), basic("sk_prod_" + "1".repeat(43))
        }) {
            Reply reply = sendAuthorized("GET", "/zones.json", authorization, null, null);
            assertEquals(401, reply.status(), authorization);
            assertEquals("error", reply.json().get("status"));
            assertEquals("Unauthorized: invalid API key.", reply.description());
        }
    }

    @Test
    void aBodyOver64KbIs413() {
        String body = "name=big&type=push&pad=" + "x".repeat(64 * 1024);
        Reply reply = send("POST", "/zones.json", alice.key(), FORM, body);
        assertEquals(413, reply.status());
        assertEquals("error", reply.json().get("status"));
        assertEquals("Maximum body size is 64 KB.", reply.description());
        assertEquals(
                List.of(), send("GET", "/zones.json", alice.key(), null, null).zones());
    }

    @Test
    void sixtyAWindowThen429WithTheHeadersInTheSeedsCase() {
        for (int i = 1; i <= 60; i++) {
            Reply reply = send("GET", "/zones.json", alice.key(), null, null);
            assertEquals(200, reply.status());
            assertEquals("60", reply.header("X-Rate-Limit-Limit"));
            assertEquals(Integer.toString(60 - i), reply.header("X-Rate-Limit-Remaining"));
        }
        Reply limited = send("GET", "/zones.json", alice.key(), null, null);
        assertEquals(429, limited.status());
        assertEquals("error", limited.json().get("status"));
        assertEquals("0", limited.header("X-Rate-Limit-Remaining"));
        assertEquals(200, send("GET", "/zones.json", bob.key(), null, null).status());
    }

    /** The header names on the wire, byte for byte: a KeyCDN client looks them up as written. */
    @Test
    void theRateLimitHeaderNamesOnTheWireAreExactlyAsTheSeedWritesThem() throws IOException {
        String head;
        try (Socket socket =
                new Socket("127.0.0.1", URI.create(gateway.baseUrl()).getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /zones.json HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + basic(alice.key())
                            + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String all = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            head = all.substring(0, all.indexOf("\r\n\r\n") + 2);
        }
        assertTrue(head.startsWith("HTTP/1.1 200"), head);
        assertTrue(head.contains("\r\nX-Rate-Limit-Limit: 60\r\n"), head);
        assertTrue(head.contains("\r\nX-Rate-Limit-Remaining: 59\r\n"), head);
        assertFalse(head.toLowerCase().contains("x-ratelimit"), head);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(Reply reply, String field) {
        return (Map<String, Object>) ((Map<String, Object>) reply.json().get("data")).get(field);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> listed(Reply reply, String field) {
        return (List<Map<String, Object>>) ((Map<String, Object>) reply.json().get("data")).get(field);
    }

    @Test
    void theZoneAliasLifecycleAsTheSeedsCurlExamples() {
        String zone = addPull(alice, "aliased");
        String host = "cdnpull-" + System.nanoTime() + ".example.com";
        Reply added = send("POST", "/zonealiases.json", alice.key(), FORM, "name=" + host + "&zone_id=" + zone);
        assertEquals(200, added.status(), added.text());
        assertEquals("Zone Alias successfully added.", added.description());
        String id = (String) data(added, "zonealias").get("id");
        assertEquals(
                List.of("id", "name", "zone_id"),
                List.copyOf(data(added, "zonealias").keySet()));
        assertEquals(Map.of("id", id, "name", host, "zone_id", zone), data(added, "zonealias"));

        Reply list = send("GET", "/zonealiases.json", alice.key(), null, null);
        assertEquals(200, list.status(), list.text());
        assertEquals(List.of(Map.of("id", id, "zone_id", zone, "name", host)), listed(list, "zonealiases"));
        assertEquals(
                List.of("id", "zone_id", "name"),
                List.copyOf(listed(list, "zonealiases").get(0).keySet()));
        assertEquals(List.of(), listed(send("GET", "/zonealiases.json", bob.key(), null, null), "zonealiases"));

        String renamed = "cdn-pull-" + System.nanoTime() + ".example.com";
        Reply edited =
                send("PUT", "/zonealiases/" + id + ".json", alice.key(), FORM, "name=" + renamed + "&zone_id=" + zone);
        assertEquals(200, edited.status(), edited.text());
        assertEquals("Zone Alias successfully changed.", edited.description());
        assertEquals(renamed, data(edited, "zonealias").get("name"));
        Reply posted = send(
                "POST", "/zonealiases/" + id + ".json", alice.key(), "application/json", "{\"name\":\"" + host + "\"}");
        assertEquals(200, posted.status(), posted.text());
        assertEquals(host, data(posted, "zonealias").get("name"));

        String bobZone = addPull(bob, "bobs");
        Reply taken = send("POST", "/zonealiases.json", bob.key(), FORM, "name=" + host + "&zone_id=" + bobZone);
        assertEquals(400, taken.status());
        assertEquals(host + " is already in use.", taken.description());
        Reply notTheirs = send("DELETE", "/zonealiases/" + id + ".json", bob.key(), null, null);
        assertEquals(404, notTheirs.status());
        assertEquals("The requested item does not exist.", notTheirs.description());
        Reply otherZone = send("POST", "/zonealiases.json", bob.key(), FORM, "name=x" + host + "&zone_id=" + zone);
        assertEquals(403, otherZone.status());

        Reply deleted = send("DELETE", "/zonealiases/" + id + ".json", alice.key(), null, null);
        assertEquals(200, deleted.status(), deleted.text());
        assertEquals(
                "{\"status\":\"success\",\"description\":\"Zone Alias successfully deleted.\",\"data\":[]}",
                deleted.text());
        Reply freed = send("POST", "/zonealiases.json", bob.key(), FORM, "name=" + host + "&zone_id=" + bobZone);
        assertEquals(200, freed.status(), freed.text());
    }

    @Test
    void theZoneReferrerLifecycleAsTheSeedsCurlExamples() {
        String zone = addPull(alice, "referred");
        Reply added = send("POST", "/zonereferrers.json", alice.key(), FORM, "name=example.com&zone_id=" + zone);
        assertEquals(200, added.status(), added.text());
        assertEquals("Zone Referrer successfully added.", added.description());
        String id = (String) data(added, "zonereferrer").get("id");
        assertEquals(Map.of("id", id, "name", "example.com", "zone_id", zone), data(added, "zonereferrer"));
        assertEquals(
                List.of("id", "name", "zone_id"),
                List.copyOf(data(added, "zonereferrer").keySet()));

        Reply list = send("GET", "/zonereferrers.json?", alice.key(), null, null);
        assertEquals(200, list.status(), list.text());
        assertEquals(List.of(Map.of("id", id, "zone_id", zone, "name", "example.com")), listed(list, "zonereferrers"));

        Reply edited =
                send("PUT", "/zonereferrers/" + id + ".json", alice.key(), FORM, "name=example.net&zone_id=" + zone);
        assertEquals(200, edited.status(), edited.text());
        assertEquals("Zone Referrer successfully changed.", edited.description());
        assertEquals("example.net", data(edited, "zonereferrer").get("name"));
        Reply posted = send("POST", "/zonereferrers/" + id + ".json", alice.key(), FORM, "name=*.example.org");
        assertEquals("*.example.org", data(posted, "zonereferrer").get("name"));

        assertEquals(
                404,
                send("PUT", "/zonereferrers/" + id + ".json", bob.key(), FORM, "name=x.example.com")
                        .status());
        Reply bad = send("POST", "/zonereferrers.json", alice.key(), FORM, "name=example.com");
        assertEquals(400, bad.status());
        assertEquals("Missing required parameter: zone_id.", bad.description());

        Reply deleted = send("DELETE", "/zonereferrers/" + id + ".json", alice.key(), null, null);
        assertEquals(200, deleted.status(), deleted.text());
        assertEquals("Zone Referrer successfully deleted.", deleted.description());
        assertEquals(List.of(), listed(send("GET", "/zonereferrers.json", alice.key(), null, null), "zonereferrers"));
    }

    @Test
    void deletingAZoneTakesItsAliasesAndReferrersWithIt() {
        String zone = addPull(alice, "takesall");
        String host = "takes-" + System.nanoTime() + ".example.com";
        assertEquals(
                200,
                send("POST", "/zonealiases.json", alice.key(), FORM, "name=" + host + "&zone_id=" + zone)
                        .status());
        assertEquals(
                200,
                send("POST", "/zonereferrers.json", alice.key(), FORM, "name=example.com&zone_id=" + zone)
                        .status());
        assertEquals(
                200,
                send("DELETE", "/zones/" + zone + ".json", alice.key(), null, null)
                        .status());
        assertEquals(List.of(), listed(send("GET", "/zonealiases.json", alice.key(), null, null), "zonealiases"));
        assertEquals(List.of(), listed(send("GET", "/zonereferrers.json", alice.key(), null, null), "zonereferrers"));
        String bobZone = addPull(bob, "claims");
        assertEquals(
                200,
                send("POST", "/zonealiases.json", bob.key(), FORM, "name=" + host + "&zone_id=" + bobZone)
                        .status());
    }

    /**
     * A custom certificate as curl sends it ({@code --data-urlencode}): checked at the functions' clock (a
     * certificate valid today has expired by then), the key sealed and never answered, dropped on switching back.
     */
    @Test
    void aCustomCertificateIsCheckedAtTheFunctionsClockAndItsKeyNeverAnswered() {
        Instant now = clock.instant();
        TestCertificates.Issued issued = TestCertificates.issue(
                TestCertificates.keys(TestCertificates.Algorithm.RSA),
                "www.example.test",
                null,
                now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(90)),
                false);
        TestCertificates.Issued today = TestCertificates.issue(
                issued.keys(),
                "www.example.test",
                null,
                Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(90)),
                false);
        String key = issued.traditionalPem();
        String keyLine = key.lines().skip(1).findFirst().orElseThrow();

        Reply expired = send(
                "POST",
                "/zones.json",
                alice.key(),
                FORM,
                "name=secure&type=push&sslcert=custom&customsslkey=" + urlencode(key) + "&customsslcert="
                        + urlencode(today.certPem()));
        assertEquals(400, expired.status(), expired.text());
        assertEquals("Invalid parameter customsslcert: the certificate has expired.", expired.description());
        assertEquals(
                List.of(), send("GET", "/zones.json", alice.key(), null, null).zones());

        Reply added = send(
                "POST",
                "/zones.json",
                alice.key(),
                FORM,
                "name=secure&type=push&sslcert=custom&customsslkey=" + urlencode(key) + "&customsslcert="
                        + urlencode(issued.certPem()));
        assertEquals(200, added.status(), added.text());
        assertEquals("custom", added.zone().get("sslcert"));
        assertTrue(added.zone().containsKey("customsslkey"));
        assertEquals(null, added.zone().get("customsslkey"));
        assertEquals(issued.certPem().strip(), added.zone().get("customsslcert"));
        String id = (String) added.zone().get("id");
        Reply viewed = send("GET", "/zones/" + id + ".json", alice.key(), null, null);
        assertEquals("custom", viewed.zone().get("sslcert"));
        for (Reply reply : List.of(added, viewed, send("GET", "/zones.json", alice.key(), null, null))) {
            assertFalse(reply.text().contains("PRIVATE KEY"), reply.text());
            assertFalse(reply.text().contains(keyLine), reply.text());
        }

        Reply back = send("PUT", "/zones/" + id + ".json", alice.key(), FORM, "sslcert=shared");
        assertEquals(200, back.status(), back.text());
        assertEquals("shared", back.zone().get("sslcert"));
        assertEquals(null, back.zone().get("customsslcert"));
    }

    private static String urlencode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
