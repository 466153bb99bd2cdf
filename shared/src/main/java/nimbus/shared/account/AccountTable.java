package nimbus.shared.account;

import jakarta.inject.Singleton;
import java.time.Instant;
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
import nimbus.shared.store.Writes;
import nimbus.shared.zone.Zone;
import nimbus.shared.zone.ZoneTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/** Account items, the email guard that keeps emails unique, and the account's counters. */
@Singleton
public class AccountTable {
    private final DynamoDbClient dynamo;
    private final ZoneTable zones;
    private final String table;

    public AccountTable(DynamoDbClient dynamo, ZoneTable zones) {
        this.dynamo = dynamo;
        this.zones = zones;
        this.table = Settings.tableName();
    }

    /** The account, its email guard and its files zone, in one transaction. */
    public void create(Account account, Zone filesZone) {
        Map<String, AttributeValue> emailItem = new HashMap<>(Items.key(Keys.email(account.email()), Keys.EMAIL_SK));
        emailItem.put("accountId", Items.s(account.id()));
        Writes.Outcome outcome = Writes.transact(
                dynamo,
                table,
                List.of(
                        Writes.putNew(table, toItem(account)),
                        Writes.putNew(table, emailItem),
                        zones.putAction(filesZone)));
        // "Already exists" for a brand-new account id can only be this call's own earlier attempt, committed.
        if (outcome.committed() || outcome.failedCondition(0)) return;
        if (outcome.failedCondition(1)) throw Conflict.alreadyExists(Subject.ACCOUNT, account.email());
        throw outcome.cancellation();
    }

    public Optional<Account> find(String accountId) {
        Map<String, AttributeValue> item =
                dynamo.getItem(g -> g.tableName(table).key(key(accountId))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    public Account setTier(String accountId, QuotaTier tier) {
        try {
            return fromItem(dynamo.updateItem(u -> u.tableName(table)
                            .key(key(accountId))
                            .updateExpression("SET tier = :t")
                            .conditionExpression("attribute_exists(pk)")
                            .expressionAttributeValues(Map.of(":t", Items.s(tier.slug())))
                            .returnValues("ALL_NEW"))
                    .attributes());
        } catch (ConditionalCheckFailedException e) {
            throw new NotFound(Subject.ACCOUNT);
        }
    }

    /**
     * Moves the account's counters in a write transaction. With {@code roomForBytes}, the write only
     * lands while {@code storageUsed <= roomForBytes}: the quota holds exactly under concurrent writes.
     */
    public TransactWriteItem counters(String accountId, long bytes, long files, long folders, Long roomForBytes) {
        Map<String, AttributeValue> values =
                new HashMap<>(Map.of(":b", Items.n(bytes), ":f", Items.n(files), ":d", Items.n(folders)));
        String condition = "attribute_exists(pk)";
        if (roomForBytes != null) {
            condition += " AND storageUsed <= :room";
            values.put(":room", Items.n(roomForBytes));
        }
        return TransactWriteItem.builder()
                .update(Update.builder()
                        .tableName(table)
                        .key(key(accountId))
                        .updateExpression("ADD storageUsed :b, fileCount :f, folderCount :d")
                        .conditionExpression(condition)
                        .expressionAttributeValues(values)
                        .build())
                .build();
    }

    private static Map<String, AttributeValue> key(String accountId) {
        return Items.key(Keys.account(accountId), Keys.ACCOUNT_SK);
    }

    private static Map<String, AttributeValue> toItem(Account account) {
        Map<String, AttributeValue> item = new HashMap<>(key(account.id()));
        item.put("type", Items.s("account"));
        item.put("id", Items.s(account.id()));
        item.put("email", Items.s(account.email()));
        item.put("name", Items.s(account.name()));
        item.put("tier", Items.s(account.tier().slug()));
        item.put("storageUsed", Items.n(account.storageUsed()));
        item.put("fileCount", Items.n(account.fileCount()));
        item.put("folderCount", Items.n(account.folderCount()));
        item.put("createdAt", Items.s(account.createdAt().toString()));
        return item;
    }

    private static Account fromItem(Map<String, AttributeValue> item) {
        return new Account(
                Items.str(item, "id"),
                Items.str(item, "email"),
                Items.str(item, "name"),
                QuotaTier.fromSlug(Items.str(item, "tier")).orElse(QuotaTier.UNVERIFIED),
                Items.num(item, "storageUsed"),
                Items.num(item, "fileCount"),
                Items.num(item, "folderCount"),
                Instant.parse(Items.str(item, "createdAt")));
    }
}
