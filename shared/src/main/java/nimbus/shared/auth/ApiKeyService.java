package nimbus.shared.auth;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nimbus.shared.Ids;
import nimbus.shared.Secrets;
import nimbus.shared.Settings;
import nimbus.shared.account.Account;
import nimbus.shared.error.ApiException;
import nimbus.shared.store.Items;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** Creating, listing and revoking API keys. Only a SHA-256 of each secret is stored. */
@Singleton
public class ApiKeyService {
    private final DynamoDbClient dynamo;
    private final String table;

    public ApiKeyService(DynamoDbClient dynamo) {
        this.dynamo = dynamo;
        this.table = Settings.tableName();
    }

    public CreatedApiKey create(String accountId, Dialect dialect, Set<String> scopes, String name) {
        String secret = dialect.newSecret();
        ApiKey key = new ApiKey(
                "key_" + Ids.newId().replace("-", ""),
                Secrets.sha256Hex(secret),
                accountId,
                dialect,
                Set.copyOf(scopes),
                name == null || name.isBlank() ? dialect.slug() + " key" : name.trim(),
                secret.substring(0, dialect.prefix().length() + 4) + "…",
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                false);
        try {
            dynamo.transactWriteItems(t -> t.transactItems(
                    TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table)
                            .key(Account.key(accountId)).conditionExpression("attribute_exists(pk)").build()).build(),
                    TransactWriteItem.builder().put(Put.builder().tableName(table).item(key.toItem())
                            .conditionExpression("attribute_not_exists(pk)").build()).build()));
        } catch (TransactionCanceledException e) {
            throw ApiException.notFound("No account " + accountId);
        }
        return new CreatedApiKey(secret, key);
    }

    /** An account's keys, newest first. */
    public List<ApiKey> list(String accountId) {
        List<ApiKey> keys = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(q -> q.tableName(table).indexName("gsi1")
                    .keyConditionExpression("gsi1pk = :p")
                    .expressionAttributeValues(Map.of(":p", Items.s(ApiKey.accountIndexKey(accountId))))
                    .scanIndexForward(false)
                    .exclusiveStartKey(from));
            page.items().forEach(item -> keys.add(ApiKey.fromItem(item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return keys;
    }

    public ApiKey revoke(String accountId, String keyId) {
        ApiKey key = list(accountId).stream().filter(k -> k.keyId().equals(keyId)).findFirst()
                .orElseThrow(() -> ApiException.notFound("No key " + keyId + " on account " + accountId));
        revokeByHash(key.hash());
        return key;
    }

    /** Revokes the key with this hash and gives its name. */
    public String revokeByHash(String hash) {
        try {
            return Items.str(dynamo.updateItem(u -> u.tableName(table).key(ApiKey.key(hash))
                    .updateExpression("SET revoked = :t, revokedAt = :now")
                    .conditionExpression("attribute_exists(pk)")
                    .expressionAttributeValues(Map.of(":t", Items.bool(true), ":now", Items.s(Instant.now().toString())))
                    .returnValues("ALL_NEW")).attributes(), "name");
        } catch (ConditionalCheckFailedException e) {
            throw ApiException.notFound("No such key");
        }
    }
}
