package nimbus.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import nimbus.local.EdgeHttp.Reply;
import nimbus.local.kit.LocalAws;
import nimbus.local.kit.LocalEdge;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.Settings;
import nimbus.shared.http.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.Invalidation;
import software.amazon.awssdk.services.cloudfront.model.InvalidationSummary;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The local edge (infra/local/edge/server.js) over real HTTP, in front of moto and the local gateway: zones made with
 * the KeyCDN API are served through the real Lambda@Edge handlers, cached (X-Cache, Age), purged by the purge worker
 * through the edge's CloudFront invalidation API, and logged in CloudFront's standard format. The Host header picks
 * the zone (the surefire configuration allows Java's HTTP client to set it). Waits are deadlines, never timing
 * assertions.
 */
class LocalEdgeEndToEndTest {
    private static final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static LocalEdge edge;
    private static Gateway gateway;

    @BeforeAll
    static void start() {
        LocalAws aws = LocalAws.shared();
        edge = LocalEdge.start(
                        aws,
                        0,
                        Map.of("NIMBUS_EDGE_CONFIG_TTL_MS", "200", "NIMBUS_EDGE_LOG_INTERVAL_MS", "600000"),
                        null)
                .routeCloudFrontHere();
        System.out.printf("[local edge] started in %d ms%n", edge.startupMillis());
        gateway = Gateway.start(aws.template(), TestStack.containersWith(), 0);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) gateway.close();
        if (edge != null) edge.close();
    }

    private final TestAccount owner = Accounts.keyCdn();

    static Reply edgeGet(String host, String pathAndQuery, String... headers) throws Exception {
        return new EdgeHttp(edge).get(host, pathAndQuery, headers);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> api(String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .method(method, json == null ? BodyPublishers.noBody() : BodyPublishers.ofString(json))
                .header("Authorization", KeyCdnEndToEndTest.basic(owner.key()));
        if (json != null) request.header("Content-Type", "application/json");
        var response = http.send(request.build(), BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), method + " " + path + ": " + response.body());
        return (Map<String, Object>) Json.parseObject(response.body().getBytes(StandardCharsets.UTF_8))
                .get("data");
    }

    record PushZone(String id, String host) {}

    /**
     * A push zone made over the KeyCDN API with these settings (a JSON object's members, or null) from the start, so
     * the edge never serves (and caches) it without them.
     */
    @SuppressWarnings("unchecked")
    private PushZone pushZone(String name, String settingsMembers) throws Exception {
        String settings = settingsMembers == null ? "" : "," + settingsMembers;
        Map<String, Object> zone = (Map<String, Object>)
                api("POST", "/zones.json", "{\"name\":\"" + name + "\",\"type\":\"push\"" + settings + "}")
                        .get("zone");
        String id = (String) zone.get("id");
        String host = name + "-" + Long.toHexString(Long.parseLong(id)) + "." + Settings.zoneDomain();
        return new PushZone(id, host);
    }

    /** Puts a push zone's object where the edge's S3 origin finds it: key {zoneId}/{path}. */
    private static void putObject(PushZone zone, String path, String contentType, byte[] bytes) {
        TestStack.context()
                .getBean(S3Client.class)
                .putObject(
                        p -> p.bucket(Settings.assetsBucket())
                                .key(zone.id() + path)
                                .contentType(contentType),
                        RequestBody.fromBytes(bytes));
    }

    private static Reply awaitReply(String what, Predicate<Reply> done, String host, String path, String... headers)
            throws Exception {
        return new EdgeHttp(edge).await(what, done, host, path, headers);
    }

    @Test
    void aPushZoneObjectIsAMissThenAHitWithAgeAndTheSameBytes() throws Exception {
        PushZone zone = pushZone("edgehit", "\"cors\":\"enabled\"");
        byte[] bytes = new byte[70_000];
        new java.util.Random(7).nextBytes(bytes);
        putObject(zone, "/img/a.png", "image/png", bytes);
        Reply first = awaitReply(
                "the zone served (cors applied)",
                r -> r.status() == 200 && "*".equals(r.header("Access-Control-Allow-Origin")),
                zone.host(),
                "/img/a.png");
        assertArrayEquals(bytes, first.body());
        Reply second = edgeGet(zone.host(), "/img/a.png");
        assertEquals("Hit from cloudfront", second.xCache());
        assertNotNull(second.header("Age"));
        assertArrayEquals(bytes, second.body());
        assertEquals("image/png", second.header("Content-Type"));

        // another query string is another cache entry
        assertEquals(
                "Miss from cloudfront", edgeGet(zone.host(), "/img/a.png?v=2").xCache());

        // a range is served from the cached object
        Reply range = edgeGet(zone.host(), "/img/a.png", "Range", "bytes=10-19");
        assertEquals(206, range.status());
        assertEquals("bytes 10-19/70000", range.header("Content-Range"));
        assertArrayEquals(Arrays.copyOfRange(bytes, 10, 20), range.body());
        assertEquals("Hit from cloudfront", range.xCache());

        // a conditional GET with the current ETag
        assertEquals(
                304,
                edgeGet(zone.host(), "/img/a.png", "If-None-Match", second.header("ETag"))
                        .status());

        Reply missing = edgeGet(zone.host(), "/img/none.png");
        assertEquals(404, missing.status());
        assertEquals(
                404, edgeGet("nozone-" + System.nanoTime() + ".localhost", "/x").status());
    }

    @Test
    void aKeyCdnPurgeOfTheZoneAndOfAUrlMakesTheNextFetchAMiss() throws Exception {
        PushZone zone = pushZone("edgepurge", null);
        putObject(zone, "/css/site.css", "text/css", "body{}".getBytes(StandardCharsets.UTF_8));
        putObject(zone, "/js/app.js", "application/javascript", "1;".getBytes(StandardCharsets.UTF_8));
        awaitReply("the zone served", r -> r.status() == 200, zone.host(), "/css/site.css");
        edgeGet(zone.host(), "/js/app.js");
        assertEquals(
                "Hit from cloudfront", edgeGet(zone.host(), "/css/site.css").xCache());
        assertEquals("Hit from cloudfront", edgeGet(zone.host(), "/js/app.js").xCache());

        api("DELETE", "/zones/purgeurl/" + zone.id() + ".json", "{\"urls\":[\"" + zone.host() + "/css/site.css\"]}");
        awaitReply(
                "the URL purge to reach the edge",
                r -> "Miss from cloudfront".equals(r.xCache()),
                zone.host(),
                "/css/site.css");
        assertEquals("Hit from cloudfront", edgeGet(zone.host(), "/js/app.js").xCache(), "only the URL purged");

        Thread.sleep(1100); // KeyCDN allows one purge a second per key
        api("GET", "/zones/purge/" + zone.id() + ".json", null);
        awaitReply(
                "the zone purge to reach the edge",
                r -> "Miss from cloudfront".equals(r.xCache()),
                zone.host(),
                "/js/app.js");
    }

    @Test
    void theZoneRulesAnswerThroughTheEdge() throws Exception {
        PushZone bots = pushZone("edgebots", "\"blockbadbots\":\"enabled\"");
        putObject(bots, "/a.txt", "text/plain", "a".getBytes(StandardCharsets.UTF_8));
        awaitReply(
                "bad bots refused",
                r -> r.status() == 451,
                bots.host(),
                "/a.txt",
                "User-Agent",
                "Mozilla/5.0 (compatible; AhrefsBot/7.0)");
        assertEquals(
                "LambdaGeneratedResponse from cloudfront",
                edgeGet(bots.host(), "/a.txt", "User-Agent", "AhrefsBot").xCache());
        assertEquals(200, edgeGet(bots.host(), "/a.txt", "User-Agent", "curl/8").status());

        PushZone referred = pushZone("edgeref", null);
        putObject(referred, "/a.txt", "text/plain", "a".getBytes(StandardCharsets.UTF_8));
        api("POST", "/zonereferrers.json", "{\"zone_id\":\"" + referred.id() + "\",\"name\":\"example.net\"}");
        awaitReply(
                "another site's referrer refused",
                r -> r.status() == 403,
                referred.host(),
                "/a.txt",
                "Referer",
                "https://evil.example/page");
        assertEquals(
                200,
                edgeGet(referred.host(), "/a.txt", "Referer", "https://example.net/page")
                        .status());

        String secret = "s3cret" + (System.nanoTime() % 1000);
        PushZone tokened = pushZone("edgetoken", "\"securetoken\":\"enabled\",\"securetokenkey\":\"" + secret + "\"");
        putObject(tokened, "/f.bin", "application/octet-stream", new byte[] {1, 2, 3});
        awaitReply("no token refused", r -> r.status() == 403, tokened.host(), "/f.bin");
        long future = Instant.now().getEpochSecond() + 3600;
        long past = Instant.now().getEpochSecond() - 10;
        Reply good = edgeGet(tokened.host(), "/f.bin?token=" + token("/f.bin", secret, future) + "&expire=" + future);
        assertEquals(200, good.status(), good.text());
        assertArrayEquals(new byte[] {1, 2, 3}, good.body());
        assertEquals(
                410,
                edgeGet(tokened.host(), "/f.bin?token=" + token("/f.bin", secret, past) + "&expire=" + past)
                        .status());
        assertEquals(
                403,
                edgeGet(tokened.host(), "/f.bin?token=" + token("/f.bin", "wrong", future) + "&expire=" + future)
                        .status());
    }

    /** KeyCDN's secure token: base64url without padding of md5(path + key + expire). */
    private static String token(String path, String key, long expire) throws Exception {
        byte[] md5 = MessageDigest.getInstance("MD5").digest((path + key + expire).getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(md5);
    }

    @Test
    void theInvalidationApiSpeaksCloudFrontsXmlToTheSdk() throws Exception {
        String distribution = LocalAws.distributionId();
        // the SDK's CloudFront-only endpoint setting, as the purge worker gets it
        try (CloudFrontClient cloudFront = CloudFrontClient.builder()
                .region(Region.AWS_GLOBAL)
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            String reference = "edge-test-" + System.nanoTime();
            Invalidation created = cloudFront
                    .createInvalidation(c -> c.distributionId(distribution)
                            .invalidationBatch(b -> b.callerReference(reference)
                                    .paths(p -> p.quantity(2).items("/x/a.css", "/x/img/*"))))
                    .invalidation();
            assertEquals("Completed", created.status());
            assertEquals(
                    List.of("/x/a.css", "/x/img/*"),
                    created.invalidationBatch().paths().items());
            assertNotNull(created.createTime());
            Invalidation again = cloudFront
                    .getInvalidation(g -> g.distributionId(distribution).id(created.id()))
                    .invalidation();
            assertEquals(reference, again.invalidationBatch().callerReference());
            List<InvalidationSummary> listed = cloudFront
                    .listInvalidations(l -> l.distributionId(distribution))
                    .invalidationList()
                    .items();
            assertEquals(created.id(), listed.get(0).id(), "newest first");
            // the same reference again: the same invalidation, as CloudFront answers a retry
            assertEquals(
                    created.id(),
                    cloudFront
                            .createInvalidation(c -> c.distributionId(distribution)
                                    .invalidationBatch(b -> b.callerReference(reference)
                                            .paths(p -> p.quantity(2).items("/x/a.css", "/x/img/*"))))
                            .invalidation()
                            .id());
        }
        var raw = http.send(
                HttpRequest.newBuilder(URI.create(edge.url() + "/2020-05-31/distribution/ENOTOURS/invalidation"))
                        .build(),
                BodyHandlers.ofString());
        assertEquals(404, raw.statusCode());
        assertTrue(raw.body().contains("<Code>NoSuchDistribution</Code>"), raw.body());
    }

    @Test
    void accessLogsAreWrittenInCloudFrontsStandardFormat() throws Exception {
        PushZone zone = pushZone("edgelog", null);
        putObject(zone, "/a b.txt", "text/plain", "logged".getBytes(StandardCharsets.UTF_8));
        Reply served = awaitReply(
                "the zone served",
                r -> r.status() == 200,
                zone.host(),
                "/a%20b.txt?x=1",
                "User-Agent",
                "Nimbus test/1.0 (edge)",
                "Referer",
                "https://example.org/");
        Reply hit = edgeGet(zone.host(), "/a%20b.txt?x=1");
        String keys = edge.flushLogs();
        Map<String, Object> flushed = Json.parseObject(keys.getBytes(StandardCharsets.UTF_8));
        @SuppressWarnings("unchecked")
        List<String> written = (List<String>) flushed.get("keys");
        assertTrue(!written.isEmpty(), keys);
        Map<String, Map<String, String>> byRequestId = new HashMap<>();
        List<String> fields = null;
        S3Client s3 = TestStack.context().getBean(S3Client.class);
        String logsBucket = LocalAws.shared().resources().physicalName("LogsBucket");
        for (String key : written) {
            assertTrue(
                    key.matches("cdn/" + LocalAws.distributionId() + "\\.\\d{4}-\\d{2}-\\d{2}-\\d{2}\\.[0-9a-f]+\\.gz"),
                    key);
            byte[] gz = s3.getObjectAsBytes(g -> g.bucket(logsBucket).key(key)).asByteArray();
            List<String> lines;
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
                lines = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                        .lines()
                        .toList();
            }
            assertEquals("#Version: 1.0", lines.get(0));
            assertTrue(lines.get(1).startsWith("#Fields: "), lines.get(1));
            fields = Arrays.asList(lines.get(1).substring("#Fields: ".length()).split(" "));
            assertEquals(33, fields.size());
            for (String line : lines.subList(2, lines.size())) {
                String[] values = line.split("\t", -1);
                assertEquals(33, values.length, line);
                Map<String, String> row = new HashMap<>();
                for (int i = 0; i < values.length; i++) row.put(fields.get(i), values[i]);
                byRequestId.put(row.get("x-edge-request-id"), row);
            }
        }
        Map<String, String> miss = byRequestId.get(served.header("X-Amz-Cf-Id"));
        assertNotNull(miss, "the first request's line");
        assertEquals("GET", miss.get("cs-method"));
        assertEquals("/a%20b.txt", miss.get("cs-uri-stem"));
        assertEquals("x=1", miss.get("cs-uri-query"));
        assertEquals("200", miss.get("sc-status"));
        assertEquals(zone.host(), miss.get("x-host-header"));
        assertEquals("Miss", miss.get("x-edge-result-type"));
        assertEquals("Nimbus%20test/1.0%20(edge)", miss.get("cs(User-Agent)"));
        assertEquals("https://example.org/", miss.get("cs(Referer)"));
        assertEquals("127.0.0.1", miss.get("c-ip"));
        assertEquals("6", miss.get("sc-content-len"));
        assertTrue(Long.parseLong(miss.get("sc-bytes")) > 6, miss.toString());
        assertTrue(miss.get("date").matches("\\d{4}-\\d{2}-\\d{2}"));
        assertTrue(miss.get("time").matches("\\d{2}:\\d{2}:\\d{2}"));
        assertEquals("-", miss.get("cs(Cookie)"));
        assertEquals("Hit", byRequestId.get(hit.header("X-Amz-Cf-Id")).get("x-edge-result-type"));
    }

    @Test
    void theLauncherSaysSoWhenThePortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            IllegalStateException refused = assertThrows(
                    IllegalStateException.class,
                    () -> LocalEdge.start(LocalAws.shared(), taken.getLocalPort(), Map.of(), null));
            assertTrue(refused.getMessage().contains("already in use"), refused.getMessage());
        }
    }

    /** Not an assertion: the numbers the report quotes (edge startup, hit and miss latency medians). */
    @Test
    void hitAndMissLatency() throws Exception {
        PushZone zone = pushZone("edgebench", null);
        byte[] bytes = new byte[10_000];
        putObject(zone, "/bench.bin", "application/octet-stream", bytes);
        awaitReply("the zone served", r -> r.status() == 200, zone.host(), "/bench.bin");
        int n = 200;
        List<Long> misses = new ArrayList<>();
        List<Long> hits = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            Reply miss = edgeGet(zone.host(), "/bench.bin?v=" + i);
            misses.add(System.nanoTime() - t);
            assertEquals("Miss from cloudfront", miss.xCache());
        }
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            Reply hit = edgeGet(zone.host(), "/bench.bin?v=" + i);
            hits.add(System.nanoTime() - t);
            assertEquals("Hit from cloudfront", hit.xCache());
        }
        misses.sort(Long::compare);
        hits.sort(Long::compare);
        System.out.printf(
                "[local edge] startup %d ms; %d requests of 10 kB each: miss median %.2f ms (p90 %.2f),"
                        + " hit median %.2f ms (p90 %.2f)%n",
                edge.startupMillis(),
                n,
                misses.get(n / 2) / 1e6,
                misses.get(n * 9 / 10) / 1e6,
                hits.get(n / 2) / 1e6,
                hits.get(n * 9 / 10) / 1e6);
    }
}
