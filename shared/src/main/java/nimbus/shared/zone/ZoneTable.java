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

/** Zone items, their hostname registry ({@code HOST#} items, unique by conditional put) and zone numbering. */
@Singleton
public class ZoneTable {
    private final DynamoDbClient dynamo;
    private final String table;

    public ZoneTable(DynamoDbClient dynamo) {
        this.dynamo = dynamo;
        this.table = Settings.tableName();
    }

    /** A new zone and, when it has one, its hostname: both land or neither. */
    public void create(Zone zone) {
        List<TransactWriteItem> actions = new ArrayList<>(List.of(putAction(zone)));
        if (zone.hostname() != null)
            actions.add(hostPut(new HostEntry(zone.hostname(), zone.id(), zone.accountId(), false)));
        Writes.Outcome outcome = Writes.transact(dynamo, table, actions);
        // "Already exists" for a newly numbered zone can only be this call's own earlier attempt, committed.
        if (outcome.committed() || outcome.failedCondition(0)) return;
        if (outcome.failedCondition(1)) throw Conflict.alreadyExists(Subject.HOSTNAME, zone.hostname());
        throw outcome.cancellation();
    }

    /** The put of a new zone item, for a transaction that creates more (an account and its files zone). */
    public TransactWriteItem putAction(Zone zone) {
        return Writes.putNew(table, toItem(zone));
    }

    /**
     * Sets the given name, origin URL and settings (null or empty: left as they are) of {@code zone} (as its owner
     * read it: the owner is checked again by the write) in one
     * UpdateItem conditioned on the owner, each setting on its own path of the {@code settings} map, so concurrent
     * updates of different fields never undo each other. The zone as it is now, or empty when it is gone or
     * another account's. The hostname is left as it is: a renamed zone keeps its hostname.
     */
    public Optional<Zone> update(Zone zone, String name, String originUrl, Map<String, String> settings) {
        String zoneId = zone.id();
        String accountId = zone.accountId();
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":acct", Items.s(accountId));
        List<String> sets = new ArrayList<>();
        if (name != null) {
            names.put("#name", "name");
            values.put(":name", Items.s(name));
            sets.add("#name = :name");
        }
        if (originUrl != null) {
            names.put("#origin", "originUrl");
            values.put(":origin", Items.s(originUrl));
            sets.add("#origin = :origin");
        }
        if (!settings.isEmpty()) {
            if (zone.settings().isEmpty()) ensureSettingsMap(zoneId, accountId);
            names.put("#settings", "settings");
            int i = 0;
            for (Map.Entry<String, String> setting : settings.entrySet()) {
                names.put("#s" + i, setting.getKey());
                values.put(":s" + i, Items.s(setting.getValue()));
                sets.add("#settings.#s" + i + " = :s" + i);
                i++;
            }
        }
        if (sets.isEmpty()) return find(zoneId, true).filter(z -> z.accountId().equals(accountId));
        Writes.Update<Map<String, AttributeValue>> outcome = Writes.update(
                () -> dynamo.updateItem(u -> u.tableName(table)
                                .key(Items.key(Keys.zone(zoneId), Keys.ZONE_SK))
                                .updateExpression("SET " + String.join(", ", sets))
                                .conditionExpression("accountId = :acct")
                                .expressionAttributeNames(names)
                                .expressionAttributeValues(values)
                                .returnValues("ALL_NEW"))
                        .attributes(),
                table);
        // A refusal (even after a resend: the zone was there for the first attempt) means the zone is gone.
        return outcome.refused() ? Optional.empty() : Optional.of(fromItem(outcome.value()));
    }

    /**
     * A zone stored before settings existed has no {@code settings} map, and DynamoDB cannot set a path inside a
     * missing map: it gets an empty one first (a no-op for every other zone).
     */
    private void ensureSettingsMap(String zoneId, String accountId) {
        Writes.update(
                () -> dynamo.updateItem(u -> u.tableName(table)
                        .key(Items.key(Keys.zone(zoneId), Keys.ZONE_SK))
                        .updateExpression("SET #settings = :empty")
                        .conditionExpression("accountId = :acct AND attribute_not_exists(#settings)")
                        .expressionAttributeNames(Map.of("#settings", "settings"))
                        .expressionAttributeValues(
                                Map.of(":acct", Items.s(accountId), ":empty", AttributeValue.fromM(Map.of())))),
                table);
    }

    public Optional<Zone> find(String zoneId) {
        return find(zoneId, false);
    }

    private Optional<Zone> find(String zoneId, boolean consistent) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table)
                        .key(Items.key(Keys.zone(zoneId), Keys.ZONE_SK))
                        .consistentRead(consistent))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** An account's zones in creation order, every page. */
    public List<Zone> listByAccount(String accountId) {
        return Listing.all(dynamo, table, "gsi1", Keys.accountZones(accountId), true).stream()
                .map(ZoneTable::fromItem)
                .toList();
    }

    /** Deletes an empty zone with every hostname that points at it, at once; a zone that holds files is a conflict. */
    public void delete(Zone zone, List<String> hostnames) {
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(TransactWriteItem.builder()
                .delete(Delete.builder()
                        .tableName(table)
                        .key(Items.key(Keys.zone(zone.id()), Keys.ZONE_SK))
                        .conditionExpression("accountId = :acct AND fileCount = :zero")
                        .expressionAttributeValues(Map.of(":acct", Items.s(zone.accountId()), ":zero", Items.n(0)))
                        .build())
                .build());
        hostnames.forEach(host -> actions.add(hostDelete(host, zone.id())));
        Writes.Outcome outcome = Writes.transact(dynamo, table, actions);
        if (outcome.committed()) return;
        if (!outcome.failedCondition(0)) throw outcome.cancellation();
        Optional<Zone> now = find(zone.id(), true);
        if (outcome.resent() && now.isEmpty()) return; // this call's earlier attempt removed it
        throw Conflict.notEmpty(
                Subject.ZONE,
                now.filter(z -> z.accountId().equals(zone.accountId()))
                        .orElseThrow(() -> new NotFound(Subject.ZONE))
                        .fileCount());
    }

    /** Claims {@code hostname} for a zone; taken by any account, it is a conflict. */
    public void addHost(HostEntry entry) {
        Writes.Outcome outcome = Writes.transact(
                dynamo,
                table,
                List.of(
                        TransactWriteItem.builder()
                                .conditionCheck(c -> c.tableName(table)
                                        .key(Items.key(Keys.zone(entry.zoneId()), Keys.ZONE_SK))
                                        .conditionExpression("accountId = :acct")
                                        .expressionAttributeValues(Map.of(":acct", Items.s(entry.accountId()))))
                                .build(),
                        hostPut(entry)));
        if (outcome.committed()) return;
        if (outcome.failedCondition(0)) throw new NotFound(Subject.ZONE);
        // Taken after a resend may be this call's own earlier claim.
        if (outcome.resent()
                && resolveHost(entry.hostname()).filter(entry::equals).isPresent()) return;
        if (outcome.failedCondition(1)) throw Conflict.alreadyExists(Subject.HOSTNAME, entry.hostname());
        throw outcome.cancellation();
    }

    /** Releases a hostname of {@code zoneId}; one that points elsewhere (or nowhere) is not found. */
    public void removeHost(String hostname, String zoneId) {
        Writes.Outcome outcome = Writes.transact(dynamo, table, List.of(hostDelete(hostname, zoneId)));
        if (outcome.committed() || (outcome.resent() && resolveHost(hostname).isEmpty())) return;
        if (outcome.failedCondition(0)) throw new NotFound(Subject.HOSTNAME);
        throw outcome.cancellation();
    }

    public Optional<HostEntry> resolveHost(String hostname) {
        Map<String, AttributeValue> item = dynamo.getItem(
                        g -> g.tableName(table).key(Items.key(Keys.host(hostname), Keys.HOST_SK)))
                .item();
        if (item == null || item.isEmpty()) return Optional.empty();
        return Optional.of(new HostEntry(
                hostname, Items.str(item, "zoneId"), Items.str(item, "accountId"), Items.flag(item, "alias")));
    }

    /** The hostnames of a zone: its own and its aliases. */
    public List<HostEntry> hostsOf(String zoneId) {
        return Listing.all(dynamo, table, "gsi1", Keys.zoneHosts(zoneId), true).stream()
                .map(item -> new HostEntry(
                        Items.str(item, "hostname"), zoneId, Items.str(item, "accountId"), Items.flag(item, "alias")))
                .toList();
    }

    /** The next zone number, deployment-wide: zone ids are these numbers, as APIs with numeric zone ids expect. */
    public long nextNumber() {
        return Items.num(
                dynamo.updateItem(u -> u.tableName(table)
                                .key(Items.key(Keys.sequence("zone"), Keys.SEQUENCE_SK))
                                .updateExpression("ADD #v :one")
                                .expressionAttributeNames(Map.of("#v", "value"))
                                .expressionAttributeValues(Map.of(":one", Items.n(1)))
                                .returnValues("UPDATED_NEW"))
                        .attributes(),
                "value");
    }

    /** Moves a zone's counters in a file or folder write; the zone must be the account's. */
    public TransactWriteItem counters(String zoneId, String accountId, long bytes, long files, long folders) {
        return TransactWriteItem.builder()
                .update(Update.builder()
                        .tableName(table)
                        .key(Items.key(Keys.zone(zoneId), Keys.ZONE_SK))
                        .updateExpression("ADD storageUsed :b, fileCount :f, folderCount :d")
                        .conditionExpression("accountId = :acct")
                        .expressionAttributeValues(Map.of(
                                ":b",
                                Items.n(bytes),
                                ":f",
                                Items.n(files),
                                ":d",
                                Items.n(folders),
                                ":acct",
                                Items.s(accountId)))
                        .build())
                .build();
    }

    private TransactWriteItem hostPut(HostEntry entry) {
        Map<String, AttributeValue> item = new HashMap<>(Items.key(Keys.host(entry.hostname()), Keys.HOST_SK));
        item.put("type", Items.s("host"));
        item.put("hostname", Items.s(entry.hostname()));
        item.put("zoneId", Items.s(entry.zoneId()));
        item.put("accountId", Items.s(entry.accountId()));
        item.put("alias", Items.bool(entry.alias()));
        item.put("gsi1pk", Items.s(Keys.zoneHosts(entry.zoneId())));
        item.put("gsi1sk", Items.s(entry.hostname()));
        return Writes.putNew(table, item);
    }

    private TransactWriteItem hostDelete(String hostname, String zoneId) {
        return TransactWriteItem.builder()
                .delete(Delete.builder()
                        .tableName(table)
                        .key(Items.key(Keys.host(hostname), Keys.HOST_SK))
                        .conditionExpression("zoneId = :z")
                        .expressionAttributeValues(Map.of(":z", Items.s(zoneId)))
                        .build())
                .build();
    }

    private static Map<String, AttributeValue> toItem(Zone zone) {
        Map<String, AttributeValue> item = new HashMap<>(Items.key(Keys.zone(zone.id()), Keys.ZONE_SK));
        item.put("type", Items.s("zone"));
        item.put("id", Items.s(zone.id()));
        item.put("accountId", Items.s(zone.accountId()));
        item.put("kind", Items.s(zone.kind().slug()));
        item.put("name", Items.s(zone.name()));
        if (zone.hostname() != null) item.put("hostname", Items.s(zone.hostname()));
        if (zone.originUrl() != null) item.put("originUrl", Items.s(zone.originUrl()));
        item.put("storageUsed", Items.n(zone.storageUsed()));
        item.put("fileCount", Items.n(zone.fileCount()));
        item.put("folderCount", Items.n(zone.folderCount()));
        item.put("createdAt", Items.s(zone.createdAt().toString()));
        item.put("settings", settingsValue(zone.settings()));
        item.put("gsi1pk", Items.s(Keys.accountZones(zone.accountId())));
        item.put("gsi1sk", Items.s(Items.sortKey(zone.createdAt(), zone.id())));
        return item;
    }

    private static Zone fromItem(Map<String, AttributeValue> item) {
        return new Zone(
                Items.str(item, "id"),
                Items.str(item, "accountId"),
                ZoneKind.fromSlug(Items.str(item, "kind")).orElseThrow(),
                Items.str(item, "name"),
                Items.str(item, "hostname"),
                Items.str(item, "originUrl"),
                Items.num(item, "storageUsed"),
                Items.num(item, "fileCount"),
                Items.num(item, "folderCount"),
                Instant.parse(Items.str(item, "createdAt")),
                settingsOf(item));
    }

    private static AttributeValue settingsValue(Map<String, String> settings) {
        Map<String, AttributeValue> map = new HashMap<>();
        settings.forEach((name, value) -> map.put(name, Items.s(value)));
        return AttributeValue.fromM(map);
    }

    /** The {@code settings} map attribute; an item without one (stored before settings existed) has none. */
    private static Map<String, String> settingsOf(Map<String, AttributeValue> item) {
        AttributeValue v = item.get("settings");
        if (v == null || !v.hasM()) return Map.of();
        Map<String, String> settings = new HashMap<>();
        v.m().forEach((name, value) -> {
            if (value.s() != null) settings.put(name, value.s());
        });
        return settings;
    }
}
