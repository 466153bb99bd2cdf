package nimbus.hackclub;

import static nimbus.hackclub.Calls.call;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nimbus.hackclub.Calls.Reply;
import nimbus.local.kit.Events;
import nimbus.local.kit.MultipartBody;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.account.Account;
import nimbus.shared.files.FileRecord;
import org.junit.jupiter.api.Test;

class UploadHandlerTest {
    private final UploadHandler handler = new UploadHandler(TestStack.context());
    private final TestAccount caller = HackClubAccounts.create();

    private Reply upload(MultipartBody body) {
        return upload(body.contentType(), body.bytes());
    }

    private Reply upload(String contentType, byte[] body) {
        return call(
                handler,
                Events.withBody(Events.withKey(Events.load("hackclub/upload.json"), caller.key()), contentType, body));
    }

    /** The whole error body of a Hack Club failure: both shapes, nothing else. */
    private static void assertError(Reply reply, int status, String code, String error) {
        assertEquals(Map.of("error", error, "code", code, "message", error, "status", status), reply.json());
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

    @Test
    void storesTheSampleEventsFileAndAnswersWithTheReferenceShape() {
        Reply reply = call(handler, Events.withKey(Events.load("hackclub/upload.json"), caller.key()));
        assertEquals(201, reply.status());
        String id = (String) reply.json().get("id");
        assertEquals(7, UUID.fromString(id).version());
        assertEquals("photo.png", reply.json().get("filename"));
        assertEquals("image/png", reply.json().get("content_type"));
        assertEquals("https://cdn.test/" + id + "/photo.png", reply.json().get("url"));
        assertTrue(((String) reply.json().get("created_at")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
        long size = reply.number("size");
        byte[] stored = TestStack.blobs().get(FileRecord.blobKey(id));
        assertEquals(size, stored.length);
        assertEquals(size, TestStack.reload(caller.id()).storageUsed());
        assertEquals(1, TestStack.reload(caller.id()).fileCount());
    }

    @Test
    void sniffsTextAndAddsUtf8Charset() {
        Reply reply = upload(new MultipartBody()
                .file(
                        "file",
                        "notes.txt",
                        "application/octet-stream",
                        "héllo wörld\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(201, reply.status());
        assertEquals("text/plain; charset=utf-8", reply.json().get("content_type"));
    }

    @Test
    void sanitisesHostileFilenamesAndEscapesTheUrl() {
        Reply reply =
                upload(new MultipartBody().file("file", "../../etc/pa:ss|wd <x>?.txt", "text/plain", "x".getBytes()));
        assertEquals(201, reply.status());
        assertEquals("..-..-etc-pa-ss-wd -x--.txt", reply.json().get("filename"));
        String id = (String) reply.json().get("id");
        assertEquals(
                "https://cdn.test/" + id + "/..-..-etc-pa-ss-wd%20-x--.txt",
                reply.json().get("url"));

        Reply unicode = upload(new MultipartBody().file("file", "日本語 ファイル.png", "image/png", new byte[] {1, 2, 3}));
        assertEquals("日本語 ファイル.png", unicode.json().get("filename"));
        assertTrue(((String) unicode.json().get("url"))
                .endsWith("/%E6%97%A5%E6%9C%AC%E8%AA%9E%20%E3%83%95%E3%82%A1%E3%82%A4%E3%83%AB.png"));
    }

    @Test
    void missingFileIs400AndStoresNothing() {
        assertError(
                upload(new MultipartBody().field("file", "not a file")),
                400,
                "missing_parameter",
                "Missing file parameter");
        assertError(
                upload("application/json", "{\"file\":\"x\"}".getBytes()),
                400,
                "missing_parameter",
                "Missing file parameter");
        assertError(
                upload(new MultipartBody().file("file", "", "application/octet-stream", new byte[0])),
                400,
                "missing_parameter",
                "Missing file parameter");
        assertNothingStored();
    }

    @Test
    void truncatedMultipartIs400AndStoresNothing() {
        MultipartBody body = new MultipartBody().file("file", "a.bin", "application/octet-stream", new byte[5000]);
        APIGatewayProxyRequestEvent event = Events.withBody(
                Events.withKey(Events.load("hackclub/upload.json"), caller.key()),
                body.contentType(),
                Arrays.copyOf(body.bytes(), 3000));
        assertError(call(handler, event), 400, "malformed_multipart", "Malformed multipart body");
        assertNothingStored();
    }

    @Test
    void aNameOverTwoThousandBytesIs422AndANulByteIs400() {
        Reply longName =
                upload(new MultipartBody().file("file", "\u00e9".repeat(1001) + ".txt", "text/plain", "x".getBytes()));
        assertEquals(422, longName.status(), longName.json().toString());
        assertEquals("Validation failed", longName.error());
        assertEquals(
                List.of("Filename is too long (maximum is 2000 bytes)"),
                longName.json().get("details"));
        assertError(
                upload(new MultipartBody().file("file", "evil\u0000.txt", "text/plain", "x".getBytes())),
                400,
                "invalid_filename",
                "Filename contains a NUL byte");
        assertNothingStored();
    }

    @Test
    void aThousandCharacterNameIsKeptAsTheReferenceKeepsIt() {
        String name = "a".repeat(1000) + ".txt";
        Reply reply = upload(new MultipartBody().file("file", name, "text/plain", "x".getBytes()));
        assertEquals(201, reply.status());
        assertEquals(name, reply.json().get("filename"));
    }

    @Test
    void aFileOverTheTiersLimitIs402WithTheQuota() {
        Reply reply = upload(
                new MultipartBody().file("file", "big.bin", "application/octet-stream", new byte[(10 << 20) + 1]));
        assertEquals(402, reply.status());
        assertEquals("File size exceeds your limit of 10 MB per file", reply.error());
        Map<String, Object> quota = reply.object("quota");
        assertEquals("unverified", quota.get("quota_tier"));
        assertEquals(50L << 20, ((Number) quota.get("storage_limit")).longValue());
        assertNothingStored();
    }

    @Test
    void anOversizedFileWithAnOverlongNameReportsTheQuotaFirst() {
        // The name is checked on a background thread while the account is read; its refusal still comes second.
        Reply reply = upload(new MultipartBody()
                .file("file", "\u00e9".repeat(1001) + ".bin", "application/octet-stream", new byte[(10 << 20) + 1]));
        assertEquals(402, reply.status(), reply.json().toString());
        assertEquals("File size exceeds your limit of 10 MB per file", reply.error());
        assertNothingStored();
    }

    @Test
    void anUploadThatWouldOverflowTheTotalQuotaIs402() {
        long nearlyFull = (50L << 20) - 10;
        TestStack.setAccountCounter(caller.id(), "storageUsed", nearlyFull);
        Reply reply = upload(new MultipartBody().file("file", "x.bin", "application/octet-stream", new byte[11]));
        assertEquals(402, reply.status());
        assertEquals("Storage quota exceeded", reply.error());
        assertEquals(nearlyFull, ((Number) reply.object("quota").get("storage_used")).longValue());
        assertEquals(
                201,
                upload(new MultipartBody().file("file", "y.bin", "application/octet-stream", new byte[10]))
                        .status());
        assertEquals(50L << 20, TestStack.reload(caller.id()).storageUsed());
    }

    @Test
    void moreThanAThousandPartsIs413AndStoresNothing() {
        MultipartBody body = new MultipartBody().file("file", "a.txt", "text/plain", "hello".getBytes());
        for (int i = 0; i < 1000; i++) body.field("f" + i, "v");
        assertError(upload(body), 413, "payload_too_large", "Too many parts in multipart body");
        assertNothingStored();
    }

    @Test
    void aThousandPartsAreStillRead() {
        MultipartBody body = new MultipartBody().file("file", "a.txt", "text/plain", "hello".getBytes());
        for (int i = 0; i < 999; i++) body.field("f" + i, "v");
        Reply reply = upload(body);
        assertEquals(201, reply.status(), reply.json().toString());
        assertEquals("a.txt", reply.json().get("filename"));
    }

    @Test
    void aPartHeaderOver16KiBIs400MalformedAndStoresNothing() {
        String headers = "Content-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
                + "Content-Type: text/plain\r\nX-Padding: " + "a".repeat(16 * 1024);
        assertError(
                upload("multipart/form-data; boundary=" + BOUNDARY, rawPart(headers, "hello".getBytes())),
                400,
                "malformed_multipart",
                "Malformed multipart body");
        assertNothingStored();

        // The same part with headers just under the limit is an ordinary upload.
        String fits = "Content-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
                + "Content-Type: text/plain\r\nX-Padding: " + "a".repeat(15 * 1024);
        assertEquals(
                201,
                upload("multipart/form-data; boundary=" + BOUNDARY, rawPart(fits, "hello".getBytes()))
                        .status());
    }

    @Test
    void anEmptyFilenameWithContentIsStoredAsFile() {
        byte[] data = "no name, but content".getBytes(StandardCharsets.UTF_8);
        Reply reply = upload(new MultipartBody().file("file", "", "text/plain", data));
        assertEquals(201, reply.status(), reply.json().toString());
        assertEquals("file", reply.json().get("filename"));
        String id = (String) reply.json().get("id");
        assertEquals("https://cdn.test/" + id + "/file", reply.json().get("url"));
        assertArrayEquals(data, TestStack.blobs().get(FileRecord.blobKey(id)));
        assertEquals(data.length, TestStack.reload(caller.id()).storageUsed());
    }

    @Test
    void ofDuplicateFilePartsTheFirstIsStoredAndTheRestIgnored() {
        Reply reply = upload(new MultipartBody()
                .file("file", "first.txt", "text/plain", "1st".getBytes())
                .file("file", "second.txt", "text/plain", "the second".getBytes()));
        assertEquals(201, reply.status(), reply.json().toString());
        assertEquals("first.txt", reply.json().get("filename"));
        assertEquals(3L, reply.number("size"));
        Account account = TestStack.reload(caller.id());
        assertEquals(1, account.fileCount());
        assertEquals(3, account.storageUsed());
    }

    @Test
    void aMultipartTypeWithoutABoundaryIs400MalformedAndStoresNothing() {
        MultipartBody body = new MultipartBody().file("file", "a.txt", "text/plain", "hello".getBytes());
        assertError(
                upload("multipart/form-data", body.bytes()), 400, "malformed_multipart", "Malformed multipart body");
        assertNothingStored();
    }

    private void assertNothingStored() {
        Account account = TestStack.reload(caller.id());
        assertEquals(0, account.storageUsed());
        assertEquals(0, account.fileCount());
    }
}
