package nimbus.local.kit;

import io.micronaut.context.ApplicationContext;
import java.util.Set;
import nimbus.shared.account.Account;
import nimbus.shared.account.AccountService;
import nimbus.shared.account.QuotaTier;
import nimbus.shared.auth.ApiKeyService;
import nimbus.shared.auth.Dialect;
import nimbus.shared.files.BlobStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

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

    public record TestAccount(Account account, String key) {
        public String id() { return account.id(); }
    }

    public static TestAccount account(QuotaTier tier, Dialect dialect, Set<String> scopes) {
        ApplicationContext ctx = context();
        Account account = ctx.getBean(AccountService.class)
                .create("user-" + System.nanoTime() + "@example.test", "Test User", tier);
        String key = ctx.getBean(ApiKeyService.class).create(account.id(), dialect, scopes, "test").secret();
        return new TestAccount(account, key);
    }

    public static TestAccount hackClubAccount() {
        return account(QuotaTier.UNVERIFIED, Dialect.HACKCLUB, Set.of());
    }

    public static Account reload(String accountId) {
        return context().getBean(AccountService.class).find(accountId).orElseThrow();
    }

    public static DynamoDbClient dynamo() { return context().getBean(DynamoDbClient.class); }

    public static BlobStore blobs() { return context().getBean(BlobStore.class); }
}
