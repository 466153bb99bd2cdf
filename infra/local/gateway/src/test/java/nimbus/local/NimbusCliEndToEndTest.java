package nimbus.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import nimbus.cli.Nimbus;
import nimbus.hackclub.HackClubKeys;
import nimbus.local.kit.LocalAws;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.account.QuotaTier;
import nimbus.shared.http.Json;
import nimbus.shared.purge.Purge;
import nimbus.shared.purge.PurgeTable;
import nimbus.shared.zone.Zone;
import nimbus.shared.zone.ZoneKind;
import nimbus.shared.zone.ZoneService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The user tool (cli/nimbus) end to end: {@link Nimbus#run} in-process against the local gateway over HTTP, its
 * parts PUT straight to moto through the presigned URLs. A push of a folder of 200 files, a second push that uploads
 * nothing, a push of one changed file that purges just that path, and {@code --delete}; a large Hack Club upload
 * stopped after one part (the test hook NIMBUS_CLI_STOP_AFTER_PARTS, as a Ctrl-C would) and resumed by running the
 * same command again. KeyCDN's 60 requests a minute would make the 200-file push wait out its windows (the tool
 * does, by Retry-After); the gateway's functions get a higher limit here.
 */
class NimbusCliEndToEndTest {
    private static final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static Gateway gateway;
    private static String previousLimit;

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
        Map<String, Object> json() {
            return Json.parseObject(out.trim().getBytes(StandardCharsets.UTF_8));
        }
    }

    @BeforeAll
    static void start() {
        previousLimit = System.setProperty("NIMBUS_KEYCDN_RATE_LIMIT", "100000");
        gateway = Gateway.start(LocalAws.shared().template(), TestStack.containersWith(), 0);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        if (previousLimit == null) System.clearProperty("NIMBUS_KEYCDN_RATE_LIMIT");
        else System.setProperty("NIMBUS_KEYCDN_RATE_LIMIT", previousLimit);
    }

    private Run nimbus(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("--api", gateway.baseUrl()));
        all.addAll(List.of(args));
        long started = System.nanoTime();
        int exit = Nimbus.run(
                all.toArray(String[]::new),
                env,
                tmp,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        // a figure for the report, never an assertion
        System.out.printf(
                "nimbus %s: exit %d in %.1f s%n", String.join(" ", args), exit, (System.nanoTime() - started) / 1e9);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Map<String, String> env(String key) {
        return Map.of(
                "NIMBUS_KEY", key, "NIMBUS_CACHE_DIR", tmp.resolve("cache").toString());
    }

    private static Zone zone(TestAccount owner, ZoneKind kind) {
        return TestStack.context()
                .getBean(ZoneService.class)
                .create(owner.id(), "site", kind, kind == ZoneKind.PULL ? "https://example.com" : null, Map.of());
    }

    private static Zone reload(Zone zone) {
        return TestStack.context().getBean(ZoneService.class).require(zone.accountId(), zone.id());
    }

    private static List<Purge> purgesOf(String zoneId) {
        return TestStack.context().getBean(PurgeTable.class).listByZone(zoneId);
    }

    private static byte[] object(String key) {
        return TestStack.blobs().get(key);
    }

    @Test
    void pushUploadsWhatChangedAndPurgesOnlyThat() throws Exception {
        TestAccount alice = Accounts.keyCdn();
        Zone zone = zone(alice, ZoneKind.PUSH);
        Path site = Files.createDirectories(tmp.resolve("site"));
        long bytes = 0;
        for (int i = 0; i < 200; i++) {
            Path file = site.resolve("dir" + i % 7).resolve("file-" + i + (i % 2 == 0 ? ".css" : ".js"));
            Files.createDirectories(file.getParent());
            byte[] content = ("/* file " + i + " */ body { margin: " + i + "px }\n").getBytes(StandardCharsets.UTF_8);
            Files.write(file, content);
            bytes += content.length;
        }

        Run first = nimbus(env(alice.key()), "push", "site", "--zone", zone.id());
        assertEquals(0, first.exit(), first.err());
        assertEquals(200, ((List<?>) first.json().get("uploaded")).size(), first.out());
        Zone after = reload(zone);
        assertEquals(200, after.fileCount());
        assertEquals(bytes, after.storageUsed());
        assertEquals(bytes, TestStack.reload(alice.id()).storageUsed());
        assertArrayEquals(
                Files.readAllBytes(site.resolve("dir3/file-10.css")), object(zone.id() + "/dir3/file-10.css"));
        assertTrue(purgesOf(zone.id()).isEmpty(), "new paths need no purge: " + purgesOf(zone.id()));
        assertTrue(first.err().contains("ETA"), "a progress line on stderr: " + first.err());

        Run second = nimbus(env(alice.key()), "push", "site", "--zone", zone.id());
        assertEquals(0, second.exit(), second.err());
        assertEquals(List.of(), second.json().get("uploaded"));
        assertEquals(200, ((Number) second.json().get("unchanged")).intValue());
        assertTrue(purgesOf(zone.id()).isEmpty());

        byte[] changed = "/* changed, and longer than before */ body { margin: 0 }\n".getBytes(StandardCharsets.UTF_8);
        long before = Files.size(site.resolve("dir5/file-12.css"));
        Files.write(site.resolve("dir5/file-12.css"), changed);
        Run third = nimbus(env(alice.key()), "push", "site", "--zone", zone.id());
        assertEquals(0, third.exit(), third.err());
        assertEquals(List.of("/dir5/file-12.css"), third.json().get("uploaded"));
        List<Purge> purges = purgesOf(zone.id());
        assertEquals(1, purges.size(), purges.toString());
        assertEquals(List.of("/dir5/file-12.css"), purges.get(0).paths());
        assertFalse(purges.get(0).wholeZone());
        assertArrayEquals(changed, object(zone.id() + "/dir5/file-12.css"));
        assertEquals(200, reload(zone).fileCount());
        assertEquals(bytes - before + changed.length, reload(zone).storageUsed());
        assertEquals(
                bytes - before + changed.length, TestStack.reload(alice.id()).storageUsed());

        long gone = Files.size(site.resolve("dir0/file-0.css"));
        Files.delete(site.resolve("dir0/file-0.css"));
        Run fourth = nimbus(env(alice.key()), "push", "site", "--zone", zone.id(), "--delete");
        assertEquals(0, fourth.exit(), fourth.err());
        assertEquals(List.of(), fourth.json().get("uploaded"));
        assertEquals(List.of("/dir0/file-0.css"), fourth.json().get("deleted"));
        assertEquals(199, reload(zone).fileCount());
        assertEquals(bytes - before + changed.length - gone, reload(zone).storageUsed());
        purges = purgesOf(zone.id());
        assertEquals(2, purges.size());
        assertEquals(List.of("/dir0/file-0.css"), purges.get(1).paths());
        try {
            object(zone.id() + "/dir0/file-0.css");
            throw new AssertionError("the deleted file's object is still there");
        } catch (NoSuchKeyException expected) {
            // gone
        }
    }

    @Test
    void pushRefusesAPullZoneAndAnotherAccountsZone() throws Exception {
        TestAccount alice = Accounts.keyCdn();
        TestAccount bob = Accounts.keyCdn();
        Files.createDirectories(tmp.resolve("site"));
        Files.writeString(tmp.resolve("site/index.html"), "<h1>hi</h1>");
        Run pull = nimbus(
                env(alice.key()),
                "push",
                "site",
                "--zone",
                zone(alice, ZoneKind.PULL).id());
        assertEquals(1, pull.exit());
        assertTrue(pull.err().contains("400 This is a pull zone: it takes no content."), pull.err());
        Run other = nimbus(
                env(alice.key()),
                "push",
                "site",
                "--zone",
                zone(bob, ZoneKind.PUSH).id());
        assertEquals(1, other.exit());
        assertTrue(other.err().contains("403 Access denied: no such zone."), other.err());
    }

    @Test
    void anInterruptedUploadResumesWithTheMissingPartsOnly() throws Exception {
        TestAccount carol = TestStack.account(QuotaTier.VERIFIED, HackClubKeys.FORMAT, java.util.Set.of());
        byte[] data = new byte[20 * 1024 * 1024 + 12345]; // parts of 8 MiB: 8, 8 and the rest
        new Random(42).nextBytes(data);
        Files.write(tmp.resolve("big.bin"), data);
        Map<String, String> stopping = new java.util.HashMap<>(env(carol.key()));
        stopping.put("NIMBUS_CLI_STOP_AFTER_PARTS", "1");

        Run stopped = nimbus(stopping, "--parallel", "1", "upload", "big.bin");
        assertEquals(130, stopped.exit(), stopped.err());
        List<Path> state;
        try (Stream<Path> files = Files.list(tmp.resolve("cache"))) {
            state = files.toList();
        }
        assertEquals(1, state.size(), state.toString());
        String uploadId =
                (String) Json.parseObject(Files.readAllBytes(state.get(0))).get("upload_id");

        Map<String, Object> status = hackClub("GET", "/api/v4/uploads/multipart/" + uploadId, carol.key());
        List<?> parts = (List<?>) status.get("parts");
        assertEquals(3, parts.size());
        assertEquals(
                1L,
                parts.stream()
                        .filter(p -> Boolean.TRUE.equals(((Map<?, ?>) p).get("uploaded")))
                        .count());

        Run resumed = nimbus(env(carol.key()), "--parallel", "2", "upload", "big.bin");
        assertEquals(0, resumed.exit(), resumed.err());
        assertTrue(
                resumed.err().contains("resuming upload " + uploadId + ": 1 of 3 part(s) already uploaded"),
                resumed.err());
        Map<String, Object> file = resumed.json();
        assertEquals(uploadId, file.get("id"));
        assertEquals((long) data.length, ((Number) file.get("size")).longValue());
        assertEquals(
                sha256(data),
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(object("files/" + uploadId))));
        try (Stream<Path> files = Files.list(tmp.resolve("cache"))) {
            assertEquals(0, files.count(), "the state file goes once the upload completes");
        }
    }

    @Test
    void zoneFilesOverHttp() throws Exception {
        TestAccount alice = Accounts.keyCdn();
        Zone zone = zone(alice, ZoneKind.PUSH);
        String base = "/zones/" + zone.id();
        byte[] css = "body { color: red }".getBytes(StandardCharsets.UTF_8);

        Map<String, Object> bad =
                keyCdn("POST", base + "/uploads.json", alice.key(), Map.of("path", "/a/../b.css", "size", 3));
        assertEquals(400, bad.get("httpStatus"));
        assertEquals("Invalid parameter path: .. is not allowed.", bad.get("description"));
        Map<String, Object> trailing =
                keyCdn("POST", base + "/uploads.json", alice.key(), Map.of("path", "/a/", "size", 3));
        assertEquals(400, trailing.get("httpStatus"));
        Map<String, Object> longPath =
                keyCdn("POST", base + "/uploads.json", alice.key(), Map.of("path", "/" + "a".repeat(1100), "size", 3));
        assertEquals("Invalid parameter path: at most 1024 bytes.", longPath.get("description"));

        // a bad checksum is refused at completion and never touches the path
        Map<String, Object> wrong = keyCdn(
                "POST",
                base + "/uploads.json",
                alice.key(),
                Map.of("path", "css//./site.css", "size", css.length, "sha256", "0".repeat(64)));
        assertEquals(201, wrong.get("httpStatus"), wrong.toString());
        Map<?, ?> wrongUpload = (Map<?, ?>) ((Map<?, ?>) wrong.get("data")).get("upload");
        assertEquals("/css/site.css", wrongUpload.get("path"));
        put(wrongUpload, css);
        Map<String, Object> refused =
                keyCdn("POST", base + "/uploads/" + wrongUpload.get("id") + "/complete.json", alice.key(), null);
        assertEquals(422, refused.get("httpStatus"), refused.toString());
        assertEquals(0, reload(zone).fileCount());

        Map<String, Object> started = keyCdn(
                "POST", base + "/uploads.json", alice.key(), Map.of("path", "/css/site.css", "size", css.length));
        Map<?, ?> upload = (Map<?, ?>) ((Map<?, ?>) started.get("data")).get("upload");
        Map<String, Object> status = keyCdn("GET", base + "/uploads/" + upload.get("id") + ".json", alice.key(), null);
        assertEquals(200, status.get("httpStatus"), status.toString());
        put(upload, css);
        String complete = base + "/uploads/" + upload.get("id") + "/complete.json";
        Map<String, Object> done = keyCdn("POST", complete, alice.key(), null);
        assertEquals(201, done.get("httpStatus"), done.toString());
        Map<?, ?> file = (Map<?, ?>) ((Map<?, ?>) done.get("data")).get("file");
        assertEquals("/css/site.css", file.get("path"));
        assertEquals(sha256(css), file.get("sha256"));
        assertTrue(((String) file.get("content_type")).startsWith("text/css"), file.toString());
        Map<String, Object> again = keyCdn("POST", complete, alice.key(), null);
        assertEquals(201, again.get("httpStatus"), again.toString());
        assertEquals(file, ((Map<?, ?>) again.get("data")).get("file"), "a retried complete answers the same file");
        assertEquals(1, reload(zone).fileCount());

        // another account sees neither the zone nor the upload; a missing path is 404
        TestAccount bob = Accounts.keyCdn();
        assertEquals(403, keyCdn("GET", base + "/files.json", bob.key(), null).get("httpStatus"));
        assertEquals(403, keyCdn("POST", complete, bob.key(), null).get("httpStatus"));
        Map<String, Object> missing =
                keyCdn("DELETE", base + "/files.json?path=" + enc("/nope.css"), alice.key(), null);
        assertEquals(404, missing.get("httpStatus"));
        assertEquals(
                400,
                keyCdn("GET", base + "/files.json?page=0", alice.key(), null).get("httpStatus"));

        Map<String, Object> listed = keyCdn("GET", base + "/files.json", alice.key(), null);
        assertEquals(List.of(file), ((Map<?, ?>) listed.get("data")).get("files"));
        Map<String, Object> deleted =
                keyCdn("DELETE", base + "/files.json?path=" + enc("css/site.css"), alice.key(), null);
        assertEquals(200, deleted.get("httpStatus"), deleted.toString());
        assertEquals("File successfully deleted.", deleted.get("description"));
        assertEquals(0, reload(zone).fileCount());
        assertEquals(0, reload(zone).storageUsed());
        assertEquals(List.of("/css/site.css"), purgesOf(zone.id()).get(0).paths());
    }

    private static void put(Map<?, ?> upload, byte[] data) throws Exception {
        String url = (String) ((Map<?, ?>) ((List<?>) upload.get("parts")).get(0)).get("url");
        HttpResponse<Void> response = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(data))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(200, response.statusCode());
    }

    private static Map<String, Object> keyCdn(String method, String path, String key, Object body) throws Exception {
        String basic = Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
        return send(method, path, "Basic " + basic, body);
    }

    private static Map<String, Object> hackClub(String method, String path, String key) throws Exception {
        return send(method, path, "Bearer " + key, null);
    }

    private static Map<String, Object> send(String method, String path, String authorization, Object body)
            throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path)).header("Authorization", authorization);
        if (body == null) request.method(method, HttpRequest.BodyPublishers.noBody());
        else
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(Json.write(body)));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        Map<String, Object> json =
                new java.util.LinkedHashMap<>(Json.parseObject(response.body().getBytes(StandardCharsets.UTF_8)));
        json.put("httpStatus", response.statusCode());
        return json;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
