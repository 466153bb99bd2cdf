package nimbus.aether;

import static nimbus.aether.Calls.call;
import static nimbus.aether.Calls.event;
import static nimbus.aether.Calls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import nimbus.aether.Calls.Reply;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import org.junit.jupiter.api.Test;

class CreateFolderHandlerTest {
    private final CreateFolderHandler handler = new CreateFolderHandler(TestStack.context());
    private final TestAccount owner = Stored.account();

    @Test
    void theSampleEventCreatesAnEmptyFolder() {
        Reply reply = call(handler, event("create-folder", owner.key()));
        assertEquals(201, reply.status());
        assertEquals(true, reply.json().get("success"));
        var folder = reply.object("folder");
        assertEquals("Holidays", folder.get("name"));
        assertEquals(0, ((Number) folder.get("fileCount")).intValue());
        assertEquals(
                "Holidays",
                Stored.folders().require(owner.id(), (String) folder.get("id")).name());
        assertEquals(1, TestStack.reload(owner.id()).folderCount());
    }

    @Test
    void aMissingBlankOrOverlongNameIs400AndCreatesNothing() {
        for (String body : new String[] {
            "{}", "{\"name\":\"   \"}", "{\"name\":\"" + "n".repeat(256) + "\"}", "{\"name\":\"a\\u0000b\"}"
        }) {
            Reply reply = call(handler, json(event("create-folder", owner.key()), body));
            assertEquals(400, reply.status(), body);
            assertEquals(false, reply.json().get("success"));
            assertEquals("bad_request", reply.errorCode());
        }
        assertEquals(0, TestStack.reload(owner.id()).folderCount());
    }
}
