package nimbus.shared.zone;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nimbus.shared.Settings;
import nimbus.shared.edge.GrantTokens;
import nimbus.shared.error.Conflict;
import nimbus.shared.error.InvalidInput;
import nimbus.shared.error.NotFound;
import nimbus.shared.error.Subject;
import nimbus.shared.store.Items;
import nimbus.shared.store.Keys;
import nimbus.shared.store.Listing;
import nimbus.shared.store.Writes;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Zone items, their hostname registry ({@code HOST#} items, unique by conditional put), zone aliases ({@code ALIAS#}
 * items, each with the {@code HOST#} item that claims its hostname) and the numbering of zones and aliases.
 */
@Singleton
public class ZoneTable {
    /** The zone item's counters of its aliases and referrers: a zone delete is conditioned on them. */
    static final String ALIAS_COUNT = "aliasCount";

    static final String REFERRER_COUNT = "referrerCount";

    /** The zone item's KMS ciphertext of its custom certificate's private key (binary); never the key itself. */
    public static final String SEALED_KEY = "customKeyCiphertext";

    /**
     * The zone item's grant key (base64url of 32 random bytes, {@link GrantTokens#newKey()}), set when the zone is
     * created (files zones included) and published in the zone's edge document; zones stored before it have none.
     */
    public static final String GRANT_KEY = "grantKey";

    private final DynamoDbClient dynamo;
    private final String table;

    public ZoneTable(DynamoDbClient dynamo) {
        this.dynamo = dynamo;
        this.table = Settings.tableName();
    }

    /** A new zone and, when it has one, its hostname: both land or neither. */
    public void create(Zone zone) {
        create(zone, null);
    }

    /** As {@link #create(Zone)}, the zone item holding {@code sealedKey} (a KMS ciphertext; null: none). */
    public void create(Zone zone, byte[] sealedKey) {
        Map<String, AttributeValue> item = toItem(zone);
        if (sealedKey != null) item.put(SEALED_KEY, AttributeValue.fromB(SdkBytes.fromByteArray(sealedKey)));
        List<TransactWriteItem> actions = new ArrayList<>(List.of(Writes.putNew(table, item)));
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
        return update(zone, name, originUrl, settings, null, false);
    }

    /**
     * As {@link #update(Zone, String, String, Map)}, in the same single UpdateItem: {@code sealedKey} (non-null) is
     * stored as the zone's sealed private key; {@code dropCertificate} removes the custom certificate and its sealed
     * key (the zone leaves the custom certificate).
     */
    public Optional<Zone> update(
            Zone zone,
            String name,
            String originUrl,
            Map<String, String> settings,
            byte[] sealedKey,
            boolean dropCertificate) {
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
        if (sealedKey != null) {
            names.put("#sealed", SEALED_KEY);
            values.put(":sealed", AttributeValue.fromB(SdkBytes.fromByteArray(sealedKey)));
            sets.add("#sealed = :sealed");
        }
        List<String> removes = new ArrayList<>();
        if (dropCertificate) {
            names.put("#sealed", SEALED_KEY);
            removes.add("#sealed");
            if (!zone.settings().isEmpty()) {
                names.put("#settings", "settings");
                names.put("#cert", ZoneSettings.CUSTOM_CERT);
                removes.add("#settings.#cert");
            }
        }
        if (sets.isEmpty() && removes.isEmpty())
            return find(zoneId, true).filter(z -> z.accountId().equals(accountId));
        String expression = (sets.isEmpty() ? "" : "SET " + String.join(", ", sets))
                + (removes.isEmpty() ? "" : " REMOVE " + String.join(", ", removes));
        Writes.Update<Map<String, AttributeValue>> outcome = Writes.update(
                () -> dynamo.updateItem(u -> u.tableName(table)
                                .key(Items.key(Keys.zone(zoneId), Keys.ZONE_SK))
                                .updateExpression(expression.trim())
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

    /** The zone and its grant key, in one GetItem. */
    public Optional<KeyedZone> findWithGrantKey(String zoneId) {
        Map<String, AttributeValue> item = dynamo.getItem(
                        g -> g.tableName(table).key(Items.key(Keys.zone(zoneId), Keys.ZONE_SK)))
                .item();
        if (item == null || item.isEmpty()) return Optional.empty();
        return Optional.of(new KeyedZone(fromItem(item), Items.str(item, GRANT_KEY)));
    }

    /** A zone's grant key alone (one GetItem of that attribute); empty when the zone is gone or has none. */
    public Optional<String> grantKey(String zoneId) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table)
                        .key(Items.key(Keys.zone(zoneId), Keys.ZONE_SK))
                        .projectionExpression("#k")
                        .expressionAttributeNames(Map.of("#k", GRANT_KEY)))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Items.optStr(item, GRANT_KEY);
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

    /**
     * Deletes an empty zone with every hostname that points at it, its alias items and the given referrers, at once
     * (at most 2 + 2 x {@link ZoneService#MAX_ALIASES} + {@link ZoneService#MAX_REFERRERS} actions, inside
     * DynamoDB's 100). The delete is conditioned on the zone's alias and referrer counters matching what was listed,
     * so an alias or referrer added meanwhile is never left behind (the zone changed meanwhile); a zone that holds
     * files is a conflict.
     */
    public void delete(Zone zone, List<String> referrerIds) {
        List<Map<String, AttributeValue>> hosts = hostItems(zone.id());
        List<String> aliasIds = hosts.stream()
                .map(h -> Items.str(h, "aliasId"))
                .filter(id -> id != null)
                .toList();
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(TransactWriteItem.builder()
                .delete(Delete.builder()
                        .tableName(table)
                        .key(Items.key(Keys.zone(zone.id()), Keys.ZONE_SK))
                        .conditionExpression("accountId = :acct AND fileCount = :zero"
                                + " AND (attribute_not_exists(aliasCount) OR aliasCount = :a)"
                                + " AND (attribute_not_exists(referrerCount) OR referrerCount = :r)")
                        .expressionAttributeValues(Map.of(
                                ":acct",
                                Items.s(zone.accountId()),
                                ":zero",
                                Items.n(0),
                                ":a",
                                Items.n(aliasIds.size()),
                                ":r",
                                Items.n(referrerIds.size())))
                        .build())
                .build());
        hosts.forEach(host -> actions.add(hostDelete(Items.str(host, "hostname"), zone.id())));
        aliasIds.forEach(id -> actions.add(plainDelete(Keys.alias(id), Keys.ALIAS_SK, zone.accountId())));
        referrerIds.forEach(id -> actions.add(plainDelete(Keys.referrer(id), Keys.REFERRER_SK, zone.accountId())));
        Writes.Outcome outcome = Writes.transact(dynamo, table, actions);
        if (outcome.committed()) return;
        if (!outcome.anyFailedCondition()) throw outcome.cancellation();
        Optional<Zone> now = find(zone.id(), true);
        if (outcome.resent() && now.isEmpty()) return; // this call's earlier attempt removed it
        Zone mine =
                now.filter(z -> z.accountId().equals(zone.accountId())).orElseThrow(() -> new NotFound(Subject.ZONE));
        if (mine.fileCount() != 0) throw Conflict.notEmpty(Subject.ZONE, mine.fileCount());
        throw Conflict.changedMeanwhile(Subject.ZONE);
    }

    private TransactWriteItem plainDelete(String pk, String sk, String accountId) {
        return TransactWriteItem.builder()
                .delete(Delete.builder()
                        .tableName(table)
                        .key(Items.key(pk, sk))
                        .conditionExpression("accountId = :acct")
                        .expressionAttributeValues(Map.of(":acct", Items.s(accountId)))
                        .build())
                .build();
    }

    /**
     * The transaction action that moves a zone's {@code counter} ("aliasCount", "referrerCount") by {@code delta};
     * the zone must be the account's and not a files zone, and a rise must stay within {@code max} and be of a live zone. Its refusal is
     * read by {@link #zoneRefusal}.
     */
    public TransactWriteItem zoneCount(String zoneId, String accountId, String counter, int delta, long max) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":acct", Items.s(accountId));
        values.put(":d", Items.n(delta));
        values.put(":files", Items.s(ZoneKind.FILES.slug()));
        String condition = "accountId = :acct AND #kind <> :files";
        Map<String, String> names = new HashMap<>(Map.of("#c", counter, "#kind", "kind"));
        if (delta > 0) {
            values.put(":max", Items.n(max - delta));
            // A test-mode zone gets no aliases or referrers: no live caller may reach it (nor expose it by a hostname).
            names.put("#test", "testMode");
            condition += " AND (attribute_not_exists(#c) OR #c <= :max) AND attribute_not_exists(#test)";
        }
        return TransactWriteItem.builder()
                .update(Update.builder()
                        .tableName(table)
                        .key(Items.key(Keys.zone(zoneId), Keys.ZONE_SK))
                        .updateExpression("ADD #c :d")
                        .conditionExpression(condition)
                        .expressionAttributeNames(names)
                        .expressionAttributeValues(values)
                        .build())
                .build();
    }

    /**
     * Why a {@link #zoneCount} rise was refused, read again: the zone is gone, another account's, the files zone or a
     * test-mode zone (not found), or it holds {@code max} already ({@code field}: too many).
     */
    public RuntimeException zoneRefusal(String zoneId, String accountId, String counter, String field, long max) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table)
                        .key(Items.key(Keys.zone(zoneId), Keys.ZONE_SK))
                        .consistentRead(true))
                .item();
        if (item == null
                || item.isEmpty()
                || !accountId.equals(Items.str(item, "accountId"))
                || ZoneKind.FILES.slug().equals(Items.str(item, "kind"))
                || Items.flag(item, "testMode")) return new NotFound(Subject.ZONE);
        return InvalidInput.tooMany(field, max, Items.num(item, counter) + 1);
    }

    // ------------------------------------------------------------------------------------ aliases

    /** A new alias: its item, its hostname claimed, the zone's alias counter moved; all or nothing. */
    public void addAlias(Alias alias, long max) {
        Writes.Outcome outcome = Writes.transact(
                dynamo,
                table,
                List.of(
                        zoneCount(alias.zoneId(), alias.accountId(), ALIAS_COUNT, 1, max),
                        Writes.putNew(table, aliasItem(alias)),
                        hostPut(hostOf(alias), alias.id())));
        if (outcome.committed()) return;
        if (outcome.failedCondition(0))
            throw zoneRefusal(alias.zoneId(), alias.accountId(), ALIAS_COUNT, "aliases", max);
        // "Already exists" for a newly numbered alias can only be this call's own earlier attempt, committed.
        if (outcome.failedCondition(1)) return;
        if (outcome.failedCondition(2)) throw Conflict.alreadyExists(Subject.HOSTNAME, alias.name());
        throw outcome.cancellation();
    }

    /**
     * Changes an alias from {@code before} (as read) to {@code after} in one transaction: the alias item (conditioned
     * on {@code before}), the old hostname released and the new one claimed (or, same hostname, re-pointed), and both
     * zones' counters when it moves. A new hostname any account uses is a conflict; an alias changed meanwhile too.
     */
    public void editAlias(Alias before, Alias after, long max) {
        boolean renamed = !before.name().equals(after.name());
        boolean moved = !before.zoneId().equals(after.zoneId());
        if (!renamed && !moved) return;
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(TransactWriteItem.builder()
                .update(Update.builder()
                        .tableName(table)
                        .key(Items.key(Keys.alias(before.id()), Keys.ALIAS_SK))
                        .updateExpression("SET #name = :name, zoneId = :zone")
                        .conditionExpression("accountId = :acct AND #name = :old AND zoneId = :oldZone")
                        .expressionAttributeNames(Map.of("#name", "name"))
                        .expressionAttributeValues(Map.of(
                                ":name", Items.s(after.name()),
                                ":zone", Items.s(after.zoneId()),
                                ":acct", Items.s(before.accountId()),
                                ":old", Items.s(before.name()),
                                ":oldZone", Items.s(before.zoneId())))
                        .build())
                .build());
        int claim = -1;
        if (renamed) {
            actions.add(hostDelete(before.name(), before.zoneId()));
            claim = actions.size();
            actions.add(hostPut(hostOf(after), after.id()));
        } else {
            actions.add(TransactWriteItem.builder()
                    .update(Update.builder()
                            .tableName(table)
                            .key(Items.key(Keys.host(after.name()), Keys.HOST_SK))
                            .updateExpression("SET zoneId = :zone, gsi1pk = :g")
                            .conditionExpression("aliasId = :id")
                            .expressionAttributeValues(Map.of(
                                    ":zone", Items.s(after.zoneId()),
                                    ":g", Items.s(Keys.zoneHosts(after.zoneId())),
                                    ":id", Items.s(after.id())))
                            .build())
                    .build());
        }
        int rise = -1;
        if (moved) {
            actions.add(zoneCount(before.zoneId(), before.accountId(), ALIAS_COUNT, -1, max));
            rise = actions.size();
            actions.add(zoneCount(after.zoneId(), after.accountId(), ALIAS_COUNT, 1, max));
        }
        Writes.Outcome outcome = Writes.transact(dynamo, table, actions);
        if (outcome.committed()) return;
        if (outcome.resent()
                && findAlias(after.id(), true).filter(after::equals).isPresent()) return;
        if (rise >= 0 && outcome.failedCondition(rise))
            throw zoneRefusal(after.zoneId(), after.accountId(), ALIAS_COUNT, "aliases", max);
        if (claim >= 0 && outcome.failedCondition(claim)) throw Conflict.alreadyExists(Subject.HOSTNAME, after.name());
        if (outcome.failedCondition(0)) {
            if (findAlias(before.id(), true)
                    .filter(a -> a.accountId().equals(before.accountId()))
                    .isEmpty()) throw new NotFound(Subject.ALIAS);
            throw Conflict.changedMeanwhile(Subject.ALIAS);
        }
        if (outcome.anyFailedCondition()) throw Conflict.changedMeanwhile(Subject.ALIAS);
        throw outcome.cancellation();
    }

    /** Deletes an alias (as read), frees its hostname and moves its zone's counter; one already gone is not found. */
    public void deleteAlias(Alias alias) {
        Writes.Outcome outcome = Writes.transact(
                dynamo,
                table,
                List.of(
                        plainDelete(Keys.alias(alias.id()), Keys.ALIAS_SK, alias.accountId()),
                        hostDelete(alias.name(), alias.zoneId()),
                        zoneCount(alias.zoneId(), alias.accountId(), ALIAS_COUNT, -1, 0)));
        if (outcome.committed()) return;
        if (outcome.resent() && findAlias(alias.id(), true).isEmpty()) return; // this call's earlier attempt
        if (outcome.anyFailedCondition()) {
            if (findAlias(alias.id(), true).isEmpty()) throw new NotFound(Subject.ALIAS);
            throw Conflict.changedMeanwhile(Subject.ALIAS);
        }
        throw outcome.cancellation();
    }

    public Optional<Alias> findAlias(String aliasId) {
        return findAlias(aliasId, false);
    }

    private Optional<Alias> findAlias(String aliasId, boolean consistent) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table)
                        .key(Items.key(Keys.alias(aliasId), Keys.ALIAS_SK))
                        .consistentRead(consistent))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(aliasOf(item));
    }

    /** An account's aliases in creation order, every page. */
    public List<Alias> listAliases(String accountId) {
        return Listing.all(dynamo, table, "gsi1", Keys.accountAliases(accountId), true).stream()
                .map(ZoneTable::aliasOf)
                .toList();
    }

    /** The alias that claims {@code hostname}, if an alias does. */
    public Optional<String> aliasIdOf(String hostname) {
        Map<String, AttributeValue> item = dynamo.getItem(
                        g -> g.tableName(table).key(Items.key(Keys.host(hostname), Keys.HOST_SK)))
                .item();
        return item == null ? Optional.empty() : Items.optStr(item, "aliasId");
    }

    /** The next number of the deployment-wide sequence {@code name} ("zone", "alias", "referrer"). */
    public long nextNumber(String name) {
        return Items.num(
                dynamo.updateItem(u -> u.tableName(table)
                                .key(Items.key(Keys.sequence(name), Keys.SEQUENCE_SK))
                                .updateExpression("ADD #v :one")
                                .expressionAttributeNames(Map.of("#v", "value"))
                                .expressionAttributeValues(Map.of(":one", Items.n(1)))
                                .returnValues("UPDATED_NEW"))
                        .attributes(),
                "value");
    }

    private static HostEntry hostOf(Alias alias) {
        return new HostEntry(alias.name(), alias.zoneId(), alias.accountId(), true);
    }

    private static Map<String, AttributeValue> aliasItem(Alias alias) {
        Map<String, AttributeValue> item = new HashMap<>(Items.key(Keys.alias(alias.id()), Keys.ALIAS_SK));
        item.put("type", Items.s("alias"));
        item.put("id", Items.s(alias.id()));
        item.put("zoneId", Items.s(alias.zoneId()));
        item.put("accountId", Items.s(alias.accountId()));
        item.put("name", Items.s(alias.name()));
        item.put("createdAt", Items.s(alias.createdAt().toString()));
        item.put("gsi1pk", Items.s(Keys.accountAliases(alias.accountId())));
        item.put("gsi1sk", Items.s(Items.sortKey(alias.createdAt(), alias.id())));
        return item;
    }

    private static Alias aliasOf(Map<String, AttributeValue> item) {
        return new Alias(
                Items.str(item, "id"),
                Items.str(item, "zoneId"),
                Items.str(item, "accountId"),
                Items.str(item, "name"),
                Instant.parse(Items.str(item, "createdAt")));
    }

    // ------------------------------------------------------------------------------------ hostnames

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
        return hostItems(zoneId).stream()
                .map(item -> new HostEntry(
                        Items.str(item, "hostname"), zoneId, Items.str(item, "accountId"), Items.flag(item, "alias")))
                .toList();
    }

    private List<Map<String, AttributeValue>> hostItems(String zoneId) {
        return Listing.all(dynamo, table, "gsi1", Keys.zoneHosts(zoneId), true);
    }

    /** The next zone number, deployment-wide: zone ids are these numbers, as APIs with numeric zone ids expect. */
    public long nextNumber() {
        return nextNumber("zone");
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
        return hostPut(entry, null);
    }

    /** The put that claims a hostname; an alias's names its alias item ({@code aliasId}). */
    private TransactWriteItem hostPut(HostEntry entry, String aliasId) {
        Map<String, AttributeValue> item = new HashMap<>(Items.key(Keys.host(entry.hostname()), Keys.HOST_SK));
        item.put("type", Items.s("host"));
        item.put("hostname", Items.s(entry.hostname()));
        item.put("zoneId", Items.s(entry.zoneId()));
        item.put("accountId", Items.s(entry.accountId()));
        item.put("alias", Items.bool(entry.alias()));
        item.put("gsi1pk", Items.s(Keys.zoneHosts(entry.zoneId())));
        item.put("gsi1sk", Items.s(entry.hostname()));
        if (aliasId != null) item.put("aliasId", Items.s(aliasId));
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
        if (zone.testMode()) item.put("testMode", Items.bool(true));
        item.put(GRANT_KEY, Items.s(GrantTokens.newKey()));
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
                settingsOf(item),
                Items.flag(item, "testMode"));
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
