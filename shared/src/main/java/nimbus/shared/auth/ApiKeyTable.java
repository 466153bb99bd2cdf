package nimbus.shared.auth;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nimbus.shared.Settings;
import nimbus.shared.error.NotFound;
import nimbus.shared.error.Subject;
import nimbus.shared.store.Items;
import nimbus.shared.store.Keys;
import nimbus.shared.store.Listing;
import nimbus.shared.store.Writes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** API key items: one per key, keyed by the secret's hash, listed per account through gsi1. */
@Singleton
public class ApiKeyTable {
    private final DynamoDbClient dynamo;
    private final String table;

    public ApiKeyTable(DynamoDbClient dynamo) {
        this.dynamo = dynamo;
        this.table = Settings.tableName();
    }

    /** Stores a new key, only if its account exists. */
    public void insert(ApiKey key) {
        Writes.Outcome outcome = Writes.transact(
                dynamo,
                table,
                List.of(
                        TransactWriteItem.builder()
                                .conditionCheck(c -> c.tableName(table)
                                        .key(Items.key(Keys.account(key.accountId()), Keys.ACCOUNT_SK))
                                        .conditionExpression("attribute_exists(pk)"))
                                .build(),
                        Writes.putNew(table, toItem(key))));
        // A key item already under this random secret's hash can only be this call's earlier attempt, committed.
        if (outcome.committed() || outcome.failedCondition(1)) return;
        if (outcome.failedCondition(0)) throw new NotFound(Subject.ACCOUNT);
        throw outcome.cancellation();
    }

    public Optional<ApiKey> findByHash(String hash) {
        Map<String, AttributeValue> item =
                dynamo.getItem(g -> g.tableName(table).key(key(hash))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** An account's keys, newest first. */
    public List<ApiKey> listByAccount(String accountId) {
        return Listing.all(dynamo, table, "gsi1", Keys.accountKeys(accountId), false).stream()
                .map(ApiKeyTable::fromItem)
                .toList();
    }

    /** Marks the key revoked and gives it back as it now is. */
    public ApiKey revoke(String hash) {
        try {
            return fromItem(dynamo.updateItem(u -> u.tableName(table)
                            .key(key(hash))
                            .updateExpression("SET revoked = :t, revokedAt = :now")
                            .conditionExpression("attribute_exists(pk)")
                            .expressionAttributeValues(Map.of(
                                    ":t",
                                    Items.bool(true),
                                    ":now",
                                    Items.s(Instant.now().toString())))
                            .returnValues("ALL_NEW"))
                    .attributes());
        } catch (ConditionalCheckFailedException e) {
            throw new NotFound(Subject.KEY);
        }
    }

    private static Map<String, AttributeValue> key(String hash) {
        return Items.key(Keys.apiKey(hash), Keys.KEY_SK);
    }

    private static Map<String, AttributeValue> toItem(ApiKey key) {
        Map<String, AttributeValue> item = new HashMap<>(key(key.hash()));
        item.put("type", Items.s("apiKey"));
        item.put("keyId", Items.s(key.keyId()));
        item.put("accountId", Items.s(key.accountId()));
        item.put("dialect", Items.s(key.dialect()));
        item.put("mode", Items.s(key.mode()));
        if (!key.scopes().isEmpty()) item.put("scopes", Items.ss(key.scopes()));
        item.put("name", Items.s(key.name()));
        item.put("hint", Items.s(key.hint()));
        item.put("createdAt", Items.s(key.createdAt().toString()));
        item.put("revoked", Items.bool(key.revoked()));
        item.put("gsi1pk", Items.s(Keys.accountKeys(key.accountId())));
        item.put("gsi1sk", Items.s(Items.sortKey(key.createdAt(), key.keyId())));
        return item;
    }

    private static ApiKey fromItem(Map<String, AttributeValue> item) {
        return new ApiKey(
                Items.str(item, "keyId"),
                Items.str(item, "pk").substring("KEY#".length()),
                Items.str(item, "accountId"),
                Items.str(item, "dialect"),
                Items.optStr(item, "mode").orElse("live"),
                Items.strSet(item, "scopes"),
                Items.str(item, "name"),
                Items.str(item, "hint"),
                Instant.parse(Items.str(item, "createdAt")),
                Items.flag(item, "revoked"));
    }
}
