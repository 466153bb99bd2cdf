package nimbus.aether;

import static nimbus.aether.Calls.call;
import static nimbus.aether.Calls.event;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import nimbus.aether.Calls.Reply;
import nimbus.local.kit.Events;
import nimbus.local.kit.MultipartBody;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.Secrets;
import nimbus.shared.account.Account;
import nimbus.shared.account.QuotaTier;
import nimbus.shared.files.FileRecord;
import nimbus.shared.files.FolderRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class UploadFileHandlerTest {
    private final UploadFileHandler handler = new UploadFileHandler(TestStack.context());
    private final TestAccount caller = Stored.account();

    private Reply upload(MultipartBody body) {
        return upload(body.contentType(), body.bytes());
    }

    private Reply upload(String contentType, byte[] body) {
        return upload(caller, contentType, body);
    }

    private Reply upload(TestAccount who, MultipartBody body) {
        return upload(who, body.contentType(), body.bytes());
    }

    private Reply upload(TestAccount who, String contentType, byte[] body) {
        return call(handler, Events.withBody(event("upload-file", who.key()), contentType, body));
    }

    /** The whole error body: {@code {"success": false, "error": {"code", "message"}}}. */
    private static void assertError(Reply reply, int status, String code, String message) {
        assertEquals(Map.of("success", false, "error", Map.of("code", code, "message", message)), reply.json());
        assertEquals(status, reply.status());
    }

    private static final String BOUNDARY = "----NimbusRawBoundary";

    /** A multipart body with one part whose header lines are given raw. */
    private static byte[] rawPart(String headers, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--" + BOUNDARY + "\r\n" + headers + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(data);
        out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static MultipartBody fileOf(int bytes) {
        return new MultipartBody().file("file", "f.bin", "application/octet-stream", new byte[bytes]);
    }

    private static TestAccount accountOf(QuotaTier tier) {
        return TestStack.account(tier, AetherKeys.FORMAT, Stored.ALL_SCOPES);
    }

    private static MultipartBody aFile() {
        return new MultipartBody().file("file", "a.txt", "text/plain", "hello".getBytes(StandardCharsets.UTF_8));
    }

    private void assertNothingStored() {
        Account account = TestStack.reload(caller.id());
        assertEquals(0, account.storageUsed());
        assertEquals(0, account.fileCount());
        assertEquals(0, Stored.files().list(caller.id(), null, 0, 10).items().size());
    }

    @Test
    void theSampleEventStoresTheFileAndAnswersWithTheSeedShape() {
        Reply reply = call(handler, event("upload-file", caller.key()));
        assertEquals(201, reply.status());
        assertEquals(true, reply.json().get("success"));
        Map<String, Object> file = reply.object("file");
        String id = (String) file.get("id");
        assertEquals("example.jpg", file.get("name"));
        assertEquals("https://cdn.test/" + id + "/example.jpg", file.get("url"));
        assertEquals("My photo", file.get("description"));
        assertEquals(List.of("holiday", "beach"), file.get("tags"));
        long size = ((Number) file.get("size")).longValue();
        byte[] sent = Base64.getDecoder()
                .decode(Events.load("aether/upload-file.json").getBody());
        String raw = new String(sent, StandardCharsets.ISO_8859_1);
        int start = raw.indexOf("\r\n\r\n", raw.indexOf("filename=\"example.jpg\"")) + 4;
        byte[] content = Arrays.copyOfRange(sent, start, raw.indexOf("\r\n------NimbusBoundaryAether42--"));
        assertEquals(content.length, size);
        assertArrayEquals(content, TestStack.blobs().get(FileRecord.blobKey(id)));
        // The SHA-256 (the download's ETag) is computed beside the S3 write: it must be the stored bytes' own.
        assertEquals(
                Secrets.sha256Hex(content),
                Stored.files().find(caller.id(), id).orElseThrow().sha256());
        Account account = TestStack.reload(caller.id());
        assertEquals(size, account.storageUsed());
        assertEquals(1, account.fileCount());
    }

    @Test
    void uploadsIntoAFolderAndCountsIt() {
        FolderRecord folder = Stored.folder(caller, "Docs");
        Reply reply = upload(aFile().field("folderId", folder.id()));
        assertEquals(201, reply.status());
        assertEquals(folder.id(), reply.object("file").get("folderId"));
        assertEquals(1, Stored.reload(folder).fileCount());
    }

    @Test
    void anUnknownFolderIs404AndStoresNothing() {
        for (String folderId : new String[] {UUID.randomUUID().toString(), "not-a-folder"}) {
            Reply reply = upload(aFile().field("folderId", folderId));
            assertEquals(404, reply.status(), folderId);
            assertFalse(reply.success());
            assertEquals("not_found", reply.errorCode());
        }
        assertNothingStored();
    }

    private static final String MISSING_FILE = "Missing file: send it as the multipart field \"file\"";

    @Test
    void missingFileIs400AndStoresNothing() {
        assertError(upload(new MultipartBody().field("description", "no file here")), 400, "bad_request", MISSING_FILE);
        assertError(upload(new MultipartBody().field("file", "just text")), 400, "bad_request", MISSING_FILE);
        assertError(
                upload("application/json", "{\"file\":\"x\"}".getBytes(StandardCharsets.UTF_8)),
                400,
                "bad_request",
                MISSING_FILE);
        assertError(
                upload("application/x-www-form-urlencoded", "file=x".getBytes(StandardCharsets.UTF_8)),
                400,
                "bad_request",
                MISSING_FILE);
        // a browser form sent with no file chosen: no filename, no bytes
        assertError(
                upload(new MultipartBody().file("file", "", "application/octet-stream", new byte[0])),
                400,
                "bad_request",
                MISSING_FILE);
        assertNothingStored();
    }

    @Test
    void aTruncatedMultipartBodyIs400AndStoresNothing() {
        MultipartBody body = new MultipartBody().file("file", "big.bin", "application/octet-stream", new byte[2000]);
        byte[] whole = body.bytes();
        assertError(
                upload(body.contentType(), Arrays.copyOf(whole, whole.length / 2)),
                400,
                "bad_request",
                "Malformed multipart body");
        assertNothingStored();
    }

    @Test
    void moreThanAThousandPartsIs413AndStoresNothing() {
        MultipartBody body = aFile();
        for (int i = 0; i < 1000; i++) body.field("f" + i, "v");
        assertError(upload(body), 413, "payload_too_large", "Too many parts in multipart body");
        assertNothingStored();

        MultipartBody thousand = aFile();
        for (int i = 0; i < 999; i++) thousand.field("f" + i, "v");
        assertEquals(201, upload(thousand).status());
    }

    @Test
    void aPartHeaderOver16KiBIs400MalformedAndStoresNothing() {
        String headers = "Content-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
                + "Content-Type: text/plain\r\nX-Padding: " + "a".repeat(16 * 1024);
        assertError(
                upload("multipart/form-data; boundary=" + BOUNDARY, rawPart(headers, "hello".getBytes())),
                400,
                "bad_request",
                "Malformed multipart body");
        assertNothingStored();
    }

    @Test
    void anEmptyFilenameWithContentIsStoredAsFile() {
        byte[] data = "content without a name".getBytes(StandardCharsets.UTF_8);
        Reply reply = upload(new MultipartBody().file("file", "", "text/plain", data));
        assertEquals(201, reply.status(), new String(reply.body(), StandardCharsets.UTF_8));
        Map<String, Object> file = reply.object("file");
        assertEquals("file", file.get("name"));
        assertEquals("https://cdn.test/" + file.get("id") + "/file", file.get("url"));
        assertArrayEquals(data, TestStack.blobs().get(FileRecord.blobKey((String) file.get("id"))));
    }

    @Test
    void ofDuplicateFilePartsTheFirstIsStoredAndTheRestIgnored() {
        Reply reply = upload(new MultipartBody()
                .file("file", "first.txt", "text/plain", "1st".getBytes(StandardCharsets.UTF_8))
                .file("file", "second.txt", "text/plain", "the second".getBytes(StandardCharsets.UTF_8)));
        assertEquals(201, reply.status());
        assertEquals("first.txt", reply.object("file").get("name"));
        assertEquals(3, ((Number) reply.object("file").get("size")).intValue());
        Account account = TestStack.reload(caller.id());
        assertEquals(1, account.fileCount());
        assertEquals(3, account.storageUsed());
    }

    @Test
    void aMultipartTypeWithoutABoundaryIs400MalformedAndStoresNothing() {
        assertError(upload("multipart/form-data", aFile().bytes()), 400, "bad_request", "Malformed multipart body");
        assertNothingStored();
    }

    // ---- quota: the account's tier applies ----

    @Test
    void unverifiedTakesAFileOfExactly10MiBAndRefusesOneByteMore() {
        TestAccount unverified = accountOf(QuotaTier.UNVERIFIED);
        Reply exact = upload(unverified, fileOf(10 << 20));
        assertEquals(201, exact.status(), new String(exact.body(), StandardCharsets.UTF_8));
        assertEquals(10 << 20, ((Number) exact.object("file").get("size")).intValue());

        assertError(
                upload(unverified, fileOf((10 << 20) + 1)),
                402,
                "quota_exceeded",
                "File size exceeds your limit of 10 MB per file");
        Account account = TestStack.reload(unverified.id());
        assertEquals(1, account.fileCount());
        assertEquals(10 << 20, account.storageUsed());
    }

    @Test
    void verifiedTakesAFileOverTheUnverifiedLimit() {
        TestAccount verified = accountOf(QuotaTier.VERIFIED);
        assertEquals(201, upload(verified, fileOf((10 << 20) + 1)).status());
        assertEquals((10 << 20) + 1, TestStack.reload(verified.id()).storageUsed());
    }

    @ParameterizedTest
    @EnumSource(QuotaTier.class)
    void eachTierRefusesAFileOverTheRemainingRoomAndTakesOneThatFillsIt(QuotaTier tier) {
        TestAccount who = accountOf(tier);
        long nearlyFull = tier.maxTotalBytes() - 10;
        TestStack.setAccountCounter(who.id(), "storageUsed", nearlyFull);

        assertError(upload(who, fileOf(11)), 402, "quota_exceeded", "Storage quota exceeded");
        Account refused = TestStack.reload(who.id());
        assertEquals(nearlyFull, refused.storageUsed());
        assertEquals(0, refused.fileCount());

        assertEquals(201, upload(who, fileOf(10)).status());
        assertEquals(tier.maxTotalBytes(), TestStack.reload(who.id()).storageUsed());
        assertError(upload(who, fileOf(1)), 402, "quota_exceeded", "Storage quota exceeded");
        assertEquals(1, TestStack.reload(who.id()).fileCount());
    }

    @Test
    void tooLongDescriptionOrTooManyTagsIs400AndStoresNothing() {
        Reply longDescription = upload(aFile().field("description", "d".repeat(1001)));
        assertEquals(400, longDescription.status());
        assertEquals("bad_request", longDescription.errorCode());
        String tags21 = IntStream.range(0, 21).mapToObj(i -> "t" + i).collect(Collectors.joining(","));
        Reply manyTags = upload(aFile().field("tags", tags21));
        assertEquals(400, manyTags.status());
        assertEquals("bad_request", manyTags.errorCode());
        assertNothingStored();
    }

    @Test
    void theLimitsThemselvesAreAccepted() {
        String tags20 = IntStream.range(0, 20).mapToObj(i -> "t" + i).collect(Collectors.joining(", "));
        Reply reply = upload(aFile().field("description", "d".repeat(1000)).field("tags", tags20));
        assertEquals(201, reply.status());
        assertEquals(20, ((List<?>) reply.object("file").get("tags")).size());
        assertEquals(1000, ((String) reply.object("file").get("description")).length());
    }

    @Test
    void aJsonBodyWithTheSampleHeadersIsNotMistakenForAFile() {
        APIGatewayProxyRequestEvent event = event("upload-file", caller.key());
        event.setBody(null);
        event.setIsBase64Encoded(false);
        assertEquals(400, call(handler, event).status());
        assertNothingStored();
    }
}
