package nimbus.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import nimbus.aether.AetherKeys;
import nimbus.hackclub.HackClubKeys;
import nimbus.local.kit.LocalAws;
import nimbus.local.kit.MultipartBody;
import nimbus.local.kit.TestClock;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.Settings;
import nimbus.shared.account.Account;
import nimbus.shared.account.AccountService;
import nimbus.shared.account.QuotaTier;
import nimbus.shared.auth.ApiKeyService;
import nimbus.shared.edge.GrantTokens;
import nimbus.shared.files.FileService;
import nimbus.shared.files.NewFile;
import nimbus.shared.http.Json;
import nimbus.shared.zone.Zone;
import nimbus.shared.zone.ZoneTable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** AetherCDN v1 over HTTP through the local gateway, with a real HTTP client, including Hack Club interplay. */
class AetherEndToEndTest {
    private static final Set<String> ALL_SCOPES = Set.of("files:read", "files:write", "user:read");
    private static Gateway gateway;
    private static final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    enum Auth {
        BEARER,
        X_API_KEY
    }

    record Reply(int status, HttpHeaders headers, byte[] body) {
        Map<String, Object> json() {
            if (body.length == 0) return Map.of();
            return Json.parseObject(body);
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> object(String name) {
            return (Map<String, Object>) json().get(name);
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> list(String name) {
            return (List<Map<String, Object>>) json().get(name);
        }

        String errorCode() {
            Map<String, Object> json = json();
            assertEquals(false, json.get("success"), "error body: " + text());
            @SuppressWarnings("unchecked")
            Map<String, Object> error = (Map<String, Object>) json.get("error");
            assertNotNull(error, "error object missing: " + text());
            assertTrue(error.get("message") instanceof String, "error.message missing: " + text());
            return (String) error.get("code");
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return status + " " + (body.length > 500 ? text().substring(0, 500) : text());
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

    // ---- plumbing ----

    static Reply send(
            String method,
            String path,
            String key,
            Auth auth,
            String contentType,
            byte[] body,
            Map<String, String> extraHeaders) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body));
        if (key != null) {
            if (auth == Auth.X_API_KEY) request.header("X-API-Key", key);
            else request.header("Authorization", "Bearer " + key);
        }
        if (contentType != null) request.header("Content-Type", contentType);
        extraHeaders.forEach(request::header);
        try {
            var response = http.send(request.build(), BodyHandlers.ofByteArray());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static Reply send(String method, String path, String key, String contentType, byte[] body) {
        return send(method, path, key, Auth.BEARER, contentType, body, Map.of());
    }

    static Reply get(String path, String key) {
        return send("GET", path, key, null, null);
    }

    static Reply json(String method, String path, String key, Object value) {
        return send(method, path, key, "application/json", Json.write(value));
    }

    static Reply aetherUpload(
            String key, String filename, String contentType, byte[] data, Map<String, String> fields) {
        MultipartBody body = new MultipartBody().file("file", filename, contentType, data);
        fields.forEach(body::field);
        return send("POST", "/api/v1/files/upload", key, body.contentType(), body.bytes());
    }

    static Map<String, Object> aetherUploadOk(String key, String filename, byte[] data) {
        Reply reply = aetherUpload(key, filename, "application/octet-stream", data, Map.of());
        assertEquals(201, reply.status(), reply.toString());
        assertEquals(true, reply.json().get("success"));
        return reply.object("file");
    }

    static Reply hackClubUpload(String key, String filename, byte[] data) {
        MultipartBody body = new MultipartBody().file("file", filename, "application/octet-stream", data);
        return send("POST", "/api/v4/upload", key, body.contentType(), body.bytes());
    }

    static Map<String, Object> stats(String key) {
        Reply reply = get("/api/v1/user/stats", key);
        assertEquals(200, reply.status(), reply.toString());
        return reply.object("stats");
    }

    /** The whole AetherCDN error body, and the status. */
    static void assertError(int status, String code, String message, Reply reply) {
        assertEquals(
                Map.of("success", false, "error", Map.of("code", code, "message", message)),
                reply.json(),
                reply.toString());
        assertEquals(status, reply.status(), reply.toString());
    }

    static final String MISSING_FILE = "Missing file: send it as the multipart field \"file\"";

    static long number(Map<String, Object> json, String name) {
        return ((Number) json.get(name)).longValue();
    }

    static List<String> ids(List<Map<String, Object>> items) {
        return items.stream().map(m -> (String) m.get("id")).toList();
    }

    static List<String> listedIds(String key, String query) {
        Reply reply = get("/api/v1/files" + query, key);
        assertEquals(200, reply.status(), reply.toString());
        return ids(reply.list("files"));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    record Both(String accountId, String hackClubKey, String aetherKey) {}

    /** One account holding both a Hack Club key and an Aether key. */
    static Both bothDialects() {
        var ctx = TestStack.context();
        Account account = ctx.getBean(AccountService.class)
                .create("both-" + System.nanoTime() + "@example.test", "Both Dialects", QuotaTier.UNVERIFIED);
        ApiKeyService keys = ctx.getBean(ApiKeyService.class);
        String hc =
                keys.create(account.id(), HackClubKeys.FORMAT, Set.of(), "hc").secret();
        String ae =
                keys.create(account.id(), AetherKeys.FORMAT, ALL_SCOPES, "ae").secret();
        return new Both(account.id(), hc, ae);
    }

    static TestAccount aetherAccount() {
        return Accounts.aether(ALL_SCOPES);
    }

    // ---- 1. cross-dialect, same account ----

    @Test
    void aHackClubUploadIsListedDownloadedAndCountedByAether() {
        Both both = bothDialects();
        byte[] data = new byte[3000];
        new Random(7).nextBytes(data);
        Reply up = hackClubUpload(both.hackClubKey(), "from-hackclub.bin", data);
        assertEquals(201, up.status(), up.toString());
        String id = (String) up.json().get("id");

        Reply listing = get("/api/v1/files", both.aetherKey());
        assertEquals(200, listing.status(), listing.toString());
        assertEquals(List.of(id), ids(listing.list("files")));
        Map<String, Object> listed = listing.list("files").get(0);
        assertEquals("from-hackclub.bin", listed.get("name"));
        assertEquals(3000L, number(listed, "size"));
        assertEquals(1L, number(listing.object("pagination"), "total"));

        Reply download = get("/api/v1/files/" + id + "/download", both.aetherKey());
        assertEquals(200, download.status(), download.toString());
        assertArrayEquals(data, download.body());

        Map<String, Object> stats = stats(both.aetherKey());
        assertEquals(1L, number(stats, "totalFiles"));
        assertEquals(3000L, number(stats, "totalSize"));
    }

    @Test
    void anAetherUploadIsRenamedCountedAndDeletedByHackClub() {
        Both both = bothDialects();
        Map<String, Object> file = aetherUploadOk(both.aetherKey(), "report.pdf", new byte[1234]);
        String id = (String) file.get("id");
        Map<String, Object> keep = aetherUploadOk(both.aetherKey(), "keep.txt", "keep".getBytes());

        Reply renamed =
                json("PATCH", "/api/v4/uploads/" + id + "/rename", both.hackClubKey(), Map.of("filename", "final"));
        assertEquals(200, renamed.status(), renamed.toString());
        assertEquals("final.pdf", renamed.json().get("filename"));
        Reply listing = get("/api/v1/files", both.aetherKey());
        Map<String, Object> listed = listing.list("files").stream()
                .filter(f -> id.equals(f.get("id")))
                .findFirst()
                .orElseThrow();
        assertEquals("final.pdf", listed.get("name"), "the Hack Club rename shows in the Aether listing");

        Reply me = get("/api/v4/me", both.hackClubKey());
        assertEquals(200, me.status(), me.toString());
        assertEquals(1238L, number(me.json(), "storage_used"));

        Reply deleted = send("DELETE", "/api/v4/upload/" + id, both.hackClubKey(), null, null);
        assertEquals(200, deleted.status(), deleted.toString());
        assertEquals(List.of(keep.get("id")), listedIds(both.aetherKey(), ""));
        Map<String, Object> stats = stats(both.aetherKey());
        assertEquals(1L, number(stats, "totalFiles"));
        assertEquals(4L, number(stats, "totalSize"));
        assertEquals(
                404, get("/api/v1/files/" + id + "/download", both.aetherKey()).status());
    }

    // ---- 2. auth ----

    @Test
    void bothAuthStylesWorkAndBadKeysAre401() {
        TestAccount alice = aetherAccount();
        Reply bearer = send("GET", "/api/v1/files", alice.key(), Auth.BEARER, null, null, Map.of());
        assertEquals(200, bearer.status(), bearer.toString());
        assertEquals(true, bearer.json().get("success"));
        Reply xApiKey = send("GET", "/api/v1/files", alice.key(), Auth.X_API_KEY, null, null, Map.of());
        assertEquals(200, xApiKey.status(), xApiKey.toString());
        assertEquals(true, xApiKey.json().get("success"));
        Reply statsViaHeader = send("GET", "/api/v1/user/stats", alice.key(), Auth.X_API_KEY, null, null, Map.of());
        assertEquals(200, statsViaHeader.status(), statsViaHeader.toString());

        Reply missing = get("/api/v1/files", null);
        assertEquals(401, missing.status(), missing.toString());
        assertEquals("unauthorized", missing.errorCode());
        Reply missingUpload = aetherUpload(null, "x.txt", "text/plain", "x".getBytes(), Map.of());
        assertEquals(401, missingUpload.status(), missingUpload.toString());
        assertEquals("unauthorized", missingUpload.errorCode());

        Reply wrong = send("GET", "/api/v1/files", "ak_" + "x".repeat(40), Auth.X_API_KEY, null, null, Map.of());
        assertEquals(401, wrong.status(), wrong.toString());
        assertEquals("unauthorized", wrong.errorCode());

        TestAccount hackClub = Accounts.hackClub();
        for (Auth auth : Auth.values()) {
            Reply crossed = send("GET", "/api/v1/files", hackClub.key(), auth, null, null, Map.of());
            assertEquals(401, crossed.status(), auth + ": " + crossed);
            assertEquals("unauthorized", crossed.errorCode());
        }
        Reply crossedUpload = aetherUpload(hackClub.key(), "x.txt", "text/plain", "x".getBytes(), Map.of());
        assertEquals(401, crossedUpload.status(), crossedUpload.toString());
        assertEquals(
                0L, (long) TestStack.reload(hackClub.id()).fileCount(), "nothing stored for the Hack Club account");
    }

    // ---- 3. folders, description, tags ----

    @Test
    void uploadIntoAFolderWithDescriptionAndTags() {
        TestAccount alice = aetherAccount();
        Reply created = json("POST", "/api/v1/folders", alice.key(), Map.of("name", "Photos"));
        assertEquals(201, created.status(), created.toString());
        String folderId = (String) created.object("folder").get("id");

        Map<String, Object> root = aetherUploadOk(alice.key(), "root.txt", "root".getBytes());
        Reply up = aetherUpload(
                alice.key(),
                "cat.jpg",
                "image/jpeg",
                new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 1},
                Map.of("folderId", folderId, "description", "My photo", "tags", "a,b"));
        assertEquals(201, up.status(), up.toString());
        Map<String, Object> file = up.object("file");
        assertEquals(folderId, file.get("folderId"));
        assertEquals("My photo", file.get("description"));
        assertEquals(List.of("a", "b"), file.get("tags"));

        Reply inFolder = get("/api/v1/files?folderId=" + enc(folderId), alice.key());
        assertEquals(200, inFolder.status(), inFolder.toString());
        assertEquals(List.of(file.get("id")), ids(inFolder.list("files")));
        Map<String, Object> listed = inFolder.list("files").get(0);
        assertEquals("My photo", listed.get("description"));
        assertEquals(List.of("a", "b"), listed.get("tags"));
        assertEquals(1L, number(inFolder.object("pagination"), "total"));
        assertEquals(List.of(root.get("id"), file.get("id")), listedIds(alice.key(), ""));

        Reply unknownUuid = aetherUpload(
                alice.key(),
                "x.txt",
                "text/plain",
                "x".getBytes(),
                Map.of("folderId", "00000000-0000-4000-8000-000000000000"));
        assertEquals(404, unknownUuid.status(), unknownUuid.toString());
        assertEquals("not_found", unknownUuid.errorCode());
        Reply unknownJunk =
                aetherUpload(alice.key(), "x.txt", "text/plain", "x".getBytes(), Map.of("folderId", "nope"));
        assertEquals(404, unknownJunk.status(), unknownJunk.toString());
        assertEquals("not_found", unknownJunk.errorCode());
        assertEquals(2L, number(stats(alice.key()), "totalFiles"));
    }

    @Test
    void aFolderFromAnotherAccountIsNotFound() {
        TestAccount alice = aetherAccount();
        TestAccount bob = aetherAccount();
        String folderId = (String) json("POST", "/api/v1/folders", alice.key(), Map.of("name", "A"))
                .object("folder")
                .get("id");
        Reply up = aetherUpload(bob.key(), "x.txt", "text/plain", "x".getBytes(), Map.of("folderId", folderId));
        assertEquals(404, up.status(), up.toString());
        assertEquals("not_found", up.errorCode());
        assertEquals(0L, number(stats(bob.key()), "totalFiles"));
    }

    @Test
    void folderRoundTripAndNonEmptyDeleteIs409() {
        TestAccount alice = aetherAccount();
        Reply created = json("POST", "/api/v1/folders", alice.key(), Map.of("name", "Docs"));
        assertEquals(201, created.status(), created.toString());
        assertEquals(true, created.json().get("success"));
        String id = (String) created.object("folder").get("id");
        assertEquals("Docs", created.object("folder").get("name"));

        // form-encoded works too
        Reply formCreated = send(
                "POST",
                "/api/v1/folders",
                alice.key(),
                "application/x-www-form-urlencoded",
                "name=Other".getBytes(StandardCharsets.UTF_8));
        assertEquals(201, formCreated.status(), formCreated.toString());
        String other = (String) formCreated.object("folder").get("id");

        Reply listing = get("/api/v1/folders", alice.key());
        assertEquals(200, listing.status(), listing.toString());
        assertEquals(List.of(id, other), ids(listing.list("folders")));
        assertEquals(2L, number(listing.object("pagination"), "total"));
        assertEquals(2L, number(stats(alice.key()), "totalFolders"));

        Reply renamed = json("PATCH", "/api/v1/folders/" + id, alice.key(), Map.of("name", "Documents"));
        assertEquals(200, renamed.status(), renamed.toString());
        assertEquals("Documents", renamed.object("folder").get("name"));
        assertEquals(
                "Documents",
                get("/api/v1/folders", alice.key()).list("folders").get(0).get("name"));

        Map<String, Object> file = aetherUpload(
                        alice.key(), "a.txt", "text/plain", "abc".getBytes(), Map.of("folderId", id))
                .object("file");
        Reply busy = send("DELETE", "/api/v1/folders/" + id, alice.key(), null, null);
        assertEquals(409, busy.status(), busy.toString());
        assertEquals("folder_not_empty", busy.errorCode());
        assertEquals(
                1L, number(get("/api/v1/folders", alice.key()).list("folders").get(0), "fileCount"));

        assertEquals(
                200,
                send("DELETE", "/api/v1/files/" + file.get("id"), alice.key(), null, null)
                        .status());
        Reply deleted = send("DELETE", "/api/v1/folders/" + id, alice.key(), null, null);
        assertEquals(200, deleted.status(), deleted.toString());
        assertEquals(id, deleted.json().get("id"));
        assertEquals(List.of(other), ids(get("/api/v1/folders", alice.key()).list("folders")));
        assertEquals(1L, number(stats(alice.key()), "totalFolders"));

        Reply again = send("DELETE", "/api/v1/folders/" + id, alice.key(), null, null);
        assertEquals(404, again.status(), again.toString());
        assertEquals("not_found", again.errorCode());
        Reply renameGone = json("PATCH", "/api/v1/folders/" + id, alice.key(), Map.of("name", "x"));
        assertEquals(404, renameGone.status(), renameGone.toString());
        assertEquals("not_found", renameGone.errorCode());
    }

    // ---- 4. binary downloads ----

    @Test
    void binaryDownloadsAreByteExactWithHeaders() {
        TestAccount alice = aetherAccount();
        byte[] allBytes = new byte[256];
        for (int i = 0; i < 256; i++) allBytes[i] = (byte) i;
        byte[] twoMb = new byte[2 * 1024 * 1024];
        new Random(42).nextBytes(twoMb);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("all-bytes.bin", allBytes);
        files.put("two-megabytes.bin", twoMb);
        for (var entry : files.entrySet()) {
            Map<String, Object> file = aetherUploadOk(alice.key(), entry.getKey(), entry.getValue());
            assertEquals((long) entry.getValue().length, number(file, "size"));
            Reply download = get("/api/v1/files/" + file.get("id") + "/download", alice.key());
            assertEquals(200, download.status(), entry.getKey() + ": " + download);
            assertArrayEquals(entry.getValue(), download.body(), entry.getKey());
            assertNotNull(download.header("Content-Type"), entry.getKey());
            assertEquals(
                    file.get("contentType"),
                    download.header("Content-Type").split(";")[0].trim(),
                    entry.getKey());
            String disposition = download.header("Content-Disposition");
            assertNotNull(disposition, entry.getKey());
            assertTrue(
                    disposition.startsWith("attachment;")
                            && disposition.contains("filename=\"" + entry.getKey() + "\""),
                    disposition);
        }
    }

    @Test
    void aUnicodeNameAndTextBodySurviveTheGateway() {
        TestAccount alice = aetherAccount();
        byte[] text = "héllo wörld 🚀\n".getBytes(StandardCharsets.UTF_8);
        Map<String, Object> file = aetherUpload(alice.key(), "naïve 名前.txt", "text/plain", text, Map.of())
                .object("file");
        Reply download = get("/api/v1/files/" + file.get("id") + "/download", alice.key());
        assertEquals(200, download.status(), download.toString());
        assertArrayEquals(text, download.body());
        assertTrue(download.header("Content-Type").startsWith("text/plain"), download.header("Content-Type"));
        assertTrue(
                download.header("Content-Disposition").contains("filename*=UTF-8''"),
                download.header("Content-Disposition"));
    }

    @Test
    void aRangeRequestGetsThe206Slice() {
        TestAccount alice = aetherAccount();
        byte[] data = new byte[1000];
        new Random(3).nextBytes(data);
        String id = (String) aetherUploadOk(alice.key(), "ranged.bin", data).get("id");
        Reply ranged = send(
                "GET",
                "/api/v1/files/" + id + "/download",
                alice.key(),
                Auth.BEARER,
                null,
                null,
                Map.of("Range", "bytes=10-19"));
        assertEquals(206, ranged.status(), ranged.toString());
        assertArrayEquals(Arrays.copyOfRange(data, 10, 20), ranged.body());
        assertEquals("bytes 10-19/1000", ranged.header("Content-Range"));

        Reply beyond = send(
                "GET",
                "/api/v1/files/" + id + "/download",
                alice.key(),
                Auth.BEARER,
                null,
                null,
                Map.of("Range", "bytes=5000-6000"));
        assertError(416, "bad_request", "Requested range not satisfiable", beyond);
        assertEquals("bytes */1000", beyond.header("Content-Range"));
    }

    // ---- 5. rate-limit headers ----

    @Test
    void successesCarryRateLimitHeaders() {
        TestAccount alice = aetherAccount();
        Reply first = get("/api/v1/files", alice.key());
        Reply second = get("/api/v1/user/stats", alice.key());
        for (Reply reply : List.of(first, second)) {
            assertEquals(200, reply.status(), reply.toString());
            assertNotNull(
                    reply.header("X-RateLimit-Limit"),
                    "X-RateLimit-Limit missing: " + reply.headers().map());
            assertNotNull(
                    reply.header("X-RateLimit-Remaining"),
                    "X-RateLimit-Remaining missing: " + reply.headers().map());
            assertNotNull(reply.header("x-ratelimit-limit"));
        }
        long limit = Long.parseLong(first.header("X-RateLimit-Limit"));
        long remaining1 = Long.parseLong(first.header("X-RateLimit-Remaining"));
        long remaining2 = Long.parseLong(second.header("X-RateLimit-Remaining"));
        assertTrue(remaining1 < limit, first.headers().map().toString());
        assertTrue(remaining2 < remaining1, "remaining should go down: " + remaining1 + " then " + remaining2);
        Reply download = get(
                "/api/v1/files/"
                        + aetherUploadOk(alice.key(), "r.bin", new byte[] {1}).get("id") + "/download",
                alice.key());
        assertEquals(200, download.status());
        assertNotNull(download.header("X-RateLimit-Remaining"), "binary download lacks rate-limit headers");
    }

    // ---- 6. tenant isolation ----

    @Test
    void anotherAccountCannotTouchTheFile() {
        TestAccount alice = aetherAccount();
        TestAccount bob = aetherAccount();
        byte[] data = "alice only".getBytes(StandardCharsets.UTF_8);
        Reply up =
                aetherUpload(alice.key(), "secret.txt", "text/plain", data, Map.of("description", "mine", "tags", "x"));
        assertEquals(201, up.status(), up.toString());
        String id = (String) up.object("file").get("id");

        Reply download = get("/api/v1/files/" + id + "/download", bob.key());
        assertEquals(404, download.status(), download.toString());
        assertEquals("not_found", download.errorCode());
        Reply update = json(
                "PATCH", "/api/v1/files/" + id, bob.key(), Map.of("description", "pwned", "tags", List.of("evil")));
        assertEquals(404, update.status(), update.toString());
        assertEquals("not_found", update.errorCode());
        Reply delete = send("DELETE", "/api/v1/files/" + id, bob.key(), null, null);
        assertEquals(404, delete.status(), delete.toString());
        assertEquals("not_found", delete.errorCode());
        assertEquals(List.of(), listedIds(bob.key(), ""));
        assertEquals(0L, number(stats(bob.key()), "totalFiles"));

        Reply still = get("/api/v1/files/" + id + "/download", alice.key());
        assertEquals(200, still.status());
        assertArrayEquals(data, still.body());
        Map<String, Object> listed =
                get("/api/v1/files", alice.key()).list("files").get(0);
        assertEquals("mine", listed.get("description"));
        assertEquals(List.of("x"), listed.get("tags"));
        Map<String, Object> stats = stats(alice.key());
        assertEquals(1L, number(stats, "totalFiles"));
        assertEquals((long) data.length, number(stats, "totalSize"));
    }

    @Test
    void theOwnerCanUpdateAndDeleteOverHttp() {
        TestAccount alice = aetherAccount();
        String folderId = (String) json("POST", "/api/v1/folders", alice.key(), Map.of("name", "F"))
                .object("folder")
                .get("id");
        String id = (String)
                aetherUploadOk(alice.key(), "doc.txt", "hello".getBytes()).get("id");
        Map<String, Object> changes = new HashMap<>();
        changes.put("description", "updated");
        changes.put("tags", "one, two");
        changes.put("folderId", folderId);
        Reply update = json("PATCH", "/api/v1/files/" + id, alice.key(), changes);
        assertEquals(200, update.status(), update.toString());
        assertEquals("updated", update.object("file").get("description"));
        assertEquals(List.of("one", "two"), update.object("file").get("tags"));
        assertEquals(folderId, update.object("file").get("folderId"));
        assertEquals(List.of(id), listedIds(alice.key(), "?folderId=" + enc(folderId)));

        Reply delete = send("DELETE", "/api/v1/files/" + id, alice.key(), null, null);
        assertEquals(200, delete.status(), delete.toString());
        assertEquals(id, delete.json().get("id"));
        assertEquals(List.of(), listedIds(alice.key(), ""));
        assertEquals(0L, number(stats(alice.key()), "totalSize"));
        Reply gone = send("DELETE", "/api/v1/files/" + id, alice.key(), null, null);
        assertEquals(404, gone.status(), gone.toString());
        assertEquals("not_found", gone.errorCode());
    }

    // ---- 7. pagination ----

    @Test
    void paginationOverHttp() {
        TestAccount alice = aetherAccount();
        List<String> uploaded = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++)
            uploaded.add((String) aetherUploadOk(alice.key(), "f" + i + ".txt", ("n" + i).getBytes())
                    .get("id"));

        Reply page = get("/api/v1/files?limit=2&offset=2", alice.key());
        assertEquals(200, page.status(), page.toString());
        assertEquals(uploaded.subList(2, 4), ids(page.list("files")), "3rd and 4th in upload order");
        Map<String, Object> pagination = page.object("pagination");
        assertEquals(5L, number(pagination, "total"));
        assertEquals(2L, number(pagination, "limit"));
        assertEquals(2L, number(pagination, "offset"));

        Reply capped = get("/api/v1/files?limit=500", alice.key());
        assertEquals(200, capped.status(), capped.toString());
        assertEquals(100L, number(capped.object("pagination"), "limit"));
        assertEquals(uploaded, ids(capped.list("files")));

        Reply defaults = get("/api/v1/files", alice.key());
        assertEquals(50L, number(defaults.object("pagination"), "limit"));
        assertEquals(0L, number(defaults.object("pagination"), "offset"));

        Reply past = get("/api/v1/files?offset=10", alice.key());
        assertEquals(200, past.status(), past.toString());
        assertEquals(List.of(), past.list("files"));
        assertEquals(5L, number(past.object("pagination"), "total"));

        Reply bad = get("/api/v1/files?limit=abc", alice.key());
        assertEquals(400, bad.status(), bad.toString());
        assertEquals("bad_request", bad.errorCode());
    }

    // ---- extras: scopes, rate limiting, large downloads ----

    @Test
    void aKeyWithoutTheScopeIs403AndStoresNothing() {
        TestAccount reader = Accounts.aether(Set.of("files:read"));
        Reply upload = aetherUpload(reader.key(), "x.txt", "text/plain", "x".getBytes(), Map.of());
        assertError(403, "forbidden", "This API key lacks the files:write scope", upload);
        assertNotNull(upload.header("X-RateLimit-Remaining"), "a 403 still carries the rate-limit headers");
        assertError(
                403, "forbidden", "This API key lacks the user:read scope", get("/api/v1/user/stats", reader.key()));
        assertError(
                403,
                "forbidden",
                "This API key lacks the files:write scope",
                json("POST", "/api/v1/folders", reader.key(), Map.of("name", "n")));
        assertEquals(200, get("/api/v1/files", reader.key()).status());
        assertEquals(0L, (long) TestStack.reload(reader.id()).fileCount());
        assertEquals(0L, (long) TestStack.reload(reader.id()).folderCount());
    }

    @Test
    void theSameAccountsHackClubKeyIsRefusedOnAetherRoutesAndViceVersa() {
        Both both = bothDialects();
        assertError(401, "unauthorized", "Invalid API key", get("/api/v1/files", both.hackClubKey()));
        Reply aetherOnHc = get("/api/v4/me", both.aetherKey());
        assertEquals(
                Map.of(
                        "error", "invalid_auth",
                        "code", "invalid_auth",
                        "message", "Invalid or missing API key",
                        "status", 401),
                aetherOnHc.json());
        assertEquals(401, aetherOnHc.status(), aetherOnHc.toString());
    }

    @Test
    void theRequestOverTheLimitIs429UntilTheNextWindow() {
        // The functions' clock is the test's: a window boundary is crossed by moving it, never by waiting.
        Instant window = Instant.parse("2031-03-04T05:06:00Z");
        long reset = window.getEpochSecond() + 60;
        TestClock clock = new TestClock(window.plusSeconds(15));
        String previous = System.setProperty("NIMBUS_AETHER_RATE_LIMIT", "3");
        try (Gateway timed = Gateway.start(LocalAws.shared().template(), TestStack.containersWith(clock), 0)) {
            TestAccount alice = aetherAccount();
            String path = timed.baseUrl() + "/api/v1/files";
            for (int remaining = 2; remaining >= 0; remaining--) {
                Reply ok = sendTo(path, alice.key());
                assertEquals(200, ok.status(), ok.toString());
                assertEquals("3", ok.header("X-RateLimit-Limit"));
                assertEquals(Integer.toString(remaining), ok.header("X-RateLimit-Remaining"));
                assertEquals(Long.toString(reset), ok.header("X-RateLimit-Reset"));
            }
            Reply limited = sendTo(path, alice.key());
            assertError(429, "rate_limited", "Too many requests: at most 3 per minute", limited);
            assertEquals("3", limited.header("X-RateLimit-Limit"));
            assertEquals("0", limited.header("X-RateLimit-Remaining"));
            assertEquals(Long.toString(reset), limited.header("X-RateLimit-Reset"));
            assertEquals("45", limited.header("Retry-After"));

            clock.set(window.plusSeconds(60));
            Reply next = sendTo(path, alice.key());
            assertEquals(200, next.status(), next.toString());
            assertEquals("2", next.header("X-RateLimit-Remaining"));
            assertEquals(Long.toString(reset + 60), next.header("X-RateLimit-Reset"));
        } finally {
            if (previous == null) System.clearProperty("NIMBUS_AETHER_RATE_LIMIT");
            else System.setProperty("NIMBUS_AETHER_RATE_LIMIT", previous);
        }
    }

    /** GET an absolute URL with the key as Bearer. */
    private static Reply sendTo(String url, String key) {
        try {
            var response = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .header("Authorization", "Bearer " + key)
                            .GET()
                            .build(),
                    BodyHandlers.ofByteArray());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aLargeDownloadRedirectsToTheCdnWithADownloadGrant() throws Exception {
        TestAccount alice = aetherAccount();
        byte[] five = new byte[5 * 1024 * 1024];
        new Random(5).nextBytes(five);
        // 5 MB cannot arrive through a Lambda invocation (6 MB payload after base64), so store it the way
        // upload_from_url would, server side, then download it over HTTP.
        String id = TestStack.context()
                .getBean(FileService.class)
                .upload(alice.id(), new NewFile("five.bin", "application/octet-stream", five))
                .id();
        Reply download = get("/api/v1/files/" + id + "/download", alice.key());
        assertEquals(302, download.status(), download.toString());
        String location = download.header("Location");
        assertNotNull(location);
        // The files host serves it (the local edge, where one runs); the grant is the files zone's, for this id.
        String prefix = Settings.cdnBaseUrl() + "/" + id + "/five.bin?grant=";
        assertTrue(location.startsWith(prefix), location);
        String grantKey = TestStack.context()
                .getBean(ZoneTable.class)
                .grantKey(Zone.filesZoneId(alice.id()))
                .orElseThrow();
        var grant =
                GrantTokens.open(grantKey, location.substring(prefix.length())).orElseThrow();
        assertEquals("/" + id + "/", grant.path());
        assertTrue(grant.download());

        Reply ranged = send(
                "GET",
                "/api/v1/files/" + id + "/download",
                alice.key(),
                Auth.BEARER,
                null,
                null,
                Map.of("Range", "bytes=5000000-5000009"));
        assertEquals(206, ranged.status(), ranged.toString());
        assertArrayEquals(Arrays.copyOfRange(five, 5000000, 5000010), ranged.body());
    }

    @Test
    void folderCountersFollowMovesAndHackClubDeletes() {
        Both both = bothDialects();
        String f1 = (String) json("POST", "/api/v1/folders", both.aetherKey(), Map.of("name", "one"))
                .object("folder")
                .get("id");
        String f2 = (String) json("POST", "/api/v1/folders", both.aetherKey(), Map.of("name", "two"))
                .object("folder")
                .get("id");
        String a =
                (String) aetherUpload(both.aetherKey(), "a.txt", "text/plain", "a".getBytes(), Map.of("folderId", f1))
                        .object("file")
                        .get("id");
        String b =
                (String) aetherUpload(both.aetherKey(), "b.txt", "text/plain", "b".getBytes(), Map.of("folderId", f1))
                        .object("file")
                        .get("id");

        Reply moved = json("PATCH", "/api/v1/files/" + a, both.aetherKey(), Map.of("folderId", f2));
        assertEquals(200, moved.status(), moved.toString());
        assertEquals(List.of(b), listedIds(both.aetherKey(), "?folderId=" + f1));
        assertEquals(List.of(a), listedIds(both.aetherKey(), "?folderId=" + f2));

        // b leaves f1 through a Hack Club delete; f1 is then empty and deletable
        assertEquals(
                200,
                send("DELETE", "/api/v4/upload/" + b, both.hackClubKey(), null, null)
                        .status());
        Reply f1Gone = send("DELETE", "/api/v1/folders/" + f1, both.aetherKey(), null, null);
        assertEquals(200, f1Gone.status(), "a Hack Club delete must decrement the folder's fileCount: " + f1Gone);

        // a goes to the root ("" moves to the root), then a Hack Club batch delete; f2 then deletable
        Reply root = json("PATCH", "/api/v1/files/" + a, both.aetherKey(), Map.of("folderId", ""));
        assertEquals(200, root.status(), root.toString());
        assertEquals(null, root.object("file").get("folderId"));
        assertEquals(List.of(), listedIds(both.aetherKey(), "?folderId=" + f2));
        assertEquals(
                200,
                send("DELETE", "/api/v1/folders/" + f2, both.aetherKey(), null, null)
                        .status());
        Reply batch = json("DELETE", "/api/v4/uploads/batch", both.hackClubKey(), Map.of("ids", List.of(a)));
        assertEquals(200, batch.status(), batch.toString());
        Map<String, Object> stats = stats(both.aetherKey());
        assertEquals(0L, number(stats, "totalFiles"));
        assertEquals(0L, number(stats, "totalSize"));
        assertEquals(0L, number(stats, "totalFolders"));
    }

    @Test
    void anotherAccountsFolderCannotBeUsedRenamedOrDeleted() {
        TestAccount alice = aetherAccount();
        TestAccount bob = aetherAccount();
        String folder = (String) json("POST", "/api/v1/folders", alice.key(), Map.of("name", "A"))
                .object("folder")
                .get("id");
        String bobs =
                (String) aetherUploadOk(bob.key(), "b.txt", "b".getBytes()).get("id");
        Reply move = json("PATCH", "/api/v1/files/" + bobs, bob.key(), Map.of("folderId", folder));
        assertEquals(404, move.status(), move.toString());
        assertEquals("not_found", move.errorCode());
        Reply rename = json("PATCH", "/api/v1/folders/" + folder, bob.key(), Map.of("name", "pwned"));
        assertEquals(404, rename.status(), rename.toString());
        Reply delete = send("DELETE", "/api/v1/folders/" + folder, bob.key(), null, null);
        assertEquals(404, delete.status(), delete.toString());
        Reply list = get("/api/v1/files?folderId=" + folder, bob.key());
        assertEquals(404, list.status(), list.toString());
        assertEquals("not_found", list.errorCode());
        Map<String, Object> still =
                get("/api/v1/folders", alice.key()).list("folders").get(0);
        assertEquals("A", still.get("name"));
        assertEquals(0L, number(still, "fileCount"));
        assertEquals(List.of(), get("/api/v1/folders", bob.key()).list("folders"));
    }

    @Test
    void statsReportHumanReadableSizes() {
        TestAccount alice = aetherAccount();
        aetherUploadOk(alice.key(), "k.bin", new byte[2048]);
        Map<String, Object> stats = stats(alice.key());
        assertEquals("2 KB", stats.get("storageUsed"));
        assertEquals("0 B", stats.get("bandwidthUsed"));
        assertEquals(0L, number(stats, "totalFolders"));
    }

    @Test
    void aBlankXApiKeyHeaderDoesNotHideAValidBearer() {
        TestAccount alice = aetherAccount();
        Reply reply = send("GET", "/api/v1/files", alice.key(), Auth.BEARER, null, null, Map.of("X-API-Key", " "));
        assertEquals(200, reply.status(), "blank X-API-Key should fall back to the Bearer key: " + reply);
    }

    @Test
    void anOversizedAetherUploadIsRefusedAndStoresNothing() {
        TestAccount alice = aetherAccount();
        Reply reply = aetherUpload(
                alice.key(), "big.bin", "application/octet-stream", new byte[10 * 1024 * 1024 + 1], Map.of());
        assertEquals(
                Map.of(
                        "success",
                        false,
                        "error",
                        Map.of(
                                "code",
                                "payload_too_large",
                                "message",
                                "Request too large: a request carries at most about 4.5 MB; upload larger files with"
                                        + " POST /api/v1/files/uploads")),
                reply.json(),
                reply.toString());
        assertEquals(413, reply.status(), reply.toString());
        assertEquals(0L, number(stats(alice.key()), "totalFiles"));
    }

    @Test
    void handlerErrorsAlsoCarryRateLimitHeaders() {
        TestAccount alice = aetherAccount();
        Reply missing = get("/api/v1/files/00000000-0000-4000-8000-000000000000/download", alice.key());
        assertEquals(404, missing.status(), missing.toString());
        assertNotNull(
                missing.header("X-RateLimit-Remaining"),
                "AetherHandler says every answer carries X-RateLimit-*, but a 404 from handle() has none: "
                        + missing.headers().map());
        Reply bad = get("/api/v1/files?limit=0", alice.key());
        assertEquals(400, bad.status(), bad.toString());
        assertNotNull(
                bad.header("X-RateLimit-Remaining"),
                "400 from handle() lacks X-RateLimit-*: " + bad.headers().map());
    }

    @Test
    void badUploadsAndOddRangesGetClearAnswers() {
        TestAccount alice = aetherAccount();
        MultipartBody noFile = new MultipartBody().field("description", "x");
        assertError(
                400,
                "bad_request",
                MISSING_FILE,
                send("POST", "/api/v1/files/upload", alice.key(), noFile.contentType(), noFile.bytes()));
        assertError(
                400,
                "bad_request",
                MISSING_FILE,
                json("POST", "/api/v1/files/upload", alice.key(), Map.of("file", "x")));
        assertError(
                400,
                "bad_request",
                "Description is longer than 1000 characters",
                aetherUpload(
                        alice.key(),
                        "d.txt",
                        "text/plain",
                        "d".getBytes(),
                        Map.of("description", "d".repeat(100_000))));
        Reply tags = aetherUpload(alice.key(), "t.txt", "text/plain", "t".getBytes(), Map.of("tags", " a, b ,,a "));
        assertEquals(201, tags.status(), tags.toString());
        assertEquals(List.of("a", "b"), tags.object("file").get("tags"));
        assertEquals(1L, number(stats(alice.key()), "totalFiles"));

        byte[] data = new byte[100];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (255 - i);
        String id = (String) aetherUploadOk(alice.key(), "r.bin", data).get("id");
        String path = "/api/v1/files/" + id + "/download";
        Reply suffix = send("GET", path, alice.key(), Auth.BEARER, null, null, Map.of("Range", "bytes=-5"));
        assertEquals(206, suffix.status(), suffix.toString());
        assertArrayEquals(Arrays.copyOfRange(data, 95, 100), suffix.body());
        Reply open = send("GET", path, alice.key(), Auth.BEARER, null, null, Map.of("Range", "bytes=90-"));
        assertEquals(206, open.status(), open.toString());
        assertArrayEquals(Arrays.copyOfRange(data, 90, 100), open.body());
        assertEquals("bytes 90-99/100", open.header("Content-Range"));

        String empty =
                (String) aetherUploadOk(alice.key(), "empty.bin", new byte[0]).get("id");
        Reply emptyDownload = get("/api/v1/files/" + empty + "/download", alice.key());
        assertEquals(200, emptyDownload.status(), emptyDownload.toString());
        assertEquals(0, emptyDownload.body().length);

        for (String junk : List.of("nope", "..%2F..%2Fetc%2Fpasswd", "00000000-0000-4000-8000-000000000000")) {
            assertError(404, "not_found", "File not found", get("/api/v1/files/" + junk + "/download", alice.key()));
        }
    }

    @Test
    void folderListingPagesAndNamesAreValidated() {
        TestAccount alice = aetherAccount();
        List<String> made = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++)
            made.add((String) json("POST", "/api/v1/folders", alice.key(), Map.of("name", "f" + i))
                    .object("folder")
                    .get("id"));
        Reply page = get("/api/v1/folders?limit=1&offset=1", alice.key());
        assertEquals(List.of(made.get(1)), ids(page.list("folders")));
        assertEquals(3L, number(page.object("pagination"), "total"));
        assertEquals(100L, number(get("/api/v1/folders?limit=1000", alice.key()).object("pagination"), "limit"));
        Reply blank = json("POST", "/api/v1/folders", alice.key(), Map.of("name", "  "));
        assertEquals(400, blank.status(), blank.toString());
        assertEquals("bad_request", blank.errorCode());
        Reply none = json("POST", "/api/v1/folders", alice.key(), Map.of());
        assertEquals(400, none.status(), none.toString());
        assertEquals(3L, number(stats(alice.key()), "totalFolders"));
    }
}
