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
import nimbus.shared.store.Items;
import nimbus.shared.store.Keys;
import nimbus.shared.store.Listing;
import nimbus.shared.store.Writes;
import nimbus.shared.zone.ZoneTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
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

    /** A strongly consistent read: what is stored now, including a write that just landed. */
    Optional<FileRecord> findConsistent(String id) {
        Map<String, AttributeValue> item = dynamo.getItem(
                        g -> g.tableName(table).key(key(id)).consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
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
        actions.add(Writes.putNew(table, toItem(file)));
        actions.add(accounts.counters(file.accountId(), file.size(), 1, 0, roomForBytes));
        actions.add(zones.counters(file.zoneId(), file.accountId(), file.size(), 1, 0));
        if (file.folderId() != null) actions.add(folders.counter(file.folderId(), file.accountId(), 1));
        Writes.Outcome outcome;
        try {
            outcome = Writes.transact(dynamo, table, actions);
        } catch (Writes.OutcomeUnknown unknown) {
            // Every attempt's fate is unknown: the item itself says whether one of them committed.
            if (findConsistent(file.id()).isPresent()) return Insert.STORED;
            throw unknown;
        }
        // "Already exists" for a brand-new id can only be this insert's own earlier attempt, committed.
        if (outcome.committed() || outcome.failedCondition(0)) return Insert.STORED;
        if (outcome.failedCondition(3)) return Insert.NO_SUCH_FOLDER;
        if (outcome.failedCondition(1)) return Insert.OVER_QUOTA;
        throw outcome.cancellation();
    }

    /** Renames, only if the file still has the name that was read (no lost update). */
    public void rename(FileRecord file, String newName) {
        Writes.Update<?> update = Writes.update(
                () -> dynamo.updateItem(u -> u.tableName(table)
                        .key(key(file.id()))
                        .updateExpression("SET filename = :new")
                        .conditionExpression("accountId = :acct AND filename = :old")
                        .expressionAttributeValues(Map.of(
                                ":new",
                                Items.s(newName),
                                ":acct",
                                Items.s(file.accountId()),
                                ":old",
                                Items.s(file.filename())))),
                table);
        // Refused after a resend: the earlier attempt may be what changed the name.
        boolean mine = update.resent()
                && findConsistent(file.id())
                        .map(f -> f.filename().equals(newName))
                        .orElse(false);
        if (update.refused() && !mine) throw Conflict.changedMeanwhile(Subject.FILE);
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
            Writes.Update<?> update = Writes.update(
                    () -> dynamo.updateItem(u -> u.tableName(table)
                            .key(key(before.id()))
                            .updateExpression(expression)
                            .conditionExpression(condition)
                            .expressionAttributeValues(values)),
                    table);
            if (update.refused() && !(update.resent() && holds(after))) throw Conflict.changedMeanwhile(Subject.FILE);
            return;
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
        Writes.Outcome outcome = Writes.transact(dynamo, table, actions);
        if (outcome.committed()) return;
        // Refused after a resend: the earlier attempt may be what moved the file.
        if (outcome.resent() && holds(after)) return;
        if (after.folderId() != null && outcome.failedCondition(1)) throw new NotFound(Subject.FOLDER);
        if (outcome.anyFailedCondition()) throw Conflict.changedMeanwhile(Subject.FILE);
        throw outcome.cancellation();
    }

    /** True when the stored file already has these details (a write of them has landed). */
    private boolean holds(FileRecord after) {
        return findConsistent(after.id())
                .filter(f -> Objects.equals(f.folderId(), after.folderId())
                        && Objects.equals(f.description(), after.description())
                        && f.tags().equals(after.tags()))
                .isPresent();
    }

    /** Removes one file with its counters; false when it was already gone before this call. */
    public boolean delete(FileRecord file) {
        return !deleteAll(List.of(file)).isEmpty();
    }

    /**
     * Removes files (their {@link #deleteActions} at most {@link #MAX_TRANSACTION_ACTIONS}) with their
     * counters in one transaction, and gives back those this call removed. When one of them was gone
     * already, the transaction removes nothing and each file is then removed on its own.
     */
    public List<FileRecord> deleteAll(List<FileRecord> files) {
        Writes.Outcome outcome = Writes.transact(dynamo, table, deleteActions(files, table));
        if (outcome.committed()) return files;
        boolean anyGone = false;
        for (int i = 0; i < files.size(); i++) anyGone |= outcome.failedCondition(i);
        if (!anyGone) throw outcome.cancellation();
        if (files.size() == 1) {
            // Gone after a resend: this call's earlier attempt removed it (or another delete did: gone either way).
            return outcome.resent() && findConsistent(files.get(0).id()).isEmpty() ? files : List.of();
        }
        List<FileRecord> removed = new ArrayList<>();
        for (FileRecord file : files) {
            boolean goneEarlier = outcome.resent() && findConsistent(file.id()).isEmpty();
            if (goneEarlier || delete(file)) removed.add(file);
        }
        return removed;
    }

    private List<TransactWriteItem> deleteActions(List<FileRecord> files, String table) {
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
        return actions;
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
