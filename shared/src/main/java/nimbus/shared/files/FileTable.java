package nimbus.shared.files;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import nimbus.shared.Settings;
import nimbus.shared.account.AccountTable;
import nimbus.shared.error.Conflict;
import nimbus.shared.error.NotFound;
import nimbus.shared.error.Subject;
import nimbus.shared.store.Cancellation;
import nimbus.shared.store.Items;
import nimbus.shared.store.Keys;
import nimbus.shared.store.Listing;
import nimbus.shared.zone.ZoneTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * File items and the counters that move with them: every write that adds or removes a file changes
 * the account's, the zone's and (when in one) the folder's counters in the same transaction.
 */
@Singleton
public class FileTable {
    /** One DynamoDB transaction holds at most 100 actions. */
    public static final int MAX_TRANSACTION_ACTIONS = 100;
    /** One BatchGetItem reads at most 100 keys. */
    private static final int MAX_BATCH_GET = 100;

    /** How an insert ended when DynamoDB refused it by condition. */
    public enum Insert {
        STORED,
        OVER_QUOTA,
        NO_SUCH_FOLDER
    }

    private final DynamoDbClient dynamo;
    private final AccountTable accounts;
    private final ZoneTable zones;
    private final FolderTable folders;
    private final String table;

    public FileTable(DynamoDbClient dynamo, AccountTable accounts, ZoneTable zones, FolderTable folders) {
        this.dynamo = dynamo;
        this.accounts = accounts;
        this.zones = zones;
        this.folders = folders;
        this.table = Settings.tableName();
    }

    public Optional<FileRecord> find(String id) {
        Map<String, AttributeValue> item =
                dynamo.getItem(g -> g.tableName(table).key(key(id))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** The files with these ids that exist, by id (any account's: the caller filters). */
    public Map<String, FileRecord> findAll(List<String> ids) {
        Map<String, FileRecord> found = new LinkedHashMap<>();
        for (int from = 0; from < ids.size(); from += MAX_BATCH_GET) {
            List<Map<String, AttributeValue>> keys =
                    ids.subList(from, Math.min(ids.size(), from + MAX_BATCH_GET)).stream()
                            .map(FileTable::key)
                            .toList();
            Map<String, KeysAndAttributes> request =
                    Map.of(table, KeysAndAttributes.builder().keys(keys).build());
            while (request != null && !request.isEmpty()) {
                Map<String, KeysAndAttributes> next = request;
                var response = dynamo.batchGetItem(b -> b.requestItems(next));
                response.responses().getOrDefault(table, List.of()).stream()
                        .map(FileTable::fromItem)
                        .forEach(f -> found.put(f.id(), f));
                request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : null;
            }
        }
        return found;
    }

    /**
     * Stores a new file with its counters. The account's counter is conditioned on
     * {@code storageUsed <= roomForBytes}, so concurrent writes cannot pass the quota together.
     */
    public Insert insert(FileRecord file, long roomForBytes) {
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(TransactWriteItem.builder()
                .put(Put.builder()
                        .tableName(table)
                        .item(toItem(file))
                        .conditionExpression("attribute_not_exists(pk)")
                        .build())
                .build());
        actions.add(accounts.counters(file.accountId(), file.size(), 1, 0, roomForBytes));
        actions.add(zones.counters(file.zoneId(), file.accountId(), file.size(), 1, 0));
        if (file.folderId() != null) actions.add(folders.counter(file.folderId(), file.accountId(), 1));
        try {
            dynamo.transactWriteItems(t -> t.transactItems(actions));
            return Insert.STORED;
        } catch (TransactionCanceledException e) {
            if (Cancellation.failedCondition(e, 3)) return Insert.NO_SUCH_FOLDER;
            if (Cancellation.failedCondition(e, 1)) return Insert.OVER_QUOTA;
            throw e;
        }
    }

    /** Renames, only if the file still has the name that was read (no lost update). */
    public void rename(FileRecord file, String newName) {
        try {
            dynamo.updateItem(u -> u.tableName(table)
                    .key(key(file.id()))
                    .updateExpression("SET filename = :new")
                    .conditionExpression("accountId = :acct AND filename = :old")
                    .expressionAttributeValues(Map.of(
                            ":new",
                            Items.s(newName),
                            ":acct",
                            Items.s(file.accountId()),
                            ":old",
                            Items.s(file.filename()))));
        } catch (ConditionalCheckFailedException e) {
            throw Conflict.changedMeanwhile(Subject.FILE);
        }
    }

    /**
     * Writes a file's folder, description and tags, only if its folder is still the one read. A move
     * between folders moves their counters in the same transaction; otherwise it is one conditional write.
     */
    public void updateDetails(FileRecord before, FileRecord after) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":acct", Items.s(before.accountId())));
        List<String> sets = new ArrayList<>();
        List<String> removes = new ArrayList<>();
        if (after.description() != null) {
            sets.add("description = :d");
            values.put(":d", Items.s(after.description()));
        } else {
            removes.add("description");
        }
        if (!after.tags().isEmpty()) {
            sets.add("tags = :t");
            values.put(
                    ":t",
                    AttributeValue.fromL(after.tags().stream().map(Items::s).toList()));
        } else {
            removes.add("tags");
        }
        if (after.folderId() != null) {
            sets.add("folderId = :f, gsi2pk = :fpk, gsi2sk = :fsk");
            values.put(":f", Items.s(after.folderId()));
            values.put(":fpk", Items.s(Keys.folderFiles(after.folderId())));
            values.put(":fsk", Items.s(listingKey(after)));
        } else {
            removes.add("folderId, gsi2pk, gsi2sk");
        }
        String condition = "accountId = :acct AND "
                + (before.folderId() == null ? "attribute_not_exists(folderId)" : "folderId = :old");
        if (before.folderId() != null) values.put(":old", Items.s(before.folderId()));
        String expression = ((sets.isEmpty() ? "" : "SET " + String.join(", ", sets))
                        + (removes.isEmpty() ? "" : " REMOVE " + String.join(", ", removes)))
                .trim();
        if (Objects.equals(before.folderId(), after.folderId())) {
            try {
                dynamo.updateItem(u -> u.tableName(table)
                        .key(key(before.id()))
                        .updateExpression(expression)
                        .conditionExpression(condition)
                        .expressionAttributeValues(values));
                return;
            } catch (ConditionalCheckFailedException e) {
                throw Conflict.changedMeanwhile(Subject.FILE);
            }
        }
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(TransactWriteItem.builder()
                .update(Update.builder()
                        .tableName(table)
                        .key(key(before.id()))
                        .updateExpression(expression)
                        .conditionExpression(condition)
                        .expressionAttributeValues(values)
                        .build())
                .build());
        if (after.folderId() != null) actions.add(folders.counter(after.folderId(), before.accountId(), 1));
        if (before.folderId() != null) actions.add(folders.counter(before.folderId(), before.accountId(), -1));
        try {
            dynamo.transactWriteItems(t -> t.transactItems(actions));
        } catch (TransactionCanceledException e) {
            if (after.folderId() != null && Cancellation.failedCondition(e, 1)) throw new NotFound(Subject.FOLDER);
            if (Cancellation.anyFailedCondition(e)) throw Conflict.changedMeanwhile(Subject.FILE);
            throw e;
        }
    }

    /** Removes one file with its counters; false when it was already gone. */
    public boolean delete(FileRecord file) {
        return deleteAll(List.of(file));
    }

    /**
     * Removes files (their {@link #deleteActions} at most {@link #MAX_TRANSACTION_ACTIONS}) with their counters in one transaction; false,
     * and nothing removed, when any of them was already gone.
     */
    public boolean deleteAll(List<FileRecord> files) {
        List<TransactWriteItem> actions = new ArrayList<>();
        files.forEach(f -> actions.add(TransactWriteItem.builder()
                .delete(Delete.builder()
                        .tableName(table)
                        .key(key(f.id()))
                        .conditionExpression("accountId = :acct")
                        .expressionAttributeValues(Map.of(":acct", Items.s(f.accountId())))
                        .build())
                .build()));
        files.stream()
                .collect(Collectors.groupingBy(FileRecord::accountId, LinkedHashMap::new, Collectors.toList()))
                .forEach((account, owned) ->
                        actions.add(accounts.counters(account, -bytes(owned), -owned.size(), 0, null)));
        files.stream()
                .collect(Collectors.groupingBy(FileRecord::zoneId, LinkedHashMap::new, Collectors.toList()))
                .forEach((zone, held) ->
                        actions.add(zones.counters(zone, held.get(0).accountId(), -bytes(held), -held.size(), 0)));
        files.stream()
                .filter(f -> f.folderId() != null)
                .collect(Collectors.groupingBy(FileRecord::folderId, LinkedHashMap::new, Collectors.toList()))
                .forEach((folder, held) ->
                        actions.add(folders.counter(folder, held.get(0).accountId(), -held.size())));
        try {
            dynamo.transactWriteItems(t -> t.transactItems(actions));
            return true;
        } catch (TransactionCanceledException e) {
            for (int i = 0; i < files.size(); i++) {
                if (Cancellation.failedCondition(e, i)) return false;
            }
            throw e;
        }
    }

    /** How many actions deleting these files takes: one each, plus one per account, zone and folder counter. */
    public static int deleteActions(List<FileRecord> files) {
        return files.size()
                + (int) files.stream().map(FileRecord::accountId).distinct().count()
                + (int) files.stream().map(FileRecord::zoneId).distinct().count()
                + (int) files.stream()
                        .map(FileRecord::folderId)
                        .filter(Objects::nonNull)
                        .distinct()
                        .count();
    }

    /** A zone's files, oldest first. */
    public List<FileRecord> pageOfZone(String zoneId, int offset, int limit) {
        return Listing.page(dynamo, table, "gsi1", Keys.zoneFiles(zoneId), offset, limit).stream()
                .map(FileTable::fromItem)
                .toList();
    }

    /** A folder's files, oldest first. */
    public List<FileRecord> pageOfFolder(String folderId, int offset, int limit) {
        return Listing.page(dynamo, table, "gsi2", Keys.folderFiles(folderId), offset, limit).stream()
                .map(FileTable::fromItem)
                .toList();
    }

    private static long bytes(List<FileRecord> files) {
        return files.stream().mapToLong(FileRecord::size).sum();
    }

    private static Map<String, AttributeValue> key(String id) {
        return Items.key(Keys.file(id), Keys.FILE_SK);
    }

    /** Both listings sort by creation, ties broken by the (time-ordered) id. */
    private static String listingKey(FileRecord file) {
        return Items.sortKey(file.createdAt(), file.id());
    }

    private static Map<String, AttributeValue> toItem(FileRecord file) {
        Map<String, AttributeValue> item = new HashMap<>(key(file.id()));
        item.put("type", Items.s("file"));
        item.put("id", Items.s(file.id()));
        item.put("accountId", Items.s(file.accountId()));
        item.put("zoneId", Items.s(file.zoneId()));
        item.put("filename", Items.s(file.filename()));
        item.put("size", Items.n(file.size()));
        item.put("contentType", Items.s(file.contentType()));
        item.put("sha256", Items.s(file.sha256()));
        item.put("createdAt", Items.s(file.createdAt().toString()));
        if (file.folderId() != null) {
            item.put("folderId", Items.s(file.folderId()));
            item.put("gsi2pk", Items.s(Keys.folderFiles(file.folderId())));
            item.put("gsi2sk", Items.s(listingKey(file)));
        }
        if (file.description() != null) item.put("description", Items.s(file.description()));
        if (!file.tags().isEmpty())
            item.put(
                    "tags",
                    AttributeValue.fromL(file.tags().stream().map(Items::s).toList()));
        item.put("gsi1pk", Items.s(Keys.zoneFiles(file.zoneId())));
        item.put("gsi1sk", Items.s(listingKey(file)));
        return item;
    }

    private static FileRecord fromItem(Map<String, AttributeValue> item) {
        return new FileRecord(
                Items.str(item, "id"),
                Items.str(item, "accountId"),
                Items.str(item, "zoneId"),
                Items.str(item, "filename"),
                Items.num(item, "size"),
                Items.str(item, "contentType"),
                Items.str(item, "sha256"),
                Instant.parse(Items.str(item, "createdAt")),
                Items.str(item, "folderId"),
                Items.str(item, "description"),
                item.containsKey("tags")
                        ? item.get("tags").l().stream().map(AttributeValue::s).toList()
                        : List.of());
    }
}
