package nimbus.local.kit;

import io.micronaut.context.ApplicationContext;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import nimbus.shared.Settings;
import nimbus.shared.account.Account;
import nimbus.shared.account.AccountService;
import nimbus.shared.account.QuotaTier;
import nimbus.shared.auth.ApiKeyService;
import nimbus.shared.auth.KeyFormat;
import nimbus.shared.files.BlobStore;
import nimbus.shared.store.Items;
import nimbus.shared.store.Keys;
import nimbus.shared.zone.Zone;
import nimbus.shared.zone.ZoneService;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a test needs from the local stack: moto with the template's resources, a started
 * application context (the same beans the functions get), and accounts with keys.
 */
public final class TestStack {
    private static ApplicationContext context;

    private TestStack() {}

    public static synchronized ApplicationContext context() {
        LocalAws.shared();
        if (context == null) context = ApplicationContext.run();
        return context;
    }

    /** A new context with extra singletons (an SDK interceptor that injects faults, say). */
    public static ApplicationContext contextWith(Object... singletons) {
        LocalAws.shared();
        return ApplicationContext.builder().singletons(singletons).start();
    }

    /**
     * For the local gateway: each function, by logical id, gets its own new context with these
     * singletons (a clock, an SDK interceptor), as each Lambda function has its own containers.
     */
    public static Function<String, ApplicationContext> containersWith(Object... singletons) {
        return functionName -> contextWith(singletons);
    }

    public record TestAccount(Account account, String key) {
        public String id() {
            return account.id();
        }
    }

    /** A new account with one key of {@code format} ({@code scopes} null: the format's defaults). */
    public static TestAccount account(QuotaTier tier, KeyFormat format, Set<String> scopes) {
        ApplicationContext ctx = context();
        Account account = ctx.getBean(AccountService.class)
                .create("user-" + System.nanoTime() + "@example.test", "Test User", tier);
        String key = ctx.getBean(ApiKeyService.class)
                .create(account.id(), format, scopes, "test")
                .secret();
        return new TestAccount(account, key);
    }

    /** Sets one of the account's counters directly (to stage a nearly full account, say). */
    public static void setAccountCounter(String accountId, String counter, long value) {
        setCounter(Items.key(Keys.account(accountId), Keys.ACCOUNT_SK), counter, value);
    }

    /** Sets one of a zone's counters directly. */
    public static void setZoneCounter(String zoneId, String counter, long value) {
        setCounter(Items.key(Keys.zone(zoneId), Keys.ZONE_SK), counter, value);
    }

    private static void setCounter(Map<String, AttributeValue> key, String counter, long value) {
        dynamo().updateItem(u -> u.tableName(Settings.tableName())
                .key(key)
                .conditionExpression("attribute_exists(pk)")
                .updateExpression("SET #c = :v")
                .expressionAttributeNames(Map.of("#c", counter))
                .expressionAttributeValues(Map.of(":v", Items.n(value))));
    }

    public static Zone filesZone(String accountId) {
        return context().getBean(ZoneService.class).filesZone(accountId);
    }

    public static Account reload(String accountId) {
        return context().getBean(AccountService.class).find(accountId).orElseThrow();
    }

    public static DynamoDbClient dynamo() {
        return context().getBean(DynamoDbClient.class);
    }

    public static BlobStore blobs() {
        return context().getBean(BlobStore.class);
    }
}
