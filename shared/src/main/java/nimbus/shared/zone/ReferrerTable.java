package nimbus.shared.zone;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nimbus.shared.Settings;
import nimbus.shared.error.Conflict;
import nimbus.shared.error.NotFound;
import nimbus.shared.error.Subject;
import nimbus.shared.store.Items;
import nimbus.shared.store.Keys;
import nimbus.shared.store.Listing;
import nimbus.shared.store.Writes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Zone referrer items ({@code REFERRER#<id>}), listed per account (gsi1). Every write that adds one to a zone or
 * takes one away moves the zone's {@code referrerCount} in the same transaction, so a zone delete sees them all.
 */
@Singleton
public class ReferrerTable {
    private final DynamoDbClient dynamo;
    private final String table;
    private final ZoneTable zones;

    public ReferrerTable(DynamoDbClient dynamo, ZoneTable zones) {
        this.dynamo = dynamo;
        this.table = Settings.tableName();
        this.zones = zones;
    }

    /** A new referrer and the zone's counter, both or neither; a zone not the account's is not found. */
    public void create(Referrer referrer, long max) {
        Writes.Outcome outcome = Writes.transact(
                dynamo,
                table,
                List.of(
                        zones.zoneCount(referrer.zoneId(), referrer.accountId(), ZoneTable.REFERRER_COUNT, 1, max),
                        Writes.putNew(table, toItem(referrer))));
        if (outcome.committed()) return;
        if (outcome.failedCondition(0))
            throw zones.zoneRefusal(
                    referrer.zoneId(), referrer.accountId(), ZoneTable.REFERRER_COUNT, "referrers", max);
        // "Already exists" for a newly numbered referrer can only be this call's own earlier attempt, committed.
        if (outcome.failedCondition(1)) return;
        throw outcome.cancellation();
    }

    /**
     * Changes a referrer from {@code before} (as read) to {@code after}: its name and zone, conditioned on
     * {@code before}; a move to another zone moves both zones' counters in the same transaction.
     */
    public void update(Referrer before, Referrer after, long max) {
        boolean moved = !before.zoneId().equals(after.zoneId());
        if (!moved && before.name().equals(after.name())) return;
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(TransactWriteItem.builder()
                .update(Update.builder()
                        .tableName(table)
                        .key(Items.key(Keys.referrer(before.id()), Keys.REFERRER_SK))
                        .updateExpression("SET #name = :name, zoneId = :zone")
                        .conditionExpression("accountId = :acct AND zoneId = :oldZone")
                        .expressionAttributeNames(Map.of("#name", "name"))
                        .expressionAttributeValues(Map.of(
                                ":name", Items.s(after.name()),
                                ":zone", Items.s(after.zoneId()),
                                ":acct", Items.s(before.accountId()),
                                ":oldZone", Items.s(before.zoneId())))
                        .build())
                .build());
        if (moved) {
            actions.add(zones.zoneCount(before.zoneId(), before.accountId(), ZoneTable.REFERRER_COUNT, -1, max));
            actions.add(zones.zoneCount(after.zoneId(), after.accountId(), ZoneTable.REFERRER_COUNT, 1, max));
        }
        Writes.Outcome outcome = Writes.transact(dynamo, table, actions);
        if (outcome.committed()) return;
        if (outcome.resent() && find(after.id(), true).filter(after::equals).isPresent()) return;
        if (moved && outcome.failedCondition(2))
            throw zones.zoneRefusal(after.zoneId(), after.accountId(), ZoneTable.REFERRER_COUNT, "referrers", max);
        if (outcome.failedCondition(0)) {
            if (find(before.id(), true)
                    .filter(r -> r.accountId().equals(before.accountId()))
                    .isEmpty()) throw new NotFound(Subject.REFERRER);
            throw Conflict.changedMeanwhile(Subject.REFERRER);
        }
        if (outcome.anyFailedCondition()) throw Conflict.changedMeanwhile(Subject.REFERRER);
        throw outcome.cancellation();
    }

    /** Deletes a referrer (as read) and moves its zone's counter; one already gone is not found. */
    public void delete(Referrer referrer) {
        Writes.Outcome outcome = Writes.transact(
                dynamo,
                table,
                List.of(
                        TransactWriteItem.builder()
                                .delete(Delete.builder()
                                        .tableName(table)
                                        .key(Items.key(Keys.referrer(referrer.id()), Keys.REFERRER_SK))
                                        .conditionExpression("accountId = :acct AND zoneId = :zone")
                                        .expressionAttributeValues(Map.of(
                                                ":acct",
                                                Items.s(referrer.accountId()),
                                                ":zone",
                                                Items.s(referrer.zoneId())))
                                        .build())
                                .build(),
                        zones.zoneCount(referrer.zoneId(), referrer.accountId(), ZoneTable.REFERRER_COUNT, -1, 0)));
        if (outcome.committed()) return;
        if (outcome.resent() && find(referrer.id(), true).isEmpty()) return; // this call's earlier attempt
        if (outcome.anyFailedCondition()) {
            if (find(referrer.id(), true).isEmpty()) throw new NotFound(Subject.REFERRER);
            throw Conflict.changedMeanwhile(Subject.REFERRER);
        }
        throw outcome.cancellation();
    }

    public Optional<Referrer> find(String referrerId) {
        return find(referrerId, false);
    }

    private Optional<Referrer> find(String referrerId, boolean consistent) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table)
                        .key(Items.key(Keys.referrer(referrerId), Keys.REFERRER_SK))
                        .consistentRead(consistent))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** An account's referrers in creation order, every page. */
    public List<Referrer> listByAccount(String accountId) {
        return Listing.all(dynamo, table, "gsi1", Keys.accountReferrers(accountId), true).stream()
                .map(ReferrerTable::fromItem)
                .toList();
    }

    private static Map<String, AttributeValue> toItem(Referrer referrer) {
        Map<String, AttributeValue> item = new HashMap<>(Items.key(Keys.referrer(referrer.id()), Keys.REFERRER_SK));
        item.put("type", Items.s("referrer"));
        item.put("id", Items.s(referrer.id()));
        item.put("zoneId", Items.s(referrer.zoneId()));
        item.put("accountId", Items.s(referrer.accountId()));
        item.put("name", Items.s(referrer.name()));
        item.put("createdAt", Items.s(referrer.createdAt().toString()));
        item.put("gsi1pk", Items.s(Keys.accountReferrers(referrer.accountId())));
        item.put("gsi1sk", Items.s(Items.sortKey(referrer.createdAt(), referrer.id())));
        return item;
    }

    private static Referrer fromItem(Map<String, AttributeValue> item) {
        return new Referrer(
                Items.str(item, "id"),
                Items.str(item, "zoneId"),
                Items.str(item, "accountId"),
                Items.str(item, "name"),
                Instant.parse(Items.str(item, "createdAt")));
    }
}
