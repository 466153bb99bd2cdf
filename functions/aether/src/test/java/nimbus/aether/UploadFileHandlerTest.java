package nimbus.aether;

import static nimbus.aether.Calls.call;
import static nimbus.aether.Calls.event;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
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
import nimbus.shared.account.Account;
import nimbus.shared.files.FileRecord;
import nimbus.shared.files.FolderRecord;
import org.junit.jupiter.api.Test;

class UploadFileHandlerTest {
    private final UploadFileHandler handler = new UploadFileHandler(TestStack.context());
    private final TestAccount caller = Stored.account();

    private Reply upload(MultipartBody body) {
        return upload(body.contentType(), body.bytes());
    }

    private Reply upload(String contentType, byte[] body) {
        return call(handler, Events.withBody(event("upload-file", caller.key()), contentType, body));
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

    @Test
    void missingFileIs400AndStoresNothing() {
        Reply noFile = upload(new MultipartBody().field("description", "no file here"));
        assertEquals(400, noFile.status());
        assertEquals("bad_request", noFile.errorCode());
        Reply fieldNotFile = upload(new MultipartBody().field("file", "just text"));
        assertEquals(400, fieldNotFile.status());
        Reply json = upload("application/json", "{\"file\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, json.status());
        assertEquals("bad_request", json.errorCode());
        Reply form = upload("application/x-www-form-urlencoded", "file=x".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, form.status());
        Reply noFileChosen = upload(new MultipartBody().file("file", "", "application/octet-stream", new byte[0]));
        assertEquals(400, noFileChosen.status(), "a browser form sent with no file chosen");
        assertEquals("Missing file: send it as the multipart field \"file\"", noFileChosen.errorMessage());
        assertNothingStored();
    }

    @Test
    void aTruncatedMultipartBodyIs400AndStoresNothing() {
        MultipartBody body = new MultipartBody().file("file", "big.bin", "application/octet-stream", new byte[2000]);
        byte[] whole = body.bytes();
        Reply reply = upload(body.contentType(), Arrays.copyOf(whole, whole.length / 2));
        assertEquals(400, reply.status());
        assertFalse(reply.success());
        assertEquals("bad_request", reply.errorCode());
        assertNothingStored();
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
