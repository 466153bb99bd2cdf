package nimbus.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import nimbus.aether.AetherKeys;
import nimbus.hackclub.HackClubKeys;
import nimbus.local.kit.Faults;
import nimbus.local.kit.LocalAws;
import nimbus.local.kit.TestClock;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.Secrets;
import nimbus.shared.Settings;
import nimbus.shared.account.QuotaTier;
import nimbus.shared.files.FileRecord;
import nimbus.shared.http.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Large files through each file dialect's presigned multipart flow, over HTTP through the local gateway, with
 * the parts PUT straight to (moto's) S3 as a client would: start, send the parts, complete.
 */
class LargeUploadEndToEndTest {
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final int MB = 1000 * 1000;
    /** Every file here is under 8 GB: its parts are the smallest the plan uses. */
    private static final long PART_SIZE = 8L << 20;

    private static Gateway gateway;

    record Reply(int status, Map<String, Object> json) {
        @SuppressWarnings("unchecked")
        Map<String, Object> object(String name) {
            return (Map<String, Object>) json.get(name);
        }

        @SuppressWarnings("unchecked")
        static List<Map<String, Object>> parts(Map<String, Object> upload) {
            return (List<Map<String, Object>>) upload.get("parts");
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

    // ------------------------------------------------------------------------------------ Hack Club

    @Test
    void hackClubFiftyMegabytesArriveByteForByteAndAnswerAsAnUpload() {
        TestAccount alice = hackClub(QuotaTier.VERIFIED);
        byte[] data = random(50 * MB, 1);
        Reply started = send(
                gateway,
                "POST",
                "/api/v4/uploads/multipart",
                bearer(alice),
                Map.of(
                        "filename",
                        "big video.mp4",
                        "size",
                        data.length,
                        "content_type",
                        "video/mp4",
                        "sha256",
                        Secrets.sha256Hex(data)));
        assertEquals(201, started.status(), started.toString());
        assertEquals(
                Set.of("upload_id", "filename", "size", "part_size", "expires_at", "parts"),
                started.json().keySet());
        List<Map<String, Object>> parts = Reply.parts(started.json());
        assertEquals(6, parts.size(), "50 MB in 8 MiB parts");
        putParts(parts, data);

        String id = (String) started.json().get("upload_id");
        Reply done = send(gateway, "POST", "/api/v4/uploads/multipart/" + id + "/complete", bearer(alice), null);
        assertEquals(201, done.status(), done.toString());
        assertEquals(
                Set.of("id", "filename", "size", "content_type", "url", "created_at"),
                done.json().keySet());
        assertEquals(id, done.json().get("id"));
        assertEquals("big video.mp4", done.json().get("filename"));
        assertEquals((long) data.length, ((Number) done.json().get("size")).longValue());
        assertEquals("video/mp4", done.json().get("content_type"));
        assertArrayEquals(data, blob(id));
        assertEquals((long) data.length, hackClubStorage(alice));

        // a complete retried (its answer lost, say) answers the same file and counts it once
        Reply again = send(gateway, "POST", "/api/v4/uploads/multipart/" + id + "/complete", bearer(alice), null);
        assertEquals(201, again.status(), again.toString());
        assertEquals(done.json().get("id"), again.json().get("id"));
        assertEquals((long) data.length, hackClubStorage(alice));
    }

    @Test
    void aFileOverTheTiersLimitIsRefusedAtTheStart() {
        TestAccount alice = hackClub(QuotaTier.UNVERIFIED);
        Reply refused = send(
                gateway,
                "POST",
                "/api/v4/uploads/multipart",
                bearer(alice),
                Map.of("filename", "huge.bin", "size", 11L << 20));
        assertEquals(402, refused.status(), refused.toString());
        assertEquals("file_too_large", refused.json().get("code"));
        assertEquals(0L, hackClubStorage(alice));
    }

    @Test
    void theQuotaIsEnforcedAtCompletionWithTheRealSize() {
        TestAccount alice = hackClub(QuotaTier.UNVERIFIED); // 50 MiB in all
        TestStack.setAccountCounter(alice.id(), "storageUsed", 40L << 20);
        byte[] six = random(6 << 20, 2);
        // each fits at its start; together they do not
        String first = startAndSend(alice, "first.bin", six);
        String second = startAndSend(alice, "second.bin", six);
        assertEquals(201, complete(alice, first).status());
        Reply refused = complete(alice, second);
        assertEquals(402, refused.status(), refused.toString());
        assertEquals("quota_exceeded", refused.json().get("code"));
        assertEquals((40L << 20) + six.length, hackClubStorage(alice));
        assertBlobGone(second);
        assertEquals(404, complete(alice, second).status(), "the refused upload is gone");
    }

    @Test
    void aBadChecksumIsRefusedAndLeavesNothing() {
        TestAccount alice = hackClub(QuotaTier.VERIFIED);
        byte[] data = random(9 * MB, 3);
        byte[] other = data.clone();
        other[5] ^= 1;
        Reply started = send(
                gateway,
                "POST",
                "/api/v4/uploads/multipart",
                bearer(alice),
                Map.of("filename", "data.bin", "size", data.length, "sha256", Secrets.sha256Hex(other)));
        assertEquals(201, started.status(), started.toString());
        putParts(Reply.parts(started.json()), data);
        String id = (String) started.json().get("upload_id");
        Reply refused = complete(alice, id);
        assertEquals(422, refused.status(), refused.toString());
        assertEquals("checksum_mismatch", refused.json().get("code"));
        assertEquals(0L, hackClubStorage(alice));
        assertBlobGone(id);
    }

    @Test
    void missingPartsAreNamedAndTheUploadResumesFromItsStatus() {
        TestAccount alice = hackClub(QuotaTier.VERIFIED);
        byte[] data = random(20 * MB, 4);
        Reply started = send(
                gateway,
                "POST",
                "/api/v4/uploads/multipart",
                bearer(alice),
                Map.of("filename", "resume.bin", "size", data.length));
        String id = (String) started.json().get("upload_id");
        List<Map<String, Object>> parts = Reply.parts(started.json());
        putParts(parts.subList(0, 1), data);

        Reply incomplete = complete(alice, id);
        assertEquals(409, incomplete.status(), incomplete.toString());
        assertEquals(List.of(2, 3), incomplete.json().get("missing_parts"));

        Reply status = send(gateway, "GET", "/api/v4/uploads/multipart/" + id, bearer(alice), null);
        assertEquals(200, status.status(), status.toString());
        List<Map<String, Object>> now = Reply.parts(status.json());
        assertEquals(true, now.get(0).get("uploaded"));
        assertNull(now.get(0).get("url"), "no URL for a part already received");
        assertEquals(false, now.get(1).get("uploaded"));
        putParts(now.subList(1, 3), data);
        Reply done = complete(alice, id);
        assertEquals(201, done.status(), done.toString());
        assertArrayEquals(data, blob(id));
    }

    @Test
    void anotherAccountsUploadReadsAsMissing() {
        TestAccount alice = hackClub(QuotaTier.VERIFIED);
        TestAccount mallory = hackClub(QuotaTier.VERIFIED);
        String id = startAndSend(alice, "mine.bin", random(1000, 5));
        for (String[] call : new String[][] {
            {"GET", "/api/v4/uploads/multipart/" + id},
            {"POST", "/api/v4/uploads/multipart/" + id + "/complete"},
            {"DELETE", "/api/v4/uploads/multipart/" + id}
        }) {
            Reply reply = send(gateway, call[0], call[1], bearer(mallory), null);
            assertEquals(404, reply.status(), reply.toString());
            assertEquals("Upload not found", reply.json().get("error"));
        }
        assertEquals(201, complete(alice, id).status(), "untouched by the other account");
    }

    @Test
    void badStartsAreRefusedInHackClubsFormat() {
        TestAccount alice = hackClub(QuotaTier.VERIFIED);
        assertEquals(
                "Missing filename parameter",
                send(gateway, "POST", "/api/v4/uploads/multipart", bearer(alice), Map.of("size", 5))
                        .json()
                        .get("error"));
        Reply size = send(
                gateway,
                "POST",
                "/api/v4/uploads/multipart",
                bearer(alice),
                Map.of("filename", "a.bin", "size", "lots"));
        assertEquals(422, size.status(), size.toString());
        Reply zero = send(
                gateway, "POST", "/api/v4/uploads/multipart", bearer(alice), Map.of("filename", "a.bin", "size", 0));
        assertEquals(422, zero.status(), zero.toString());
        Reply sha = send(
                gateway,
                "POST",
                "/api/v4/uploads/multipart",
                bearer(alice),
                Map.of("filename", "a.bin", "size", 5, "sha256", "abc"));
        assertEquals(422, sha.status(), sha.toString());
        assertEquals(
                401,
                send(gateway, "POST", "/api/v4/uploads/multipart", null, Map.of())
                        .status());
        assertEquals(0L, hackClubStorage(alice));
    }

    @Test
    void anAbortedUploadIsGone() {
        TestAccount alice = hackClub(QuotaTier.VERIFIED);
        String id = startAndSend(alice, "gone.bin", random(1000, 6));
        Reply aborted = send(gateway, "DELETE", "/api/v4/uploads/multipart/" + id, bearer(alice), null);
        assertEquals(200, aborted.status(), aborted.toString());
        assertEquals(Map.of("upload_id", id, "deleted", true), aborted.json());
        assertEquals(404, complete(alice, id).status());
        assertTrue(noMultipartUploadAt(id));
    }

    @Test
    void anExpiredUploadIsRefusedAndNeverCounted() {
        TestClock clock = new TestClock(Instant.now());
        try (Gateway timed = Gateway.start(LocalAws.shared().template(), TestStack.containersWith(clock), 0)) {
            TestAccount alice = hackClub(QuotaTier.VERIFIED);
            byte[] data = random(1000, 7);
            Reply started = send(
                    timed,
                    "POST",
                    "/api/v4/uploads/multipart",
                    bearer(alice),
                    Map.of("filename", "late.bin", "size", data.length));
            putParts(Reply.parts(started.json()), data);
            String id = (String) started.json().get("upload_id");
            clock.advance(Duration.ofHours(24).plusSeconds(1));
            Reply late = send(timed, "POST", "/api/v4/uploads/multipart/" + id + "/complete", bearer(alice), null);
            assertEquals(410, late.status(), late.toString());
            assertEquals("upload_expired", late.json().get("code"));
            assertEquals(0L, hackClubStorage(alice));
            assertTrue(noMultipartUploadAt(id), "its parts were dropped");
            assertBlobGone(id);
        }
    }

    @Test
    void lostAnswersFromS3AndDynamoDbNeverLoseOrDoubleCountTheFile() {
        // S3 assembles the parts but its answer is lost; then every answer to the file's transaction is lost
        Faults faults = new Faults()
                .inject("CompleteMultipartUpload", Faults.Kind.RESPONSE_LOST)
                .inject("TransactWriteItems", Faults.Kind.RESPONSE_LOST, 1, 3);
        try (Gateway faulty = Gateway.start(LocalAws.shared().template(), TestStack.containersWith(faults), 0)) {
            TestAccount alice = hackClub(QuotaTier.VERIFIED);
            byte[] data = random(9 * MB, 10);
            Reply started = send(
                    faulty,
                    "POST",
                    "/api/v4/uploads/multipart",
                    bearer(alice),
                    Map.of("filename", "unlucky.bin", "size", data.length));
            putParts(Reply.parts(started.json()), data);
            String id = (String) started.json().get("upload_id");

            Reply first = send(faulty, "POST", "/api/v4/uploads/multipart/" + id + "/complete", bearer(alice), null);
            Reply done = first.status() == 201
                    ? first
                    : send(faulty, "POST", "/api/v4/uploads/multipart/" + id + "/complete", bearer(alice), null);
            assertEquals(201, done.status(), first + " then " + done);
            assertEquals(4, faults.callsSeen(), "every planned answer was lost");
            assertEquals(id, done.json().get("id"));
            assertArrayEquals(data, blob(id));
            assertEquals((long) data.length, hackClubStorage(alice), "counted once");
            Reply again = send(faulty, "POST", "/api/v4/uploads/multipart/" + id + "/complete", bearer(alice), null);
            assertEquals(201, again.status(), again.toString());
            assertEquals((long) data.length, hackClubStorage(alice), "still counted once");
        }
    }

    // ------------------------------------------------------------------------------------ AetherCDN

    @Test
    void aetherFiftyMegabytesArriveByteForByteWithTheirDetails() {
        TestAccount alice = TestStack.account(QuotaTier.VERIFIED, AetherKeys.FORMAT, null);
        byte[] data = random(50 * MB, 8);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("filename", "dataset.bin");
        body.put("size", data.length);
        body.put("sha256", Secrets.sha256Hex(data));
        body.put("description", "a large one");
        body.put("tags", List.of("raw", "2026"));
        Reply started = send(gateway, "POST", "/api/v1/files/uploads", Map.of("X-API-Key", alice.key()), body);
        assertEquals(201, started.status(), started.toString());
        assertEquals(true, started.json().get("success"));
        Map<String, Object> upload = started.object("upload");
        assertEquals(Set.of("id", "name", "size", "partSize", "expiresAt", "parts"), upload.keySet());
        putParts(Reply.parts(upload), data);

        String id = (String) upload.get("id");
        Reply done = send(
                gateway, "POST", "/api/v1/files/uploads/" + id + "/complete", Map.of("X-API-Key", alice.key()), null);
        assertEquals(201, done.status(), done.toString());
        Map<String, Object> file = done.object("file");
        assertEquals(id, file.get("id"));
        assertEquals("dataset.bin", file.get("name"));
        assertEquals("a large one", file.get("description"));
        assertEquals(List.of("raw", "2026"), file.get("tags"));
        assertEquals((long) data.length, ((Number) file.get("size")).longValue());
        assertArrayEquals(data, blob(id));

        Reply listed = send(gateway, "GET", "/api/v1/files", Map.of("X-API-Key", alice.key()), null);
        assertEquals(1, ((List<?>) listed.json().get("files")).size(), listed.toString());
    }

    @Test
    void aetherRefusesABadChecksumInItsFormat() {
        TestAccount alice = TestStack.account(QuotaTier.VERIFIED, AetherKeys.FORMAT, null);
        byte[] data = random(2000, 9);
        Reply started = send(
                gateway,
                "POST",
                "/api/v1/files/uploads",
                Map.of("X-API-Key", alice.key()),
                Map.of("filename", "x.bin", "size", data.length, "sha256", "0".repeat(64)));
        putParts(Reply.parts(started.object("upload")), data);
        String id = (String) started.object("upload").get("id");
        Reply refused = send(
                gateway, "POST", "/api/v1/files/uploads/" + id + "/complete", Map.of("X-API-Key", alice.key()), null);
        assertEquals(422, refused.status(), refused.toString());
        assertEquals(
                Map.of(
                        "success",
                        false,
                        "error",
                        Map.of(
                                "code",
                                "checksum_mismatch",
                                "message",
                                "The bytes received do not match the sha256 given")),
                refused.json());
        assertBlobGone(id);
    }

    @Test
    void aetherAnswersAMissingUploadAsNotFound() {
        TestAccount alice = TestStack.account(QuotaTier.VERIFIED, AetherKeys.FORMAT, null);
        Reply missing = send(
                gateway,
                "GET",
                "/api/v1/files/uploads/01964a3e-8f2b-7c4d-9e5f-0a1b2c3d4e5f",
                Map.of("X-API-Key", alice.key()),
                null);
        assertEquals(404, missing.status());
        assertEquals(
                Map.of("success", false, "error", Map.of("code", "not_found", "message", "Upload not found")),
                missing.json());
    }

    // ------------------------------------------------------------------------------------ helpers

    private static TestAccount hackClub(QuotaTier tier) {
        return TestStack.account(tier, HackClubKeys.FORMAT, Set.of());
    }

    private static Map<String, String> bearer(TestAccount who) {
        return Map.of("Authorization", "Bearer " + who.key());
    }

    private static String startAndSend(TestAccount who, String name, byte[] data) {
        Reply started = send(
                gateway,
                "POST",
                "/api/v4/uploads/multipart",
                bearer(who),
                Map.of("filename", name, "size", data.length));
        assertEquals(201, started.status(), started.toString());
        putParts(Reply.parts(started.json()), data);
        return (String) started.json().get("upload_id");
    }

    private static Reply complete(TestAccount who, String id) {
        return send(gateway, "POST", "/api/v4/uploads/multipart/" + id + "/complete", bearer(who), null);
    }

    /** PUTs each part's bytes to its presigned URL, all at once, as a client does; part n starts at (n - 1) * 8 MiB. */
    static void putParts(List<Map<String, Object>> parts, byte[] data) {
        List<CompletableFuture<Integer>> sent = new ArrayList<>();
        for (Map<String, Object> part : parts) {
            Object number = part.containsKey("part_number") ? part.get("part_number") : part.get("partNumber");
            long offset = (((Number) number).longValue() - 1) * PART_SIZE;
            int size = ((Number) part.get("size")).intValue();
            HttpRequest put = HttpRequest.newBuilder(URI.create((String) part.get("url")))
                    .PUT(BodyPublishers.ofByteArray(data, (int) offset, size))
                    .build();
            sent.add(http.sendAsync(put, BodyHandlers.discarding()).thenApply(r -> r.statusCode()));
        }
        for (CompletableFuture<Integer> status : sent) assertEquals(200, status.join(), "part PUT");
    }

    private static Reply send(Gateway on, String method, String path, Map<String, String> headers, Object json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(on.baseUrl() + path))
                .method(method, json == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(Json.write(json)));
        if (headers != null) headers.forEach(request::header);
        if (json != null) request.header("Content-Type", "application/json");
        try {
            var response = http.send(request.build(), BodyHandlers.ofByteArray());
            return new Reply(
                    response.statusCode(), response.body().length == 0 ? Map.of() : Json.parseObject(response.body()));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long hackClubStorage(TestAccount who) {
        return ((Number) send(gateway, "GET", "/api/v4/me", bearer(who), null)
                        .json()
                        .get("storage_used"))
                .longValue();
    }

    private static S3Client s3() {
        return TestStack.context().getBean(S3Client.class);
    }

    private static byte[] blob(String id) {
        return s3().getObjectAsBytes(g -> g.bucket(Settings.assetsBucket()).key(FileRecord.blobKey(id)))
                .asByteArray();
    }

    private static void assertBlobGone(String id) {
        try {
            blob(id);
            throw new AssertionError("the object of " + id + " is still there");
        } catch (NoSuchKeyException expected) {
            // gone
        }
    }

    private static boolean noMultipartUploadAt(String id) {
        return s3().listMultipartUploads(l -> l.bucket(Settings.assetsBucket()).prefix(FileRecord.blobKey(id)))
                .uploads()
                .isEmpty();
    }

    private static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }
}
