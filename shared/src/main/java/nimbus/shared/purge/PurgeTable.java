package nimbus.shared.purge;

import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nimbus.shared.Settings;
import nimbus.shared.store.Items;
import nimbus.shared.store.Keys;
import nimbus.shared.store.Listing;
import nimbus.shared.store.Writes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Purge items ({@code PURGE#<id>}, listed per zone on gsi1) and invalidation items ({@code INVALIDATION#<reference>}:
 * the paths of one CDN invalidation and the purges it carries). Both expire through the table's TTL a month after
 * they were written: purge status is kept for that long.
 */
@Singleton
public class PurgeTable {
    static final Duration KEPT = Duration.ofDays(30);

    private final DynamoDbClient dynamo;
    private final String table;

    public PurgeTable(DynamoDbClient dynamo) {
        this.dynamo = dynamo;
        this.table = Settings.tableName();
    }

    /** Records a new purge; sent again when the outcome is in doubt (a refusal after a resend is our own write). */
    public void record(Purge purge) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.putAll(Items.key(Keys.purge(purge.id()), Keys.PURGE_SK));
        item.put("accountId", Items.s(purge.accountId()));
        item.put("zoneId", Items.s(purge.zoneId()));
        item.put("wholeZone", Items.bool(purge.wholeZone()));
        item.put(
                "paths",
                AttributeValue.fromL(purge.paths().stream().map(Items::s).toList()));
        item.put("status", Items.s(purge.status().slug()));
        item.put("createdAt", Items.s(purge.createdAt().toString()));
        item.put("expiresAt", Items.n(purge.createdAt().plus(KEPT).getEpochSecond()));
        item.put("gsi1pk", Items.s(Keys.zonePurges(purge.zoneId())));
        item.put("gsi1sk", Items.s(Items.sortKey(purge.createdAt(), purge.id())));
        Writes.Update<Object> put = Writes.update(
                () -> dynamo.putItem(
                        p -> p.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)")),
                table);
        if (put.refused() && !put.resent()) throw put.refusal();
    }

    public Optional<Purge> find(String purgeId) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table)
                        .key(Items.key(Keys.purge(purgeId), Keys.PURGE_SK))
                        .consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** The purges with these ids that exist (at most 100 ids), read consistently, in no particular order. */
    public List<Purge> findAll(List<String> purgeIds) {
        if (purgeIds.isEmpty()) return List.of();
        List<Map<String, AttributeValue>> keys = purgeIds.stream()
                .distinct()
                .map(id -> Items.key(Keys.purge(id), Keys.PURGE_SK))
                .toList();
        List<Purge> found = new ArrayList<>();
        Map<String, KeysAndAttributes> request = Map.of(
                table,
                KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
        while (!request.isEmpty()) {
            Map<String, KeysAndAttributes> ask = request;
            var response = dynamo.batchGetItem(b -> b.requestItems(ask));
            response.responses().getOrDefault(table, List.of()).forEach(i -> found.add(fromItem(i)));
            request = response.unprocessedKeys() == null ? Map.of() : response.unprocessedKeys();
        }
        return found;
    }

    /** A zone's purges, oldest first. */
    public List<Purge> listByZone(String zoneId) {
        return Listing.all(dynamo, table, "gsi1", Keys.zonePurges(zoneId), true).stream()
                .map(PurgeTable::fromItem)
                .toList();
    }

    /**
     * Hands {@code batch}'s purges to it: the invalidation item and each purge's status and reference, at once, and
     * only while none of those purges has a batch already. False when one has (another delivery of the same message
     * got there first): then nothing was written.
     */
    public boolean assign(InvalidationBatch batch, Instant now) {
        List<TransactWriteItem> actions = new ArrayList<>();
        Map<String, AttributeValue> item = new HashMap<>();
        item.putAll(Items.key(Keys.invalidation(batch.reference()), Keys.INVALIDATION_SK));
        item.put(
                "paths",
                AttributeValue.fromL(batch.paths().stream().map(Items::s).toList()));
        item.put(
                "purgeIds",
                AttributeValue.fromL(batch.purgeIds().stream().map(Items::s).toList()));
        item.put("createdAt", Items.s(now.toString()));
        item.put("expiresAt", Items.n(now.plus(KEPT).getEpochSecond()));
        actions.add(Writes.putNew(table, item));
        for (String purgeId : batch.purgeIds()) {
            actions.add(TransactWriteItem.builder()
                    .update(Update.builder()
                            .tableName(table)
                            .key(Items.key(Keys.purge(purgeId), Keys.PURGE_SK))
                            .conditionExpression("attribute_exists(pk) AND attribute_not_exists(#batch)")
                            .updateExpression("SET #batch = :ref, #status = :status")
                            .expressionAttributeNames(Map.of("#batch", "batch", "#status", "status"))
                            .expressionAttributeValues(Map.of(
                                    ":ref", Items.s(batch.reference()),
                                    ":status", Items.s(PurgeStatus.IN_PROGRESS.slug())))
                            .build())
                    .build());
        }
        Writes.Outcome outcome = Writes.transact(dynamo, table, actions);
        if (outcome.committed()) return true;
        if (outcome.anyFailedCondition()) return false;
        throw outcome.cancellation();
    }

    /** The invalidation a purge was handed to: its reference, paths and purges. */
    public Optional<InvalidationBatch> findBatch(String reference) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table)
                        .key(Items.key(Keys.invalidation(reference), Keys.INVALIDATION_SK))
                        .consistentRead(true))
                .item();
        if (item == null || item.isEmpty()) return Optional.empty();
        return Optional.of(new InvalidationBatch(reference, strings(item, "purgeIds"), strings(item, "paths")));
    }

    /** Marks the batch's purges done with the CDN's invalidation id; writing it again changes nothing. */
    public void complete(InvalidationBatch batch, String invalidationId) {
        setStatus(batch.purgeIds(), PurgeStatus.DONE, invalidationId);
    }

    /** Marks purges failed: every retry was spent. A purge already done stays done. */
    public void fail(List<String> purgeIds) {
        setStatus(purgeIds, PurgeStatus.FAILED, null);
    }

    private void setStatus(List<String> purgeIds, PurgeStatus status, String invalidationId) {
        for (String purgeId : purgeIds) {
            Map<String, String> names = new LinkedHashMap<>(Map.of("#status", "status"));
            Map<String, AttributeValue> values =
                    new HashMap<>(Map.of(":status", Items.s(status.slug()), ":done", Items.s(PurgeStatus.DONE.slug())));
            String set = "SET #status = :status";
            if (invalidationId != null) {
                set += ", invalidationId = :inv";
                values.put(":inv", Items.s(invalidationId));
            }
            String update = set;
            // A refusal means the purge is gone (expired) or done already: nothing is left to record.
            Writes.update(
                    () -> dynamo.updateItem(u -> u.tableName(table)
                            .key(Items.key(Keys.purge(purgeId), Keys.PURGE_SK))
                            .conditionExpression("attribute_exists(pk) AND (#status <> :done OR #status = :status)")
                            .updateExpression(update)
                            .expressionAttributeNames(names)
                            .expressionAttributeValues(values)),
                    table);
        }
    }

    static Purge fromItem(Map<String, AttributeValue> item) {
        return new Purge(
                Items.str(item, "pk").substring("PURGE#".length()),
                Items.str(item, "accountId"),
                Items.str(item, "zoneId"),
                Items.flag(item, "wholeZone"),
                strings(item, "paths"),
                PurgeStatus.ofSlug(Items.str(item, "status")),
                Items.optStr(item, "batch").orElse(null),
                Items.optStr(item, "invalidationId").orElse(null),
                Instant.parse(Items.str(item, "createdAt")));
    }

    private static List<String> strings(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || !value.hasL()
                ? List.of()
                : value.l().stream().map(AttributeValue::s).toList();
    }
}
