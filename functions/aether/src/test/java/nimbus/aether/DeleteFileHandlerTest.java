package nimbus.aether;

import static nimbus.aether.Calls.call;
import static nimbus.aether.Calls.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import nimbus.aether.Calls.Reply;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.account.Account;
import nimbus.shared.files.FileRecord;
import nimbus.shared.files.FolderRecord;
import org.junit.jupiter.api.Test;

class DeleteFileHandlerTest {
    private final DeleteFileHandler handler = new DeleteFileHandler(TestStack.context());
    private final TestAccount owner = Stored.account();

    @Test
    void theSampleEventDeletesMetadataBlobAndCounters() {
        FileRecord keep = Stored.file(owner, "keep.txt", new byte[7]);
        FileRecord file = Stored.file(owner, "gone.txt", new byte[10]);
        assertTrue(Stored.blobExists(file));
        Reply reply = call(handler, event("delete-file", owner.key(), file.id()));
        assertEquals(200, reply.status());
        assertEquals(true, reply.json().get("success"));
        assertEquals(file.id(), reply.json().get("id"));
        assertFalse(Stored.exists(file));
        assertFalse(Stored.blobExists(file));
        assertTrue(Stored.exists(keep));
        assertTrue(Stored.blobExists(keep));
        Account account = TestStack.reload(owner.id());
        assertEquals(1, account.fileCount());
        assertEquals(7, account.storageUsed());

        Reply again = call(handler, event("delete-file", owner.key(), file.id()));
        assertEquals(404, again.status());
        assertEquals("not_found", again.errorCode());
        assertEquals(1, TestStack.reload(owner.id()).fileCount());
    }

    @Test
    void deletingAFileInAFolderLowersItsCount() {
        FolderRecord folder = Stored.folder(owner, "F");
        FileRecord file = Stored.file(owner, "x.txt", new byte[1], folder.id());
        assertEquals(
                200, call(handler, event("delete-file", owner.key(), file.id())).status());
        assertEquals(0, Stored.reload(folder).fileCount());
    }

    @Test
    void unknownOrGarbageIdsAre404() {
        for (String id : new String[] {UUID.randomUUID().toString(), "..%2Fx", ""}) {
            Reply reply = call(handler, event("delete-file", owner.key(), id));
            assertEquals(404, reply.status(), id);
            assertEquals("not_found", reply.errorCode());
        }
    }
}
