package nimbus.shared.zone;

import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nimbus.shared.Settings;
import nimbus.shared.account.AccountTable;
import nimbus.shared.error.Conflict;
import nimbus.shared.error.NotFound;
import nimbus.shared.error.Subject;
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
 * Push-zone files: one item per (zone, path), {@code pk = ZONEFILE#<zoneId>}, {@code sk = <path>}, so a zone's files
 * list in path order with one Query and a path is one GetItem. Every write moves the account's and the zone's
 * counters in the same transaction: a new path adds its size and one file, a replaced path the size difference (the
 * item's write conditioned on the version that was read, by its upload id), a delete takes both back. A recording
 * also puts the upload's result item ({@code UPLOAD#<id>} / {@code ZONEFILE}, kept a week), which makes it
 * idempotent: a retried complete, or a resend after an ambiguous failure, finds it and counts nothing twice.
 */
@Singleton
public class ZoneFileTable {
    /** How long a completed upload's result is kept for a complete retried after the session is gone. */
    static final Duration RESULT_KEPT = Duration.ofDays(7);

    /** How a recording ended. */
    public enum Write {
        STORED,
        /** This upload was recorded before (an earlier attempt or complete): its {@link #result} says what. */
        RECORDED_BEFORE,
        OVER_QUOTA,
        /** The path's version is no longer the one read (another upload or a delete landed): read and try again. */
        CHANGED
    }

    /** What an upload recorded: the file, and whether it replaced an earlier version of the path. */
    public record Recorded(ZoneFile file, boolean replaced) {}

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

    /** The file at {@code path} (normalised) of the zone; {@code consistent} reads what the last write left. */
    public Optional<ZoneFile> find(String zoneId, String path, boolean consistent) {
        Map<String, AttributeValue> item = dynamo.getItem(
                        g -> g.tableName(table).key(key(zoneId, path)).consistentRead(consistent))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** What upload {@code uploadId} recorded, if it completed (within {@link #RESULT_KEPT}). */
    public Optional<Recorded> result(String uploadId) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table)
                        .key(Items.key(Keys.upload(uploadId), Keys.UPLOAD_RESULT_SK))
                        .consistentRead(true))
                .item();
        if (item == null || item.isEmpty()) return Optional.empty();
        return Optional.of(new Recorded(fromItem(item), Items.flag(item, "replaced")));
    }

    /**
     * Writes {@code file} over {@code previous} (null: the path is new) with the counters. With
     * {@code roomForBytes} (a write that grows the account), the account's counter is conditioned on
     * {@code storageUsed <= roomForBytes}. Not written when this upload was recorded before (its result item is
     * there, {@link Write#RECORDED_BEFORE}): nothing is counted twice.
     */
    public Write put(ZoneFile file, ZoneFile previous, Long roomForBytes, Instant now) {
        long delta = file.size() - (previous == null ? 0 : previous.size());
        long files = previous == null ? 1 : 0;
        Map<String, AttributeValue> result = toItem(file);
        result.putAll(Items.key(Keys.upload(file.uploadId()), Keys.UPLOAD_RESULT_SK));
        result.put("replaced", Items.bool(previous != null));
        result.put("expiresAt", Items.n(now.plus(RESULT_KEPT).getEpochSecond()));
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(
                previous == null
                        ? Writes.putNew(table, toItem(file))
                        : TransactWriteItem.builder()
                                .put(Put.builder()
                                        .tableName(table)
                                        .item(toItem(file))
                                        .conditionExpression("uploadId = :prev")
                                        .expressionAttributeValues(Map.of(":prev", Items.s(previous.uploadId())))
                                        .build())
                                .build());
        actions.add(Writes.putNew(table, result));
        actions.add(accounts.counters(file.accountId(), delta, files, 0, delta > 0 ? roomForBytes : null));
        actions.add(zones.counters(file.zoneId(), file.accountId(), delta, files, 0));
        Writes.Outcome outcome;
        try {
            outcome = Writes.transact(dynamo, table, actions);
        } catch (Writes.OutcomeUnknown unknown) {
            if (result(file.uploadId()).isPresent()) return Write.RECORDED_BEFORE;
            throw unknown;
        }
        if (outcome.committed()) return Write.STORED;
        // The upload's result already there: this upload was recorded (an earlier attempt or complete).
        if (outcome.failedCondition(1)) return Write.RECORDED_BEFORE;
        if (outcome.failedCondition(0)) return Write.CHANGED;
        if (outcome.failedCondition(2)) return Write.OVER_QUOTA;
        if (outcome.failedCondition(3)) throw new NotFound(Subject.ZONE);
        throw outcome.cancellation();
    }

    /**
     * Removes the file (the version read) with its counters. False when it was gone already; a version written
     * since the read is {@link Conflict} (changed meanwhile).
     */
    public boolean delete(ZoneFile file) {
        List<TransactWriteItem> actions = List.of(
                TransactWriteItem.builder()
                        .delete(Delete.builder()
                                .tableName(table)
                                .key(key(file.zoneId(), file.path()))
                                .conditionExpression("uploadId = :u")
                                .expressionAttributeValues(Map.of(":u", Items.s(file.uploadId())))
                                .build())
                        .build(),
                accounts.counters(file.accountId(), -file.size(), -1, 0, null),
                zones.counters(file.zoneId(), file.accountId(), -file.size(), -1, 0));
        Writes.Outcome outcome = Writes.transact(dynamo, table, actions);
        if (outcome.committed()) return true;
        if (!outcome.failedCondition(0)) throw outcome.cancellation();
        Optional<ZoneFile> now = find(file.zoneId(), file.path(), true);
        // Gone after a resend: this call's earlier attempt removed it.
        if (now.isEmpty()) return outcome.resent();
        throw Conflict.changedMeanwhile(Subject.FILE);
    }

    /** Files of the zone in path order: {@code limit} of them after skipping {@code offset}. */
    public List<ZoneFile> page(String zoneId, int offset, int limit) {
        List<ZoneFile> files = new ArrayList<>();
        int wanted = (int) Math.min((long) offset + limit, Integer.MAX_VALUE);
        int seen = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            int batch = Math.min(wanted - seen, 1000);
            QueryResponse response = dynamo.query(q -> q.tableName(table)
                    .keyConditionExpression("pk = :p")
                    .expressionAttributeValues(Map.of(":p", Items.s(Keys.zoneFile(zoneId))))
                    .limit(batch)
                    .exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : response.items()) {
                if (seen++ >= offset) files.add(fromItem(item));
            }
            start = response.hasLastEvaluatedKey()
                            && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey()
                    : null;
        } while (start != null && seen < wanted);
        return files;
    }

    private static Map<String, AttributeValue> key(String zoneId, String path) {
        return Items.key(Keys.zoneFile(zoneId), path);
    }

    private static Map<String, AttributeValue> toItem(ZoneFile file) {
        Map<String, AttributeValue> item = new HashMap<>(key(file.zoneId(), file.path()));
        item.put("type", Items.s("zonefile"));
        item.put("zoneId", Items.s(file.zoneId()));
        item.put("accountId", Items.s(file.accountId()));
        item.put("path", Items.s(file.path()));
        item.put("size", Items.n(file.size()));
        item.put("sha256", Items.s(file.sha256()));
        item.put("contentType", Items.s(file.contentType()));
        item.put("modified", Items.s(file.modified().toString()));
        item.put("uploadId", Items.s(file.uploadId()));
        return item;
    }

    private static ZoneFile fromItem(Map<String, AttributeValue> item) {
        return new ZoneFile(
                Items.str(item, "zoneId"),
                Items.str(item, "accountId"),
                Items.str(item, "path"),
                Items.num(item, "size"),
                Items.str(item, "sha256"),
                Items.str(item, "contentType"),
                Instant.parse(Items.str(item, "modified")),
                Items.str(item, "uploadId"));
    }
}
