package nimbus.shared.zone;

import static nimbus.shared.store.Items.n;
import static nimbus.shared.store.Items.num;
import static nimbus.shared.store.Items.s;
import static nimbus.shared.store.Items.str;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nimbus.shared.Settings;
import nimbus.shared.account.AccountTable;
import nimbus.shared.store.Items;
import nimbus.shared.store.Keys;
import nimbus.shared.store.Writes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Push-zone files ({@code ZONEFILE#<zoneId>} / {@code <path>}) and the counters that move with them: a new path, a
 * replaced one (by the size difference) and a deleted one change the account's and the zone's counters in the same
 * transaction, the account's conditioned on the quota when it grows. A recording also puts its upload's result
 * ({@code UPLOAD#<uploadId>} / {@code ZONEFILE}, kept {@link #RESULT_KEPT}), so a complete retried after the session
 * is gone answers the file it recorded, and an upload is never recorded twice.
 */
@Singleton
public class ZoneFileTable {
    /** How long a completed upload's result is kept for a complete retried after its session is gone. */
    static final java.time.Duration RESULT_KEPT = java.time.Duration.ofDays(7);

    /** What an upload recorded: the file, and whether it replaced other bytes at its path (then it was purged). */
    public record Recorded(ZoneFile file, boolean replaced) {}

    /** How a write of a path ended. */
    public enum Write {
        STORED,
        OVER_QUOTA,
        /** Another upload wrote or removed the path since it was read. */
        CHANGED_MEANWHILE
    }

    private final DynamoDbClient dynamo;
    private final AccountTable accounts;
    private final ZoneTable zones;
    private final String table;

    public ZoneFileTable(DynamoDbClient dynamo, AccountTable accounts, ZoneTable zones) {
        this.dynamo = dynamo;
        this.accounts = accounts;
        this.zones = zones;
        this.table = Settings.tableName();
    }

    public Optional<ZoneFile> find(String zoneId, String path) {
        Map<String, AttributeValue> item = dynamo.getItem(
                        g -> g.tableName(table).key(key(zoneId, path)).consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /**
     * Writes {@code file} over {@code previous} (null: a new path), only if the path still holds what was read;
     * {@code roomForBytes} is the most the account may hold before the write when it grows (null: it does not).
     */
    public Write put(ZoneFile file, ZoneFile previous, Long roomForBytes, boolean replaced, Instant now) {
        long bytes = file.size() - (previous == null ? 0 : previous.size());
        Put.Builder put = Put.builder().tableName(table).item(toItem(file));
        if (previous == null) {
            put.conditionExpression("attribute_not_exists(pk)");
        } else {
            put.conditionExpression("uploadId = :previous")
                    .expressionAttributeValues(Map.of(":previous", s(previous.uploadId())));
        }
        Map<String, AttributeValue> result = toItem(file);
        result.putAll(Items.key(Keys.upload(file.uploadId()), Keys.UPLOAD_RESULT_SK));
        result.put("type", s("zonefileresult"));
        result.put("replaced", Items.bool(replaced));
        result.put("expiresAt", n(now.plus(RESULT_KEPT).getEpochSecond()));
        List<TransactWriteItem> actions = List.of(
                TransactWriteItem.builder().put(put.build()).build(),
                Writes.putNew(table, result),
                accounts.counters(
                        file.accountId(), bytes, previous == null ? 1 : 0, 0, bytes > 0 ? roomForBytes : null),
                zones.counters(file.zoneId(), file.accountId(), bytes, previous == null ? 1 : 0, 0));
        Writes.Outcome outcome;
        try {
            outcome = Writes.transact(dynamo, table, actions);
        } catch (Writes.OutcomeUnknown unknown) {
            if (written(file)) return Write.STORED;
            throw unknown;
        }
        if (outcome.committed()) return Write.STORED;
        // a refusal after a resend may be this write's own earlier attempt, committed
        // this upload's result already there: an earlier attempt (or complete) recorded it
        if (outcome.failedCondition(1)) return Write.STORED;
        if (outcome.failedCondition(0)) return written(file) ? Write.STORED : Write.CHANGED_MEANWHILE;
        if (outcome.failedCondition(2)) return Write.OVER_QUOTA;
        throw outcome.cancellation();
    }

    /** What upload {@code uploadId} recorded, if it completed within {@link #RESULT_KEPT}. */
    public Optional<Recorded> result(String uploadId) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table)
                        .key(Items.key(Keys.upload(uploadId), Keys.UPLOAD_RESULT_SK))
                        .consistentRead(true))
                .item();
        if (item == null || item.isEmpty()) return Optional.empty();
        return Optional.of(new Recorded(fromItem(item), Items.flag(item, "replaced")));
    }

    /** Removes the path and its counters, only if it still holds {@code file}; false when it does not. */
    public boolean delete(ZoneFile file) {
        List<TransactWriteItem> actions = List.of(
                TransactWriteItem.builder()
                        .delete(Delete.builder()
                                .tableName(table)
                                .key(key(file.zoneId(), file.path()))
                                .conditionExpression("uploadId = :upload")
                                .expressionAttributeValues(Map.of(":upload", s(file.uploadId())))
                                .build())
                        .build(),
                accounts.counters(file.accountId(), -file.size(), -1, 0, null),
                zones.counters(file.zoneId(), file.accountId(), -file.size(), -1, 0));
        Writes.Outcome outcome;
        try {
            outcome = Writes.transact(dynamo, table, actions);
        } catch (Writes.OutcomeUnknown unknown) {
            if (find(file.zoneId(), file.path()).isEmpty()) return true;
            throw unknown;
        }
        if (outcome.committed()) return true;
        if (outcome.failedCondition(0)) return find(file.zoneId(), file.path()).isEmpty() && outcome.resent();
        throw outcome.cancellation();
    }

    /** A page of the zone's files in path order, after {@code afterPath} (null: from the start). */
    public List<ZoneFile> page(String zoneId, String afterPath, int limit) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":pk", s(Keys.zoneFile(zoneId)));
        QueryResponse response = dynamo.query(q -> {
            q.tableName(table)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(values)
                    .limit(limit);
            if (afterPath != null) q.exclusiveStartKey(key(zoneId, afterPath));
        });
        List<ZoneFile> files = new ArrayList<>();
        response.items().forEach(item -> files.add(fromItem(item)));
        return files;
    }

    private boolean written(ZoneFile file) {
        return find(file.zoneId(), file.path())
                .filter(f -> f.uploadId().equals(file.uploadId()))
                .isPresent();
    }

    private static Map<String, AttributeValue> key(String zoneId, String path) {
        return Items.key(Keys.zoneFile(zoneId), path);
    }

    private static Map<String, AttributeValue> toItem(ZoneFile file) {
        Map<String, AttributeValue> item = new HashMap<>(key(file.zoneId(), file.path()));
        item.put("type", s("zonefile"));
        item.put("zoneId", s(file.zoneId()));
        item.put("accountId", s(file.accountId()));
        item.put("path", s(file.path()));
        item.put("size", n(file.size()));
        item.put("sha256", s(file.sha256()));
        item.put("contentType", s(file.contentType()));
        item.put("modified", s(file.modified().toString()));
        item.put("uploadId", s(file.uploadId()));
        return item;
    }

    private static ZoneFile fromItem(Map<String, AttributeValue> item) {
        return new ZoneFile(
                str(item, "zoneId"),
                str(item, "accountId"),
                str(item, "path"),
                num(item, "size"),
                str(item, "sha256"),
                str(item, "contentType"),
                Instant.parse(str(item, "modified")),
                str(item, "uploadId"));
    }
}
