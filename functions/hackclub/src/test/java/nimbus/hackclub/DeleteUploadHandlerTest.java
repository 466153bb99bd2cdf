package nimbus.hackclub;

import static nimbus.hackclub.Calls.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nimbus.hackclub.Calls.Reply;
import nimbus.local.kit.Events;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.files.FileRecord;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

class DeleteUploadHandlerTest {
    private final DeleteUploadHandler handler = new DeleteUploadHandler(TestStack.context());
    private final TestAccount owner = HackClubAccounts.create();

    private Reply delete(TestAccount caller, String id) {
        return call(
                handler,
                Events.withKey(
                        Events.withPathParameter(Events.load("hackclub/delete-upload.json"), "id", id), caller.key()));
    }

    @Test
    void deletesMetadataBlobAndCounters() {
        FileRecord keep = Uploads.stored(owner, "keep.bin", 7);
        FileRecord gone = Uploads.stored(owner, "gone.bin", 100);
        Reply reply = delete(owner, gone.id());
        assertEquals(200, reply.status());
        assertEquals(gone.id(), reply.json().get("id"));
        assertEquals(true, reply.json().get("deleted"));
        assertFalse(Uploads.exists(gone));
        assertThrows(NoSuchKeyException.class, () -> TestStack.blobs().get(gone.blobKey()));
        assertEquals(7, TestStack.reload(owner.id()).storageUsed());
        assertEquals(1, TestStack.reload(owner.id()).fileCount());
        assertEquals(404, delete(owner, gone.id()).status());
        assertEquals(7, TestStack.reload(owner.id()).storageUsed());
        assertTrue(Uploads.exists(keep));
    }

    @Test
    void anotherAccountsUploadIsNotFoundAndKept() {
        FileRecord file = Uploads.stored(owner, "mine.bin", 5);
        Reply reply = delete(HackClubAccounts.create(), file.id());
        assertEquals(404, reply.status());
        assertEquals("not_found", reply.json().get("code"));
        assertTrue(Uploads.exists(file));
        assertEquals(5, TestStack.blobs().get(file.blobKey()).length);
        assertEquals(5, TestStack.reload(owner.id()).storageUsed());
    }

    @Test
    void theSampleEventsIdIsNotFound() {
        assertEquals(
                404,
                call(handler, Events.withKey(Events.load("hackclub/delete-upload.json"), owner.key()))
                        .status());
    }
}
