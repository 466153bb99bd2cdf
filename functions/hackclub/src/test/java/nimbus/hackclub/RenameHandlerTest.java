package nimbus.hackclub;

import static nimbus.hackclub.Calls.call;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import nimbus.hackclub.Calls.Reply;
import nimbus.local.kit.Events;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.files.FileRecord;
import org.junit.jupiter.api.Test;

class RenameHandlerTest {
    private final RenameHandler handler = new RenameHandler(TestStack.context());
    private final TestAccount owner = HackClubAccounts.create();

    private Reply rename(TestAccount caller, String id, String json) {
        APIGatewayProxyRequestEvent event = Events.withPathParameter(Events.load("hackclub/rename.json"), "id", id);
        return call(handler, Events.withBody(Events.withKey(event, caller.key()), "application/json", json.getBytes()));
    }

    @Test
    void theSampleEventRenamesAndKeepsTheExtension() {
        FileRecord file = Uploads.stored(owner, "holiday.jpg", 10);
        APIGatewayProxyRequestEvent event =
                Events.withPathParameter(Events.load("hackclub/rename.json"), "id", file.id());
        Reply reply = call(handler, Events.withKey(event, owner.key()));
        assertEquals(200, reply.status());
        assertEquals("renamed.jpg", reply.json().get("filename"));
        assertEquals(
                "https://cdn.test/" + file.id() + "/renamed.jpg", reply.json().get("url"));
        assertEquals("renamed.jpg", Uploads.filename(file));
    }

    @Test
    void aNewExtensionReplacesTheOldAndTheNameIsSanitised() {
        FileRecord file = Uploads.stored(owner, "report.txt", 10);
        assertEquals(
                "final-v2.md",
                rename(owner, file.id(), "{\"filename\":\"final/v2.md\"}")
                        .json()
                        .get("filename"));
    }

    @Test
    void missingFilenameIs400() {
        FileRecord file = Uploads.stored(owner, "a.txt", 1);
        Reply reply = rename(owner, file.id(), "{}");
        assertEquals(400, reply.status());
        assertEquals("Missing filename parameter", reply.error());
        assertEquals("a.txt", Uploads.filename(file));
    }

    @Test
    void anotherAccountsUploadIsNotFoundAndUnchanged() {
        FileRecord file = Uploads.stored(owner, "mine.txt", 1);
        Reply reply = rename(HackClubAccounts.create(), file.id(), "{\"filename\":\"stolen\"}");
        assertEquals(404, reply.status());
        assertEquals("Upload not found", reply.error());
        assertEquals("mine.txt", Uploads.filename(file));
    }

    @Test
    void traversalAndGarbageIdsAreNotFound() {
        for (String id : new String[] {"..%2F..%2Fetc%2Fpasswd", "../../x", "abc\u0000def", "0".repeat(500)}) {
            assertEquals(404, rename(owner, id, "{\"filename\":\"x\"}").status());
        }
    }
}
