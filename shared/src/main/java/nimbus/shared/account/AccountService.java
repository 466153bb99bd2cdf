package nimbus.shared.account;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import nimbus.shared.Secrets;
import nimbus.shared.Settings;
import nimbus.shared.error.ApiException;
import nimbus.shared.store.Items;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** Accounts (tenants): created by the operator, read on every request that needs the quota. */
@Singleton
public class AccountService {
    private final DynamoDbClient dynamo;
    private final String table;

    public AccountService(DynamoDbClient dynamo) {
        this.dynamo = dynamo;
        this.table = Settings.tableName();
    }

    /** Creates an account; the email is unique across accounts (an EMAIL# item guards it). */
    public Account create(String email, String name, QuotaTier tier) {
        String normalized = email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
        if (!normalized.matches("[^@\\s]+@[^@\\s]+")) throw ApiException.validation("A valid email is required");
        String id = "usr_" + Secrets.hex(10);
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Map<String, AttributeValue> item = new HashMap<>(Account.key(id));
        item.put("type", Items.s("account"));
        item.put("id", Items.s(id));
        item.put("email", Items.s(normalized));
        item.put("name", Items.s(name == null || name.isBlank() ? normalized : name.trim()));
        item.put("tier", Items.s(tier.slug()));
        item.put("storageUsed", Items.n(0));
        item.put("fileCount", Items.n(0));
        item.put("folderCount", Items.n(0));
        item.put("createdAt", Items.s(now));
        Map<String, AttributeValue> emailItem = new HashMap<>(Items.key("EMAIL#" + normalized, "EMAIL"));
        emailItem.put("accountId", Items.s(id));
        try {
            dynamo.transactWriteItems(t -> t.transactItems(
                    TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                            .conditionExpression("attribute_not_exists(pk)").build()).build(),
                    TransactWriteItem.builder().put(Put.builder().tableName(table).item(emailItem)
                            .conditionExpression("attribute_not_exists(pk)").build()).build()));
        } catch (TransactionCanceledException e) {
            throw new ApiException(409, "conflict", "An account with email " + normalized + " already exists");
        }
        return Account.fromItem(item);
    }

    public Optional<Account> find(String accountId) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table).key(Account.key(accountId))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(Account.fromItem(item));
    }

    public Account require(String accountId) {
        return find(accountId).orElseThrow(ApiException::unauthorized);
    }

    public Account setTier(String accountId, QuotaTier tier) {
        try {
            Map<String, AttributeValue> item = dynamo.updateItem(u -> u.tableName(table).key(Account.key(accountId))
                    .updateExpression("SET tier = :t")
                    .conditionExpression("attribute_exists(pk)")
                    .expressionAttributeValues(Map.of(":t", Items.s(tier.slug())))
                    .returnValues("ALL_NEW")).attributes();
            return Account.fromItem(item);
        } catch (ConditionalCheckFailedException e) {
            throw ApiException.notFound("No account " + accountId);
        }
    }
}
