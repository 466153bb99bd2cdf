package nimbus.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import nimbus.local.kit.LocalAws;
import nimbus.local.kit.MultipartBody;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.files.FileRecord;
import nimbus.shared.http.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Hack Club v4 over HTTP through the local gateway, with a real HTTP client. */
class HackClubEndToEndTest {
    private static Gateway gateway;
    private static final HttpClient http = HttpClient.newHttpClient();

    record Reply(int status, Map<String, Object> json) {
        String error() {
            return (String) json.get("error");
        }

        String string(String name) {
            return (String) json.get(name);
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> list(String name) {
            return (List<Map<String, Object>>) json.get(name);
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

    private final TestAccount alice = Accounts.hackClub();
    private final TestAccount bob = Accounts.hackClub();

    static Reply send(String method, String path, String key, String contentType, byte[] body) {
        return sendAuthorized(method, path, key == null ? null : "Bearer " + key, contentType, body);
    }

    /** With the Authorization header exactly as given (null: none). */
    static Reply sendAuthorized(String method, String path, String authorization, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body));
        if (authorization != null) request.header("Authorization", authorization);
        if (contentType != null) request.header("Content-Type", contentType);
        try {
            var response = http.send(request.build(), BodyHandlers.ofByteArray());
            String text = new String(response.body(), StandardCharsets.UTF_8);
            return new Reply(response.statusCode(), text.isEmpty() ? Map.of() : Json.parseObject(response.body()));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static Reply upload(TestAccount who, String filename, byte[] data) {
        MultipartBody body = new MultipartBody().file("file", filename, "application/octet-stream", data);
        return send("POST", "/api/v4/upload", who.key(), body.contentType(), body.bytes());
    }

    static Reply json(String method, String path, TestAccount who, Object value) {
        return send(method, path, who.key(), "application/json", Json.write(value));
    }

    /** A Hack Club error body: {@code error}, {@code code}, {@code message} and {@code status}, nothing else. */
    static Map<String, Object> error(int status, String code, String error) {
        return Map.of("error", error, "code", code, "message", error, "status", status);
    }

    static final Map<String, Object> INVALID_AUTH = Map.of(
            "error", "invalid_auth", "code", "invalid_auth", "message", "Invalid or missing API key", "status", 401);

    static void assertReply(int status, Map<String, Object> json, Reply reply) {
        assertEquals(json, reply.json(), reply.toString());
        assertEquals(status, reply.status(), reply.toString());
    }

    static long storageUsed(TestAccount who) {
        return ((Number) send("GET", "/api/v4/me", who.key(), null, null).json().get("storage_used")).longValue();
    }

    @Test
    void binaryUploadsRoundTripByteForByte() {
        byte[] four = new byte[4 * 1000 * 1000];
        new Random(42).nextBytes(four);
        byte[] allBytes = new byte[256];
        for (int i = 0; i < 256; i++) allBytes[i] = (byte) i;
        Map<String, byte[]> files = Map.of(
                "empty.bin",
                new byte[0],
                "four-megabytes.bin",
                four,
                "ünïcödé 名前 🚀.dat",
                allBytes,
                "..\\..\\windows\\system32<>|\"*?.exe",
                "MZ".getBytes(StandardCharsets.US_ASCII));
        long total = 0;
        for (var file : files.entrySet()) {
            Reply reply = upload(alice, file.getKey(), file.getValue());
            assertEquals(201, reply.status(), file.getKey() + ": " + reply.json());
            assertEquals(file.getValue().length, ((Number) reply.json().get("size")).longValue());
            assertArrayEquals(
                    file.getValue(), TestStack.blobs().get(FileRecord.blobKey(reply.string("id"))), file.getKey());
            assertFalse(reply.string("filename").contains("/")
                    || reply.string("filename").contains("\\"));
            assertTrue(reply.string("url").startsWith("https://cdn.test/" + reply.string("id") + "/"));
            total += file.getValue().length;
        }
        assertEquals(total, storageUsed(alice));
    }

    @Test
    void aBodyOverLambdasInvocationLimitIsRefusedAsAwsRefusesIt() {
        byte[] five = new byte[5 * 1000 * 1000]; // about 6.7 MB once API Gateway base64-encodes it into the event
        Reply reply = upload(alice, "five-megabytes.bin", five);
        assertReply(413, GatewayTest.HACK_CLUB_TOO_LARGE, reply);
        assertEquals(0, storageUsed(alice));
    }

    @Test
    void batchUploadTakesFortyAndRefusesFortyOne() {
        MultipartBody forty = new MultipartBody();
        long bytes = 0;
        for (int i = 0; i < 40; i++) {
            byte[] data = ("n" + i).getBytes();
            forty.file("files[]", "f" + i + ".txt", "text/plain", data);
            bytes += data.length;
        }
        Reply ok = send("POST", "/api/v4/uploads", alice.key(), forty.contentType(), forty.bytes());
        assertEquals(201, ok.status());
        assertEquals(40, ok.list("uploads").size());

        MultipartBody fortyOne = new MultipartBody();
        for (int i = 0; i < 41; i++) fortyOne.file("files[]", "g" + i + ".txt", "text/plain", "x".getBytes());
        Reply refused = send("POST", "/api/v4/uploads", alice.key(), fortyOne.contentType(), fortyOne.bytes());
        assertEquals(400, refused.status());
        assertEquals("Too many files", refused.error());
        assertEquals(bytes, storageUsed(alice));
    }

    @Test
    void renameKeepsTheExtension() {
        String id = upload(alice, "cat.jpeg", new byte[] {1, 2, 3}).string("id");
        Reply renamed = json("PATCH", "/api/v4/uploads/" + id + "/rename", alice, Map.of("filename", "my cat"));
        assertEquals(200, renamed.status());
        assertEquals("my cat.jpeg", renamed.string("filename"));
        assertEquals("https://cdn.test/" + id + "/my%20cat.jpeg", renamed.string("url"));
    }

    @Test
    void deletesFreeTheStorageTheMeEndpointReports() {
        String a = upload(alice, "a.bin", new byte[1000]).string("id");
        String b = upload(alice, "b.bin", new byte[200]).string("id");
        String c = upload(alice, "c.bin", new byte[30]).string("id");
        assertEquals(1230, storageUsed(alice));

        Reply one = send("DELETE", "/api/v4/upload/" + a, alice.key(), null, null);
        assertEquals(200, one.status());
        assertEquals(Map.of("id", a, "deleted", true), one.json());
        assertEquals(230, storageUsed(alice));

        Reply many = json("DELETE", "/api/v4/uploads/batch", alice, Map.of("ids", List.of(b, c, a)));
        assertEquals(200, many.status());
        assertEquals(2, many.list("deleted").size());
        assertEquals(List.of(a), many.json().get("not_found"));
        assertEquals(0, storageUsed(alice));
    }

    @Test
    void anotherAccountSeesNoneOfAlicesUploads() {
        String id = upload(alice, "secret.txt", "alice only".getBytes()).string("id");

        Reply rename = json("PATCH", "/api/v4/uploads/" + id + "/rename", bob, Map.of("filename", "pwned"));
        assertEquals(404, rename.status());
        assertEquals("Upload not found", rename.error());
        Reply delete = send("DELETE", "/api/v4/upload/" + id, bob.key(), null, null);
        assertEquals(404, delete.status());
        Reply batch = json("DELETE", "/api/v4/uploads/batch", bob, Map.of("ids", List.of(id)));
        assertEquals(200, batch.status());
        assertEquals(List.of(), batch.json().get("deleted"));
        assertEquals(List.of(id), batch.json().get("not_found"));

        assertEquals(10, storageUsed(alice));
        assertEquals(0, storageUsed(bob));
        assertArrayEquals("alice only".getBytes(), TestStack.blobs().get(FileRecord.blobKey(id)));
        Reply still = json("PATCH", "/api/v4/uploads/" + id + "/rename", alice, Map.of("filename", "still mine"));
        assertEquals("still mine.txt", still.string("filename"));
    }

    @Test
    void badInputGetsItsExactStatusAndErrorAndChangesNothing() {
        MultipartBody good = new MultipartBody().file("file", "x.bin", "application/octet-stream", new byte[4000]);
        byte[] truncated = Arrays.copyOf(good.bytes(), 2000);
        Map<String, Object> malformed = error(400, "malformed_multipart", "Malformed multipart body");
        Map<String, Object> missingFile = error(400, "missing_parameter", "Missing file parameter");

        assertReply(400, malformed, send("POST", "/api/v4/upload", alice.key(), good.contentType(), truncated));
        // A multipart type without its boundary parameter cannot be split into parts.
        assertReply(400, malformed, send("POST", "/api/v4/upload", alice.key(), "multipart/form-data", good.bytes()));
        assertReply(
                400,
                missingFile,
                send("POST", "/api/v4/upload", alice.key(), "application/json", "{\"file\": 1}".getBytes()));
        assertReply(400, missingFile, send("POST", "/api/v4/upload", alice.key(), "text/plain", "hello".getBytes()));
        assertReply(
                400,
                error(400, "missing_parameter", "Missing files[] parameter"),
                send("POST", "/api/v4/uploads", alice.key(), "application/xml", "<files/>".getBytes()));
        assertReply(
                422,
                Map.of(
                        "error", "Validation failed",
                        "code", "validation_failed",
                        "message", "Validation failed",
                        "status", 422,
                        "details", List.of("Filename is too long (maximum is 2000 bytes)")),
                upload(alice, "n".repeat(2001) + ".png", new byte[10]));
        assertReply(
                400,
                error(400, "invalid_filename", "Filename contains a NUL byte"),
                upload(alice, "nul\u0000byte.txt", new byte[10]));
        assertReply(
                404,
                error(404, "not_found", "Not found"),
                send("DELETE", "/api/v4/upload/..%2F..%2Fetc%2Fpasswd", alice.key(), null, null));
        assertReply(
                404,
                error(404, "not_found", "Not found"),
                send("DELETE", "/api/v4/upload/%00", alice.key(), null, null));
        assertReply(
                404,
                error(404, "not_found", "Upload not found"),
                send(
                        "PATCH",
                        "/api/v4/uploads/..%2Fx/rename",
                        alice.key(),
                        "application/json",
                        "{\"filename\":\"a\"}".getBytes()));
        assertReply(
                400,
                error(400, "bad_request", "Request body is not valid JSON"),
                send("DELETE", "/api/v4/uploads/batch", alice.key(), "application/json", "{\"ids\": ".getBytes()));
        assertReply(
                400,
                error(400, "bad_request", "Request body is not valid JSON"),
                send("POST", "/api/v4/upload_from_url", alice.key(), "application/json", "[1,2]".getBytes()));

        Reply tooLong = send("POST", "/api/v4/upload", alice.key(), good.contentType(), new byte[10 * 1024 * 1024 + 1]);
        assertReply(413, GatewayTest.HACK_CLUB_TOO_LARGE, tooLong);
        assertEquals(0, storageUsed(alice));
    }

    @Test
    void railsTokenAuthorizationWorksEndToEnd() {
        Reply quoted = sendAuthorized("GET", "/api/v4/me", "Token token=\"" + alice.key() + "\"", null, null);
        assertEquals(200, quoted.status(), quoted.toString());
        assertEquals(alice.id(), quoted.json().get("id"));

        Reply withNonce = sendAuthorized("GET", "/api/v4/me", "Token token=" + alice.key() + "; nonce=x", null, null);
        assertEquals(200, withNonce.status(), withNonce.toString());
        assertEquals(alice.id(), withNonce.json().get("id"));

        MultipartBody body = new MultipartBody().file("file", "t.txt", "text/plain", "token".getBytes());
        Reply upload = sendAuthorized(
                "POST", "/api/v4/upload", "Token token=\"" + alice.key() + "\"", body.contentType(), body.bytes());
        assertEquals(201, upload.status(), upload.toString());
        assertEquals(5, storageUsed(alice));

        assertReply(
                401,
                INVALID_AUTH,
                sendAuthorized("GET", "/api/v4/me", "Token token=\"" + bob.key() + "x\"", null, null));
        assertReply(401, INVALID_AUTH, sendAuthorized("GET", "/api/v4/me", "Token " + "nonce=x", null, null));
    }

    @Test
    void uploadFromUrlRefusesLoopback() {
        // The deployed fetcher: no setting can exempt an address, so the gateway's own address is refused.
        assertReply(
                422,
                error(422, "upload_failed", "Upload failed: IP address not allowed"),
                json("POST", "/api/v4/upload_from_url", alice, Map.of("url", gateway.baseUrl() + "/api/v4/me")));
        assertEquals(0, storageUsed(alice));
    }

    @Test
    void aRevokedKeyStopsWorking() {
        assertEquals(
                200, send("POST", "/api/v4/revoke", alice.key(), null, null).status());
        assertReply(401, INVALID_AUTH, send("GET", "/api/v4/me", alice.key(), null, null));
        assertReply(401, INVALID_AUTH, send("POST", "/api/v4/revoke", alice.key(), null, null));
    }
}
