package nimbus.shared.files;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nimbus.shared.Settings;
import nimbus.shared.account.AccountTable;
import nimbus.shared.store.Items;
import nimbus.shared.store.Keys;
import nimbus.shared.store.Listing;
import nimbus.shared.store.Writes;
import nimbus.shared.zone.ZoneTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/** Folder items, with the folder counters of their account and zone. */
@Singleton
public class FolderTable {
    private final DynamoDbClient dynamo;
    private final AccountTable accounts;
    private final ZoneTable zones;
    private final String table;

    public FolderTable(DynamoDbClient dynamo, AccountTable accounts, ZoneTable zones) {
        this.dynamo = dynamo;
        this.accounts = accounts;
        this.zones = zones;
        this.table = Settings.tableName();
    }

    public void insert(FolderRecord folder) {
        Writes.Outcome outcome = Writes.transact(
                dynamo,
                table,
                List.of(
                        Writes.putNew(table, toItem(folder)),
                        accounts.counters(folder.accountId(), 0, 0, 1, null),
                        zones.counters(folder.zoneId(), folder.accountId(), 0, 0, 1)));
        // "Already exists" for a brand-new id can only be this insert's own earlier attempt, committed.
        if (!outcome.committed() && !outcome.failedCondition(0)) throw outcome.cancellation();
    }

    private Optional<FolderRecord> findConsistent(String id) {
        Map<String, AttributeValue> item = dynamo.getItem(
                        g -> g.tableName(table).key(key(id)).consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    public Optional<FolderRecord> find(String id) {
        Map<String, AttributeValue> item =
                dynamo.getItem(g -> g.tableName(table).key(key(id))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** A zone's folders, oldest first. */
    public List<FolderRecord> pageOfZone(String zoneId, int offset, int limit) {
        return Listing.page(dynamo, table, "gsi1", Keys.zoneFolders(zoneId), offset, limit).stream()
                .map(FolderTable::fromItem)
                .toList();
    }

    /** Renames the account's folder; empty when there is no such folder of that account. */
    public Optional<FolderRecord> rename(String accountId, String id, String name) {
        Writes.Update<Map<String, AttributeValue>> update = Writes.update(
                () -> dynamo.updateItem(u -> u.tableName(table)
                                .key(key(id))
                                .updateExpression("SET #n = :n")
                                .conditionExpression("accountId = :acct")
                                .expressionAttributeNames(Map.of("#n", "name"))
                                .expressionAttributeValues(Map.of(":n", Items.s(name), ":acct", Items.s(accountId)))
                                .returnValues("ALL_NEW"))
                        .attributes(),
                table);
        return update.refused() ? Optional.empty() : Optional.of(fromItem(update.value()));
    }

    /**
     * Deletes the account's folder in {@code zoneId} if it is empty, with the folder counters; false when
     * the condition (owner, zone, emptiness) failed, which the caller explains by reading the folder.
     */
    public boolean deleteIfEmpty(String accountId, String zoneId, String id) {
        Writes.Outcome outcome = Writes.transact(
                dynamo,
                table,
                List.of(
                        TransactWriteItem.builder()
                                .delete(Delete.builder()
                                        .tableName(table)
                                        .key(key(id))
                                        .conditionExpression(
                                                "accountId = :acct AND zoneId = :zone AND fileCount = :zero")
                                        .expressionAttributeValues(Map.of(
                                                ":acct",
                                                Items.s(accountId),
                                                ":zone",
                                                Items.s(zoneId),
                                                ":zero",
                                                Items.n(0)))
                                        .build())
                                .build(),
                        accounts.counters(accountId, 0, 0, -1, null),
                        zones.counters(zoneId, accountId, 0, 0, -1)));
        if (outcome.committed()) return true;
        if (!outcome.failedCondition(0)) throw outcome.cancellation();
        // Refused after a resend: gone means this call's earlier attempt removed it.
        return outcome.resent() && findConsistent(id).isEmpty();
    }

    /** Moves a folder's file count in a file write; the folder must be the account's. */
    public TransactWriteItem counter(String folderId, String accountId, long delta) {
        return TransactWriteItem.builder()
                .update(Update.builder()
                        .tableName(table)
                        .key(key(folderId))
                        .updateExpression("ADD fileCount :d")
                        .conditionExpression("accountId = :acct")
                        .expressionAttributeValues(Map.of(":d", Items.n(delta), ":acct", Items.s(accountId)))
                        .build())
                .build();
    }

    private static Map<String, AttributeValue> key(String id) {
        return Items.key(Keys.folder(id), Keys.FOLDER_SK);
    }

    private static Map<String, AttributeValue> toItem(FolderRecord folder) {
        Map<String, AttributeValue> item = new HashMap<>(key(folder.id()));
        item.put("type", Items.s("folder"));
        item.put("id", Items.s(folder.id()));
        item.put("accountId", Items.s(folder.accountId()));
        item.put("zoneId", Items.s(folder.zoneId()));
        item.put("name", Items.s(folder.name()));
        item.put("fileCount", Items.n(folder.fileCount()));
        item.put("createdAt", Items.s(folder.createdAt().toString()));
        item.put("gsi1pk", Items.s(Keys.zoneFolders(folder.zoneId())));
        item.put("gsi1sk", Items.s(Items.sortKey(folder.createdAt(), folder.id())));
        return item;
    }

    private static FolderRecord fromItem(Map<String, AttributeValue> item) {
        return new FolderRecord(
                Items.str(item, "id"),
                Items.str(item, "accountId"),
                Items.str(item, "zoneId"),
                Items.str(item, "name"),
                Items.num(item, "fileCount"),
                Instant.parse(Items.str(item, "createdAt")));
    }
}
