package nimbus.aether;

import static nimbus.aether.Calls.call;
import static nimbus.aether.Calls.event;
import static nimbus.aether.Calls.query;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import nimbus.aether.Calls.Reply;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import org.junit.jupiter.api.Test;

class ListFoldersHandlerTest {
    private final ListFoldersHandler handler = new ListFoldersHandler(TestStack.context());
    private final TestAccount owner = Stored.account();

    private static List<String> names(Reply reply) {
        return reply.list("folders").stream().map(f -> (String) f.get("name")).toList();
    }

    @Test
    void theSampleEventListsFoldersOldestFirstWithCounts() {
        var first = Stored.folder(owner, "First");
        Stored.folder(owner, "Second");
        Stored.file(owner, "x.txt", new byte[1], first.id());
        Reply reply = call(handler, event("list-folders", owner.key()));
        assertEquals(200, reply.status());
        assertEquals(true, reply.json().get("success"));
        assertEquals(List.of("First", "Second"), names(reply));
        assertEquals(first.id(), reply.list("folders").get(0).get("id"));
        assertEquals(1, ((Number) reply.list("folders").get(0).get("fileCount")).intValue());
        assertEquals(Map.of("total", 2, "limit", 50, "offset", 0), reply.object("pagination"));
    }

    @Test
    void pagesWithLimitAndOffsetAndRejectsBadValues() {
        for (int i = 0; i < 3; i++) Stored.folder(owner, "F" + i);
        Reply page = call(handler, query(event("list-folders", owner.key()), Map.of("limit", "1", "offset", "1")));
        assertEquals(List.of("F1"), names(page));
        assertEquals(Map.of("total", 3, "limit", 1, "offset", 1), page.object("pagination"));
        Reply bad = call(handler, query(event("list-folders", owner.key()), Map.of("offset", "abc")));
        assertEquals(400, bad.status());
        assertEquals("bad_request", bad.errorCode());
    }

    @Test
    void anotherAccountsFoldersAreNotListed() {
        Stored.folder(owner, "Mine");
        TestAccount other = Stored.account();
        Reply reply = call(handler, event("list-folders", other.key()));
        assertEquals(List.of(), reply.list("folders"));
        assertEquals(0, ((Number) reply.object("pagination").get("total")).intValue());
    }
}
