package nimbus.hackclub;

import static nimbus.hackclub.Calls.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Map;
import nimbus.hackclub.Calls.Reply;
import nimbus.local.kit.Events;
import nimbus.local.kit.MultipartBody;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import org.junit.jupiter.api.Test;

class BatchUploadHandlerTest {
    private final BatchUploadHandler handler = new BatchUploadHandler(TestStack.context());
    private final TestAccount caller = HackClubAccounts.create();

    private Reply upload(MultipartBody body) {
        return upload(body.contentType(), body.bytes());
    }

    private Reply upload(String contentType, byte[] body) {
        return call(
                handler,
                Events.withBody(
                        Events.withKey(Events.load("hackclub/batch-upload.json"), caller.key()), contentType, body));
    }

    private static void assertError(Reply reply, int status, String code, String error) {
        assertEquals(Map.of("error", error, "code", code, "message", error, "status", status), reply.json());
        assertEquals(status, reply.status());
    }

    private void assertNothingStored() {
        assertEquals(0, TestStack.reload(caller.id()).fileCount());
        assertEquals(0, TestStack.reload(caller.id()).storageUsed());
    }

    @Test
    void theSampleEventStoresBothFiles() {
        Reply reply = call(handler, Events.withKey(Events.load("hackclub/batch-upload.json"), caller.key()));
        assertEquals(201, reply.status());
        List<Map<String, Object>> uploads = reply.list("uploads");
        assertEquals(
                List.of("hello.txt", "pixel.png"),
                uploads.stream().map(u -> u.get("filename")).toList());
        assertEquals("text/plain; charset=utf-8", uploads.get(0).get("content_type"));
        assertEquals(List.of(), reply.json().get("failed"));
        assertEquals(2, TestStack.reload(caller.id()).fileCount());
    }

    @Test
    void fortyFilesAreAcceptedAndFortyOneAreRefusedWhole() {
        MultipartBody forty = new MultipartBody();
        for (int i = 0; i < 40; i++) forty.file("files[]", "f" + i + ".txt", "text/plain", ("file " + i).getBytes());
        Reply ok = upload(forty);
        assertEquals(201, ok.status());
        assertEquals(40, ok.list("uploads").size());

        MultipartBody fortyOne = new MultipartBody();
        for (int i = 0; i < 41; i++) fortyOne.file("files[]", "g" + i + ".txt", "text/plain", "x".getBytes());
        Reply tooMany = upload(fortyOne);
        assertEquals(400, tooMany.status());
        assertEquals("Too many files", tooMany.error());
        assertEquals("Maximum 40 files per batch, got 41", tooMany.json().get("detail"));
        assertEquals(40, TestStack.reload(caller.id()).fileCount());
    }

    @Test
    void noFilesIs400() {
        assertError(
                upload(new MultipartBody().field("note", "nothing here")),
                400,
                "missing_parameter",
                "Missing files[] parameter");
        assertNothingStored();
    }

    @Test
    void duplicatePartsWithTheSameNameAndContentAreEachStored() {
        Reply reply = upload(new MultipartBody()
                .file("files[]", "same.txt", "text/plain", "same".getBytes())
                .file("files[]", "same.txt", "text/plain", "same".getBytes()));
        assertEquals(201, reply.status(), reply.json().toString());
        List<Map<String, Object>> uploads = reply.list("uploads");
        assertEquals(
                List.of("same.txt", "same.txt"),
                uploads.stream().map(u -> u.get("filename")).toList());
        assertNotEquals(uploads.get(0).get("id"), uploads.get(1).get("id"));
        assertEquals(List.of(), reply.json().get("failed"));
        assertEquals(2, TestStack.reload(caller.id()).fileCount());
        assertEquals(8, TestStack.reload(caller.id()).storageUsed());
    }

    @Test
    void moreThanAThousandPartsIs413AndStoresNothing() {
        MultipartBody body = new MultipartBody().file("files[]", "a.txt", "text/plain", "a".getBytes());
        for (int i = 0; i < 1000; i++) body.field("f" + i, "v");
        assertError(upload(body), 413, "payload_too_large", "Too many parts in multipart body");
        assertNothingStored();
    }

    @Test
    void aMultipartTypeWithoutABoundaryIs400MalformedAndStoresNothing() {
        MultipartBody body = new MultipartBody().file("files[]", "a.txt", "text/plain", "a".getBytes());
        assertError(
                upload("multipart/form-data", body.bytes()), 400, "malformed_multipart", "Malformed multipart body");
        assertNothingStored();
    }

    @Test
    void filesThatDoNotFitTheQuotaFailOneByOne() {
        long used = (50L << 20) - 100;
        TestStack.setAccountCounter(caller.id(), "storageUsed", used);
        Reply reply = upload(new MultipartBody()
                .file("files[]", "fits.bin", "application/octet-stream", new byte[60])
                .file("files[]", "overflows.bin", "application/octet-stream", new byte[60])
                .file("files[]", "also-fits.bin", "application/octet-stream", new byte[40]));
        assertEquals(201, reply.status());
        assertEquals(
                List.of("fits.bin", "also-fits.bin"),
                reply.list("uploads").stream().map(u -> u.get("filename")).toList());
        assertEquals("overflows.bin", reply.list("failed").get(0).get("filename"));
        assertEquals(
                "Would exceed storage quota (40 Bytes remaining)",
                reply.list("failed").get(0).get("reason"));
        assertEquals(50L << 20, TestStack.reload(caller.id()).storageUsed());

        Reply none = upload(new MultipartBody()
                .file("files[]", "more.bin", "application/octet-stream", new byte[1])
                .file("files[]", "big.bin", "application/octet-stream", new byte[(10 << 20) + 1]));
        assertEquals(422, none.status());
        assertEquals(
                List.of("Storage quota already exceeded", "Storage quota already exceeded"),
                none.list("failed").stream().map(f -> f.get("reason")).toList());
    }

    @Test
    void aFileOverThePerFileLimitIsReportedInTheReferencesWords() {
        Reply reply = upload(new MultipartBody()
                .file("files[]", "big.bin", "application/octet-stream", new byte[(10 << 20) + 1])
                .file("files[]", "ok.bin", "application/octet-stream", new byte[3]));
        assertEquals(201, reply.status());
        assertEquals(
                List.of("ok.bin"),
                reply.list("uploads").stream().map(u -> u.get("filename")).toList());
        assertEquals(
                "File size (10 MB) exceeds limit of 10 MB",
                reply.list("failed").get(0).get("reason"));
    }

    @Test
    void noFileChosenPartsAreNotFiles() {
        assertError(
                upload(new MultipartBody().file("files[]", "", "application/octet-stream", new byte[0])),
                400,
                "missing_parameter",
                "Missing files[] parameter");
        assertNothingStored();
    }

    @Test
    void anEmptyFilenameWithContentIsStoredAsFile() {
        Reply reply = upload(new MultipartBody().file("files[]", "", "text/plain", "content".getBytes()));
        assertEquals(201, reply.status(), reply.json().toString());
        assertEquals("file", reply.list("uploads").get(0).get("filename"));
        assertEquals(1, TestStack.reload(caller.id()).fileCount());
    }
}
