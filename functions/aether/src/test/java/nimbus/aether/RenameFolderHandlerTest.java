package nimbus.aether;

import static nimbus.aether.Calls.call;
import static nimbus.aether.Calls.event;
import static nimbus.aether.Calls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;
import nimbus.aether.Calls.Reply;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.files.FolderRecord;
import org.junit.jupiter.api.Test;

class RenameFolderHandlerTest {
    private final RenameFolderHandler handler = new RenameFolderHandler(TestStack.context());
    private final TestAccount owner = Stored.account();

    @Test
    void theSampleEventRenamesAndKeepsTheCount() {
        FolderRecord folder = Stored.folder(owner, "Holidays");
        Stored.file(owner, "x.txt", new byte[1], folder.id());
        Reply reply = call(handler, event("rename-folder", owner.key(), folder.id()));
        assertEquals(200, reply.status());
        assertEquals(true, reply.json().get("success"));
        assertEquals("Trips", reply.object("folder").get("name"));
        assertEquals(folder.id(), reply.object("folder").get("id"));
        assertEquals(1, ((Number) reply.object("folder").get("fileCount")).intValue());
        assertEquals("Trips", Stored.reload(folder).name());
    }

    @Test
    void aMissingNameIs400AndUnchanged() {
        FolderRecord folder = Stored.folder(owner, "Holidays");
        Reply reply = call(handler, json(event("rename-folder", owner.key(), folder.id()), "{}"));
        assertEquals(400, reply.status());
        assertEquals("bad_request", reply.errorCode());
        assertEquals("Holidays", Stored.reload(folder).name());
    }

    @Test
    void anUnknownFolderIs404AndCreatesNothing() {
        String id = UUID.randomUUID().toString();
        Reply reply = call(handler, event("rename-folder", owner.key(), id));
        assertEquals(404, reply.status());
        assertEquals("not_found", reply.errorCode());
        assertEquals(0, Stored.folders().list(owner.id(), 0, 10).items().size());
    }
}
