package nimbus.hackclub;

import static nimbus.hackclub.Calls.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nimbus.hackclub.Calls.Reply;
import nimbus.local.kit.Events;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.Ids;
import nimbus.shared.files.FileRecord;
import nimbus.shared.http.Json;
import org.junit.jupiter.api.Test;

class BatchDeleteHandlerTest {
    private final BatchDeleteHandler handler = new BatchDeleteHandler(TestStack.context());
    private final TestAccount owner = HackClubAccounts.create();

    private Reply deleteIds(TestAccount caller, List<String> ids) {
        byte[] body = Json.write(Map.of("ids", ids));
        return call(
                handler,
                Events.withBody(
                        Events.withKey(Events.load("hackclub/batch-delete.json"), caller.key()),
                        "application/json",
                        body));
    }

    @Test
    void deletesOwnFilesAndReportsTheRestAsNotFound() {
        FileRecord a = Uploads.stored(owner, "a.bin", 10);
        FileRecord b = Uploads.stored(owner, "b.bin", 20);
        FileRecord kept = Uploads.stored(owner, "kept.bin", 3);
        TestAccount other = HackClubAccounts.create();
        FileRecord theirs = Uploads.stored(other, "theirs.bin", 4);
        String missing = Ids.newId();

        Reply reply = deleteIds(owner, List.of(a.id(), theirs.id(), b.id(), missing, "../etc"));
        assertEquals(200, reply.status());
        assertEquals(
                List.of(Map.of("id", a.id(), "filename", "a.bin"), Map.of("id", b.id(), "filename", "b.bin")),
                reply.list("deleted"));
        assertEquals(List.of(theirs.id(), missing, "../etc"), reply.json().get("not_found"));
        assertFalse(Uploads.exists(a));
        assertFalse(Uploads.exists(b));
        assertTrue(Uploads.exists(kept));
        assertTrue(Uploads.exists(theirs));
        assertEquals(3, TestStack.reload(owner.id()).storageUsed());
        assertEquals(1, TestStack.reload(owner.id()).fileCount());
        assertEquals(4, TestStack.reload(other.id()).storageUsed());
    }

    @Test
    void theSampleEventAndFormBracketIdsWork() {
        Reply sample = call(handler, Events.withKey(Events.load("hackclub/batch-delete.json"), owner.key()));
        assertEquals(200, sample.status());
        assertEquals(
                List.of("01964a3e-8f2b-7c4d-9e5f-0a1b2c3d4e5f"), sample.json().get("not_found"));

        FileRecord a = Uploads.stored(owner, "a.bin", 1);
        Reply form = call(
                handler,
                Events.withBody(
                        Events.withKey(Events.load("hackclub/batch-delete.json"), owner.key()),
                        "application/x-www-form-urlencoded",
                        ("ids%5B%5D=" + a.id()).getBytes()));
        assertEquals(1, form.list("deleted").size());
        assertFalse(form.json().containsKey("not_found"));
    }

    @Test
    void moreThanAThousandIdsIs400AndDeletesNothing() {
        FileRecord a = Uploads.stored(owner, "a.bin", 1);
        List<String> ids = new ArrayList<>(List.of(a.id()));
        for (int i = 0; i < 1000; i++) ids.add(Ids.newId());
        Reply reply = deleteIds(owner, ids);
        assertEquals(400, reply.status());
        assertEquals("Maximum 1000 ids per request, got 1001", reply.json().get("detail"));
        assertTrue(Uploads.exists(a));
    }

    @Test
    void hundredsOfIdsAndUpperCaseIdsAreDeleted() {
        FileRecord a = Uploads.stored(owner, "a.bin", 1);
        FileRecord b = Uploads.stored(owner, "b.bin", 2);
        List<String> ids = new ArrayList<>(List.of(a.id(), b.id().toUpperCase(java.util.Locale.ROOT)));
        for (int i = 0; i < 250; i++) ids.add(Ids.newId());
        Reply reply = deleteIds(owner, ids);
        assertEquals(200, reply.status());
        assertEquals(2, reply.list("deleted").size());
        assertEquals(250, ((List<?>) reply.json().get("not_found")).size());
        assertFalse(Uploads.exists(a));
        assertFalse(Uploads.exists(b));
        assertEquals(0, TestStack.reload(owner.id()).fileCount());
    }

    @Test
    void noIdsIs400() {
        Reply reply = deleteIds(owner, List.of());
        assertEquals(400, reply.status());
        assertEquals("Missing ids[] parameter", reply.error());
    }

    @Test
    void manyFilesAcrossTransactionChunksKeepCountersExact() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 100; i++)
            ids.add(Uploads.stored(owner, "f" + i + ".bin", 2).id());
        assertEquals(200, TestStack.reload(owner.id()).storageUsed());
        Reply reply = deleteIds(owner, ids);
        assertEquals(100, reply.list("deleted").size());
        assertEquals(0, TestStack.reload(owner.id()).storageUsed());
        assertEquals(0, TestStack.reload(owner.id()).fileCount());
    }
}
