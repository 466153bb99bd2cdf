package nimbus.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import nimbus.local.kit.LocalAws;
import nimbus.local.kit.LocalEdge;
import nimbus.local.kit.MultipartBody;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.Settings;
import nimbus.shared.http.Json;
import nimbus.shared.usage.AccessLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Traffic through the local edge becomes usage: the edge writes CloudFront standard logs into the logs bucket, the
 * gateway hands each new object to the log-ingest function (as S3's notification would), and the KeyCDN, ResCDN and
 * Aether reports then show exactly what the logs hold for each zone or file.
 */
class DeliveryUsageEndToEndTest {
    private static final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static LocalEdge edge;
    private static EdgeHttp viewer;
    private static Gateway gateway;
    private static TestOrigin origin;
    private static String originUrl;

    @BeforeAll
    static void start() throws Exception {
        LocalAws aws = LocalAws.shared();
        edge = LocalEdge.start(aws, 0, Map.of("NIMBUS_EDGE_CONFIG_TTL_MS", "200"), null)
                .routeCloudFrontHere();
        viewer = new EdgeHttp(edge);
        gateway = Gateway.start(aws.template(), TestStack.containersWith(), 0);
        origin = new TestOrigin();
        originUrl = origin.url();
    }

    @AfterAll
    static void stop() {
        if (origin != null) origin.close();
        if (gateway != null) gateway.close();
        if (edge != null) edge.close();
    }

    /** What the logs bucket holds for a host (and, when given, a path prefix): requests, bytes, hits, misses, 2xx. */
    private record Logged(long requests, long bytes, long hits, long misses, long successes, long errors) {}

    private static Logged logged(String host, String pathPrefix) throws Exception {
        S3Client s3 = TestStack.context().getBean(S3Client.class);
        String bucket = LocalAws.shared().resources().physicalName("LogsBucket");
        List<AccessLog.Line> lines = new ArrayList<>();
        for (var object :
                s3.listObjectsV2Paginator(l -> l.bucket(bucket).prefix("cdn/")).contents()) {
            try (var in = new BufferedReader(new InputStreamReader(
                    new GZIPInputStream(s3.getObject(g -> g.bucket(bucket).key(object.key()))),
                    StandardCharsets.UTF_8))) {
                AccessLog.read(in, line -> {
                    if (line.host().equals(host) && line.uriStem().startsWith(pathPrefix)) lines.add(line);
                });
            }
        }
        return new Logged(
                lines.size(),
                lines.stream().mapToLong(AccessLog.Line::bytes).sum(),
                lines.stream().filter(AccessLog.Line::hit).count(),
                lines.stream().filter(AccessLog.Line::miss).count(),
                lines.stream()
                        .filter(l -> l.status() / 100 == 2 || l.status() / 100 == 3)
                        .count(),
                lines.stream().filter(l -> l.status() >= 400).count());
    }

    private static Map<String, Object> api(String method, String path, String header, String value, String json)
            throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path)).header(header, value);
        if (json != null) {
            request.header("Content-Type", "application/json").method(method, BodyPublishers.ofString(json));
        } else {
            request.method(method, BodyPublishers.noBody());
        }
        var response = http.send(request.build(), BodyHandlers.ofByteArray());
        assertTrue(
                response.statusCode() < 300,
                response.statusCode() + " " + new String(response.body(), StandardCharsets.UTF_8));
        return Json.parseObject(response.body());
    }

    /** Asks until the answer is {@code done}: logs reach the counters a moment after the flush. */
    private static Map<String, Object> await(String what, Predicate<Map<String, Object>> done, Callable call)
            throws Exception {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (true) {
            Map<String, Object> answer = call.get();
            if (done.test(answer)) return answer;
            assertTrue(Instant.now().isBefore(deadline), what + " within " + DEADLINE + "; last " + answer);
            Thread.sleep(200);
        }
    }

    private interface Callable {
        Map<String, Object> get() throws Exception;
    }

    private static long sum(List<Map<String, Object>> rows, String field) {
        return rows.stream()
                .mapToLong(r -> Long.parseLong(String.valueOf(r.get(field))))
                .sum();
    }

    @Test
    @SuppressWarnings("unchecked")
    void keyCdnReportsShowTheZonesCountedTraffic() throws Exception {
        TestAccount owner = Accounts.keyCdn();
        String basic = KeyCdnEndToEndTest.basic(owner.key());
        Map<String, Object> zone = (Map<String, Object>) ((Map<String, Object>) api(
                                "POST",
                                "/zones.json",
                                "Authorization",
                                basic,
                                "{\"name\":\"usagepull\",\"type\":\"pull\",\"originurl\":\"" + originUrl + "\"}")
                        .get("data"))
                .get("zone");
        String id = (String) zone.get("id");
        String host = "usagepull-" + Long.toHexString(Long.parseLong(id)) + "." + Settings.zoneDomain();
        viewer.await("the zone served", r -> r.status() == 200, host, "/site.css");
        viewer.get(host, "/site.css");
        viewer.get(host, "/site.css");
        edge.flushLogs();
        Logged logged = logged(host, "/");
        assertTrue(logged.hits() >= 2 && logged.misses() >= 1, logged.toString());

        long start = Instant.now().getEpochSecond() - 7200;
        long end = Instant.now().getEpochSecond();
        String range = "?zone_id=" + id + "&start=" + start + "&end=" + end;
        Map<String, Object> traffic = await(
                "the traffic report to count the logs",
                a -> sum((List<Map<String, Object>>) ((Map<String, Object>) a.get("data")).get("stats"), "amount")
                        == logged.bytes(),
                () -> api("GET", "/reports/traffic.json" + range, "Authorization", basic, null));
        assertTrue(logged.bytes() > 3 * "origin says /site.css".length(), "bytes sent, headers and body: " + traffic);

        List<Map<String, Object>> states = (List<Map<String, Object>>)
                ((Map<String, Object>) api("GET", "/reports/statestats.json" + range, "Authorization", basic, null)
                                .get("data"))
                        .get("stats");
        assertEquals(logged.hits(), sum(states, "totalcachehit"));
        assertEquals(logged.misses(), sum(states, "totalcachemiss"));
        assertEquals(logged.successes(), sum(states, "totalsuccess"));
        assertEquals(logged.errors(), sum(states, "totalerror"));
    }

    @Test
    void resCdnUsageShowsTheAccountsRequestsBytesAndHitRate() throws Exception {
        TestAccount owner = Accounts.resCdn(Set.of("zones:read", "zones:write", "usage:read"));
        Map<String, Object> zone = api(
                "POST",
                "/v1/zones",
                "X-ResCDN-Key",
                owner.key(),
                "{\"name\":\"usage-res\",\"origin\":\"" + originUrl + "\"}");
        String host = (String) zone.get("subdomain");
        viewer.await("the zone served", r -> r.status() == 200, host, "/app.css");
        viewer.get(host, "/app.css");
        viewer.get(host, "/other.css");
        edge.flushLogs();
        Logged logged = logged(host, "/");
        Map<String, Object> usage = await(
                "the usage to count the logs",
                u -> ((Number) u.get("requests")).longValue() == logged.requests(),
                () -> api("GET", "/v1/usage", "X-ResCDN-Key", owner.key(), null));
        assertEquals(logged.bytes(), ((Number) usage.get("bandwidth_bytes")).longValue());
        assertEquals(
                (double) logged.hits() / (logged.hits() + logged.misses()),
                ((Number) usage.get("cache_hit_rate")).doubleValue(),
                0.001);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aetherBandwidthIsWhatTheFilesHostSentForTheAccountsFiles() throws Exception {
        TestAccount owner = Accounts.aether(Set.of("files:read", "files:write", "user:read"));
        MultipartBody body =
                new MultipartBody().file("file", "tiny.txt", "text/plain", "tiny".getBytes(StandardCharsets.UTF_8));
        var uploaded = http.send(
                HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/api/v1/files/upload"))
                        .header("Authorization", "Bearer " + owner.key())
                        .header("Content-Type", body.contentType())
                        .POST(BodyPublishers.ofByteArray(body.bytes()))
                        .build(),
                BodyHandlers.ofByteArray());
        assertEquals(201, uploaded.statusCode());
        URI url = URI.create((String)
                ((Map<String, Object>) Json.parseObject(uploaded.body()).get("file")).get("url"));
        assertEquals(200, viewer.get(url.getHost(), url.getRawPath()).status());
        edge.flushLogs();
        String fileId = url.getRawPath().split("/")[1];
        Logged logged = logged(url.getHost(), "/" + fileId + "/");
        assertEquals(1, logged.requests());
        assertTrue(logged.bytes() < 1024, "one small answer, so the report says it in bytes: " + logged);
        await(
                "the stats to count the download",
                s -> (logged.bytes() + " B").equals(((Map<String, Object>) s.get("stats")).get("bandwidthUsed")),
                () -> api("GET", "/api/v1/user/stats", "Authorization", "Bearer " + owner.key(), null));
    }
}
