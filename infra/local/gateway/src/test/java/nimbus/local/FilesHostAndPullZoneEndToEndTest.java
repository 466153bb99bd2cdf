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
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import nimbus.local.EdgeHttp.Reply;
import nimbus.local.kit.LocalAws;
import nimbus.local.kit.LocalEdge;
import nimbus.local.kit.MultipartBody;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.Settings;
import nimbus.shared.http.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local edge with the handlers of branch edgefns (the files host and origin-request): uploads made through Hack
 * Club v4 and Aether come back byte for byte from the files host, and a KeyCDN pull zone fetches from its origin
 * (X-Pull, the origin's Host), caches, and misses again after a purge.
 * {@code -Dnimbus.edge.handlers=/path/to/functions/edge} runs it against another handlers directory before the merge.
 */
class FilesHostAndPullZoneEndToEndTest {
    private static final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static LocalEdge edge;
    private static EdgeHttp viewer;
    private static Gateway gateway;
    private static TestOrigin origin;

    @BeforeAll
    static void start() throws Exception {
        LocalAws aws = LocalAws.shared();
        Map<String, String> env = new HashMap<>(Map.of("NIMBUS_EDGE_CONFIG_TTL_MS", "200"));
        String handlers = System.getProperty("nimbus.edge.handlers");
        if (handlers != null) env.put("NIMBUS_EDGE_HANDLERS", handlers);
        edge = LocalEdge.start(aws, 0, env, null).routeCloudFrontHere();
        viewer = new EdgeHttp(edge);
        gateway = Gateway.start(aws.template(), TestStack.containersWith(), 0);
        origin = new TestOrigin();
    }

    @AfterAll
    static void stop() {
        if (origin != null) origin.close();
        if (gateway != null) gateway.close();
        if (edge != null) edge.close();
    }

    private static Map<String, Object> upload(String path, String authorization, String filename, byte[] data)
            throws Exception {
        MultipartBody body = new MultipartBody().file("file", filename, "application/octet-stream", data);
        var response = http.send(
                HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                        .header("Authorization", authorization)
                        .header("Content-Type", body.contentType())
                        .POST(BodyPublishers.ofByteArray(body.bytes()))
                        .build(),
                BodyHandlers.ofByteArray());
        assertEquals(201, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        return Json.parseObject(response.body());
    }

    /** The file URL's host and path, fetched through the edge: the same bytes, a Miss and then a Hit. */
    private static void assertServedTwice(String url, byte[] expected) throws Exception {
        URI uri = URI.create(url);
        assertEquals(URI.create(Settings.cdnBaseUrl()).getHost(), uri.getHost(), "file URLs point at the files host");
        Reply first = viewer.await("the file served", r -> r.status() == 200, uri.getHost(), uri.getRawPath());
        assertArrayEquals(expected, first.body());
        assertEquals("*", first.header("Access-Control-Allow-Origin"));
        Reply second = viewer.get(uri.getHost(), uri.getRawPath());
        assertEquals("Hit from cloudfront", second.xCache());
        assertArrayEquals(expected, second.body());
    }

    @Test
    void hackClubAndAetherUploadsComeBackByteForByteFromTheFilesHost() throws Exception {
        byte[] data = new byte[300_000];
        new Random(11).nextBytes(data);
        TestAccount hackClub = Accounts.hackClub();
        Map<String, Object> hc = upload("/api/v4/upload", "Bearer " + hackClub.key(), "photo é.bin", data);
        assertServedTwice((String) hc.get("url"), data);

        TestAccount aether = Accounts.aether(Set.of("files:read", "files:write"));
        @SuppressWarnings("unchecked")
        Map<String, Object> file =
                (Map<String, Object>) upload("/api/v1/files/upload", "Bearer " + aether.key(), "report.pdf", data)
                        .get("file");
        assertServedTwice((String) file.get("url"), data);

        String filesHost = URI.create(Settings.cdnBaseUrl()).getHost();
        assertEquals(404, viewer.get(filesHost, "/not-a-file-id/x").status());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aKeyCdnPullZoneFetchesFromItsOriginCachesAndMissesAfterAPurge() throws Exception {
        TestAccount owner = Accounts.keyCdn();
        String basic = KeyCdnEndToEndTest.basic(owner.key());
        String originUrl = origin.url();
        var added = http.send(
                HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/zones.json"))
                        .header("Authorization", basic)
                        .header("Content-Type", "application/json")
                        .POST(BodyPublishers.ofString("{\"name\":\"edgepull\",\"type\":\"pull\",\"originurl\":\""
                                + originUrl + "\",\"cachexpullkey\":\"pullsecret\"}"))
                        .build(),
                BodyHandlers.ofByteArray());
        assertEquals(200, added.statusCode(), new String(added.body(), StandardCharsets.UTF_8));
        Map<String, Object> zone = (Map<String, Object>)
                ((Map<String, Object>) Json.parseObject(added.body()).get("data")).get("zone");
        String id = (String) zone.get("id");
        String host = "edgepull-" + Long.toHexString(Long.parseLong(id)) + "." + Settings.zoneDomain();

        Reply first = viewer.await("the pull zone served", r -> r.status() == 200, host, "/css/a.css");
        assertEquals("origin says /css/a.css", first.text());
        Map<String, String> seen = origin.requests.get(origin.requests.size() - 1);
        assertEquals("/css/a.css", seen.get("path"));
        assertEquals("pullsecret", seen.get("x-pull"));
        assertEquals("127.0.0.1:" + origin.port(), seen.get("host"));
        int fetched = origin.requests.size();
        Reply second = viewer.get(host, "/css/a.css");
        assertEquals("Hit from cloudfront", second.xCache());
        assertEquals(fetched, origin.requests.size(), "a hit does not reach the origin");

        var purged = http.send(
                HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/zones/purge/" + id + ".json"))
                        .header("Authorization", basic)
                        .build(),
                BodyHandlers.ofString());
        assertEquals(200, purged.statusCode(), purged.body());
        viewer.await("the purge to reach the edge", r -> "Miss from cloudfront".equals(r.xCache()), host, "/css/a.css");
        assertTrue(origin.requests.size() > fetched, "the miss went to the origin again");

        // a tag purge clears the whole zone (CloudFront has no tags; docs/keycdn.md)
        assertEquals("Hit from cloudfront", viewer.get(host, "/css/a.css").xCache());
        Thread.sleep(1100); // KeyCDN allows one purge a second per key
        var tagged = http.send(
                HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/zones/purgetag/" + id + ".json"))
                        .header("Authorization", basic)
                        .header("Content-Type", "application/json")
                        .method("DELETE", BodyPublishers.ofString("{\"tags\":[\"styles\"]}"))
                        .build(),
                BodyHandlers.ofString());
        assertEquals(200, tagged.statusCode(), tagged.body());
        viewer.await(
                "the tag purge to reach the edge", r -> "Miss from cloudfront".equals(r.xCache()), host, "/css/a.css");
    }

    /**
     * A download too big for a Lambda response is a redirect to the files host with a short grant, not to S3: a client
     * that forwards its Authorization header on redirects (as many do) still gets the file, as an attachment.
     */
    @Test
    @SuppressWarnings("unchecked")
    void aLargeAetherDownloadRedirectsToTheEdgeAndWorksWithTheKeyForwarded() throws Exception {
        System.setProperty("NIMBUS_INLINE_DOWNLOAD_MAX_BYTES", "1024");
        try {
            byte[] data = new byte[200_000];
            new Random(5).nextBytes(data);
            TestAccount aether = Accounts.aether(Set.of("files:read", "files:write"));
            String auth = "Bearer " + aether.key();
            Map<String, Object> file = (Map<String, Object>)
                    upload("/api/v1/files/upload", auth, "big.bin", data).get("file");
            var redirect = http.send(
                    HttpRequest.newBuilder(
                                    URI.create(gateway.baseUrl() + "/api/v1/files/" + file.get("id") + "/download"))
                            .header("Authorization", auth)
                            .build(),
                    BodyHandlers.ofByteArray());
            assertEquals(302, redirect.statusCode());
            URI location = URI.create(redirect.headers().firstValue("Location").orElseThrow());
            assertEquals(URI.create(Settings.cdnBaseUrl()).getHost(), location.getHost(), "to the edge, not to S3");
            assertTrue(location.getRawQuery().startsWith("grant="), location.toString());

            // the files host's grant key reaches the edge with its config document, published a moment after it is made
            Reply got = viewer.await(
                    "the files host's config",
                    r -> r.status() != 403,
                    location.getHost(),
                    location.getRawPath() + "?" + location.getRawQuery(),
                    "Authorization",
                    auth);
            assertEquals(200, got.status(), got.text());
            assertArrayEquals(data, got.body());
            assertTrue(got.header("Content-Disposition").startsWith("attachment"), got.header("Content-Disposition"));

            String query = location.getRawQuery();
            char last = query.charAt(query.length() - 1);
            String tampered = query.substring(0, query.length() - 1) + (last == 'A' ? 'B' : 'A');
            assertEquals(
                    403,
                    viewer.get(location.getHost(), location.getRawPath() + "?" + tampered)
                            .status());
        } finally {
            System.clearProperty("NIMBUS_INLINE_DOWNLOAD_MAX_BYTES");
        }
    }
}
