package nimbus.aether;

import static nimbus.aether.Calls.call;
import static nimbus.aether.Calls.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import nimbus.aether.Calls.Reply;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.error.NotFound;
import nimbus.shared.files.FileRecord;
import nimbus.shared.files.FolderRecord;
import org.junit.jupiter.api.Test;

class DeleteFolderHandlerTest {
    private final DeleteFolderHandler handler = new DeleteFolderHandler(TestStack.context());
    private final TestAccount owner = Stored.account();

    @Test
    void theSampleEventDeletesAnEmptyFolder() {
        FolderRecord folder = Stored.folder(owner, "Empty");
        Reply reply = call(handler, event("delete-folder", owner.key(), folder.id()));
        assertEquals(200, reply.status());
        assertEquals(true, reply.json().get("success"));
        assertEquals(folder.id(), reply.json().get("id"));
        org.junit.jupiter.api.Assertions.assertThrows(NotFound.class, () -> Stored.reload(folder));
        assertEquals(0, TestStack.reload(owner.id()).folderCount());
    }

    @Test
    void aFolderWithFilesIs409AndStays() {
        FolderRecord folder = Stored.folder(owner, "Full");
        FileRecord file = Stored.file(owner, "x.txt", new byte[1], folder.id());
        Reply reply = call(handler, event("delete-folder", owner.key(), folder.id()));
        assertEquals(409, reply.status());
        assertEquals(false, reply.json().get("success"));
        assertEquals("folder_not_empty", reply.errorCode());
        assertEquals(1, Stored.reload(folder).fileCount());
        assertEquals(1, TestStack.reload(owner.id()).folderCount());
        assertTrue(Stored.exists(file));

        Stored.files().delete(owner.id(), file.id());
        assertEquals(
                200,
                call(handler, event("delete-folder", owner.key(), folder.id())).status());
    }

    @Test
    void anUnknownFolderIs404() {
        Reply reply = call(
                handler, event("delete-folder", owner.key(), UUID.randomUUID().toString()));
        assertEquals(404, reply.status());
        assertEquals("not_found", reply.errorCode());
    }
}
