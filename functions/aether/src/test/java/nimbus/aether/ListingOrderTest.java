package nimbus.aether;

import static nimbus.aether.Calls.call;
import static nimbus.aether.Calls.event;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import nimbus.aether.Calls.Reply;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.Ids;
import nimbus.shared.files.FileRecord;
import nimbus.shared.files.FileTable;
import nimbus.shared.files.FolderRecord;
import nimbus.shared.files.FolderTable;
import nimbus.shared.zone.Zone;
import org.junit.jupiter.api.Test;

/**
 * Oldest first even when a timestamp falls on a whole second: Instant.toString() drops ".000", and
 * "…:05Z" sorts after "…:05.001Z", so such an item must not jump behind later ones.
 */
class ListingOrderTest {
    private final TestAccount owner = Stored.account();
    private final Instant second = Instant.parse("2026-01-02T03:04:05Z");

    private final String zone = Zone.filesZoneId(owner.id());

    private void put(FileRecord file) {
        TestStack.context().getBean(FileTable.class).insert(file, Long.MAX_VALUE);
    }

    private void put(FolderRecord folder) {
        TestStack.context().getBean(FolderTable.class).insert(folder);
    }

    @Test
    void aFileCreatedOnAWholeSecondStaysFirst() {
        FileRecord onTheSecond = new FileRecord(
                Ids.newId(), owner.id(), zone, "first.txt", 1, "text/plain", "0", second, null, null, List.of());
        FileRecord later = new FileRecord(
                Ids.newId(),
                owner.id(),
                zone,
                "second.txt",
                1,
                "text/plain",
                "0",
                second.plusMillis(1),
                null,
                null,
                List.of());
        put(onTheSecond);
        put(later);
        Reply reply = call(Operation.LIST_FILES.handler(), event("list-files", owner.key()));
        assertEquals(
                List.of("first.txt", "second.txt"),
                reply.list("files").stream().map(f -> f.get("name")).toList());
    }

    @Test
    void aFolderCreatedOnAWholeSecondStaysFirst() {
        put(new FolderRecord(Ids.newId(), owner.id(), zone, "first", 0, second));
        put(new FolderRecord(Ids.newId(), owner.id(), zone, "second", 0, second.plusMillis(1)));
        Reply reply = call(Operation.LIST_FOLDERS.handler(), event("list-folders", owner.key()));
        assertEquals(
                List.of("first", "second"),
                reply.list("folders").stream().map(f -> f.get("name")).toList());
    }
}
