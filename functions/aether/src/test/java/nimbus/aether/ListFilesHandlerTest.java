package nimbus.aether;

import static nimbus.aether.Calls.call;
import static nimbus.aether.Calls.event;
import static nimbus.aether.Calls.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nimbus.aether.Calls.Reply;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.files.FileRecord;
import nimbus.shared.files.FolderRecord;
import org.junit.jupiter.api.Test;

class ListFilesHandlerTest {
    private final ListFilesHandler handler = new ListFilesHandler(TestStack.context());
    private final TestAccount owner = Stored.account();

    private Reply list(Map<String, String> params) {
        return call(handler, query(event("list-files", owner.key()), params));
    }

    private static List<String> names(Reply reply) {
        return reply.list("files").stream().map(f -> (String) f.get("name")).toList();
    }

    private static Map<String, Object> pagination(Reply reply) {
        return reply.object("pagination");
    }

    private static long num(Map<String, Object> map, String name) {
        return ((Number) map.get(name)).longValue();
    }

    private List<FileRecord> upload(String prefix, int count) {
        List<FileRecord> stored = new ArrayList<>();
        for (int i = 0; i < count; i++)
            stored.add(Stored.file(owner, String.format("%s%03d.txt", prefix, i), new byte[] {(byte) i}));
        return stored;
    }

    @Test
    void theSampleEventListsAnEmptyAccountInTheSeedShape() {
        Reply reply = call(handler, event("list-files", owner.key()));
        assertEquals(200, reply.status());
        assertEquals(true, reply.json().get("success"));
        assertEquals(List.of(), reply.list("files"));
        assertEquals(Map.of("total", 0, "limit", 10, "offset", 0), pagination(reply));
    }

    @Test
    void theSampleEventListsFilesWithTheirFields() {
        FileRecord file = Stored.file(owner, "photo.png", new byte[] {1, 2, 3});
        Reply reply = call(handler, event("list-files", owner.key()));
        assertEquals(200, reply.status());
        Map<String, Object> json = reply.list("files").get(0);
        assertEquals(file.id(), json.get("id"));
        assertEquals("photo.png", json.get("name"));
        assertEquals(3, ((Number) json.get("size")).intValue());
        assertEquals("https://cdn.test/" + file.id() + "/photo.png", json.get("url"));
        assertEquals(1, num(pagination(reply), "total"));
    }

    @Test
    void defaultLimitIs50AndLimitIsCappedAt100WithAnExactTotal() {
        upload("f", 51);
        Reply first = list(Map.of());
        assertEquals(200, first.status());
        assertEquals(50, first.list("files").size());
        assertEquals(Map.of("total", 51, "limit", 50, "offset", 0), pagination(first));

        Reply capped = list(Map.of("limit", "500"));
        assertEquals(51, capped.list("files").size());
        assertEquals(Map.of("total", 51, "limit", 100, "offset", 0), pagination(capped));

        Reply rest = list(Map.of("offset", "50"));
        assertEquals(List.of("f050.txt"), names(rest));
        assertEquals(Map.of("total", 51, "limit", 50, "offset", 50), pagination(rest));
    }

    @Test
    void pagesAreOldestFirstAndStayPutWhileFilesAreAdded() {
        upload("a", 5);
        assertEquals(List.of("a000.txt", "a001.txt"), names(list(Map.of("limit", "2"))));
        assertEquals(List.of("a002.txt", "a003.txt"), names(list(Map.of("limit", "2", "offset", "2"))));
        Reply last = list(Map.of("limit", "2", "offset", "4"));
        assertEquals(List.of("a004.txt"), names(last));
        assertEquals(5, num(pagination(last), "total"));

        upload("b", 3);
        Reply pageOne = list(Map.of("limit", "2"));
        assertEquals(List.of("a000.txt", "a001.txt"), names(pageOne));
        assertEquals(8, num(pagination(pageOne), "total"));
        assertEquals(List.of("a004.txt", "b000.txt", "b001.txt", "b002.txt"), names(list(Map.of("offset", "4"))));
        Reply beyond = list(Map.of("offset", "8"));
        assertEquals(200, beyond.status());
        assertEquals(List.of(), beyond.list("files"));
        assertEquals(8, num(pagination(beyond), "total"));
    }

    @Test
    void folderIdFiltersToThatFolderWithItsOwnTotal() {
        FolderRecord folder = Stored.folder(owner, "Holidays");
        Stored.file(owner, "root.txt", new byte[1]);
        Stored.file(owner, "in1.txt", new byte[1], folder.id());
        Stored.file(owner, "in2.txt", new byte[1], folder.id());
        Reply inFolder = list(Map.of("folderId", folder.id()));
        assertEquals(200, inFolder.status());
        assertEquals(List.of("in1.txt", "in2.txt"), names(inFolder));
        assertEquals(2, num(pagination(inFolder), "total"));
        inFolder.list("files").forEach(f -> assertEquals(folder.id(), f.get("folderId")));
        assertEquals(3, num(pagination(list(Map.of())), "total"));

        Reply unknown = list(Map.of("folderId", UUID.randomUUID().toString()));
        assertEquals(404, unknown.status());
        assertEquals("not_found", unknown.errorCode());
    }

    @Test
    void badLimitOrOffsetIs400InTheEnvelope() {
        List<Map<String, String>> bad = List.of(
                Map.of("limit", "abc"),
                Map.of("limit", "-1"),
                Map.of("limit", "0"),
                Map.of("offset", "abc"),
                Map.of("offset", "-1"),
                Map.of("limit", "1.5"));
        for (Map<String, String> params : bad) {
            Reply reply = list(params);
            assertEquals(400, reply.status(), params.toString());
            assertFalse(reply.success());
            assertEquals("bad_request", reply.errorCode());
            assertNotNull(reply.errorMessage());
            assertTrue(reply.errorMessage().length() > 0);
        }
    }

    @Test
    void aLimitBeyondAnyIntIsCappedLikeAnyLargeLimitAndAHugeOffsetIsAnEmptyPage() {
        Reply capped = list(Map.of("limit", "99999999999"));
        assertEquals(200, capped.status());
        assertEquals(100, ((Number) ((Map<?, ?>) capped.json().get("pagination")).get("limit")).intValue());
        Reply beyond = list(Map.of("offset", "99999999999"));
        assertEquals(200, beyond.status());
        assertTrue(beyond.list("files").isEmpty());
    }
}
