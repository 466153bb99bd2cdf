package nimbus.aether;

import static nimbus.aether.Calls.call;
import static nimbus.aether.Calls.event;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import nimbus.aether.Calls.Reply;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import org.junit.jupiter.api.Test;

class UserStatsHandlerTest {
    private final UserStatsHandler handler = new UserStatsHandler(TestStack.context());
    private final TestAccount owner = Stored.account();

    private Map<String, Object> stats() {
        Reply reply = call(handler, event("user-stats", owner.key()));
        assertEquals(200, reply.status());
        assertEquals(true, reply.json().get("success"));
        return reply.object("stats");
    }

    private static Map<String, Object> expected(long files, long size, long folders, String used) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("totalFiles", files);
        map.put("totalSize", size);
        map.put("totalFolders", folders);
        map.put("storageUsed", used);
        map.put("bandwidthUsed", "0 B");
        return map;
    }

    private static Map<String, Object> normalised(Map<String, Object> stats) {
        Map<String, Object> map = new LinkedHashMap<>();
        stats.forEach((k, v) -> map.put(k, v instanceof Number n ? (Object) n.longValue() : v));
        return map;
    }

    @Test
    void aNewAccountHasZeroes() {
        assertEquals(expected(0, 0, 0, "0 B"), normalised(stats()));
    }

    @Test
    void countersFollowRealUploadsAndFolders() {
        Stored.folder(owner, "One");
        var folder = Stored.folder(owner, "Two");
        Stored.file(owner, "a.bin", new byte[1000]);
        Stored.file(owner, "b.bin", new byte[24], folder.id());
        assertEquals(expected(2, 1024, 2, "1 KB"), normalised(stats()));
    }

    @Test
    void storageUsedIsInHumanUnits() {
        setStorageUsed(1073741824L);
        Map<String, Object> stats = stats();
        assertEquals("1.0 GB", stats.get("storageUsed"));
        assertEquals(1073741824L, ((Number) stats.get("totalSize")).longValue());
        setStorageUsed(500L << 20);
        assertEquals("500 MB", stats().get("storageUsed"));
    }

    private void setStorageUsed(long bytes) {
        TestStack.setAccountCounter(owner.id(), "storageUsed", bytes);
    }
}
