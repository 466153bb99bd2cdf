package nimbus.aether;

import static nimbus.aether.Calls.call;
import static nimbus.aether.Calls.event;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import nimbus.aether.Calls.Reply;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.Ids;
import nimbus.shared.Settings;
import nimbus.shared.account.Account;
import nimbus.shared.files.FileRecord;
import nimbus.shared.files.FolderRecord;
import nimbus.shared.store.Items;
import org.junit.jupiter.api.Test;

/**
 * Oldest first even when a timestamp falls on a whole second: Instant.toString() drops ".000", and
 * "…:05Z" sorts after "…:05.001Z", so such an item must not jump behind later ones.
 */
class ListingOrderTest {
    private final TestAccount owner = Stored.account();
    private final Instant second = Instant.parse("2026-01-02T03:04:05Z");

    private void put(Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item) {
        TestStack.dynamo().putItem(p -> p.tableName(Settings.tableName()).item(item));
    }

    private void counters(long files, long folders) {
        TestStack.dynamo().updateItem(u -> u.tableName(Settings.tableName()).key(Account.key(owner.id()))
                .updateExpression("SET fileCount = :f, folderCount = :d")
                .expressionAttributeValues(Map.of(":f", Items.n(files), ":d", Items.n(folders))));
    }

    @Test
    void aFileCreatedOnAWholeSecondStaysFirst() {
        FileRecord onTheSecond = new FileRecord(Ids.newId(), owner.id(), "first.txt", 1, "text/plain", "0",
                second, null, null, List.of());
        FileRecord later = new FileRecord(Ids.newId(), owner.id(), "second.txt", 1, "text/plain", "0",
                second.plusMillis(1), null, null, List.of());
        put(onTheSecond.toItem());
        put(later.toItem());
        counters(2, 0);
        Reply reply = call(Operation.LIST_FILES.handler(), event("list-files", owner.key()));
        assertEquals(List.of("first.txt", "second.txt"), reply.list("files").stream().map(f -> f.get("name")).toList());
    }

    @Test
    void aFolderCreatedOnAWholeSecondStaysFirst() {
        put(new FolderRecord(Ids.newId(), owner.id(), "first", 0, second).toItem());
        put(new FolderRecord(Ids.newId(), owner.id(), "second", 0, second.plusMillis(1)).toItem());
        counters(0, 2);
        Reply reply = call(Operation.LIST_FOLDERS.handler(), event("list-folders", owner.key()));
        assertEquals(List.of("first", "second"), reply.list("folders").stream().map(f -> f.get("name")).toList());
    }
}
