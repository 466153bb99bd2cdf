package nimbus.rescdn;

import java.util.Set;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.account.QuotaTier;
import nimbus.shared.auth.ApiKeyService;
import nimbus.shared.zone.Zone;
import nimbus.shared.zone.ZoneService;

/** Accounts, keys and zones put in place through the domain services. */
final class Stored {
    private Stored() {}

    /** A new account with a live key of every scope. */
    static TestAccount account() {
        return TestStack.account(QuotaTier.UNVERIFIED, ResCdnKeys.LIVE, null);
    }

    /** A new account with a live key of only these scopes. */
    static TestAccount account(Set<String> scopes) {
        return TestStack.account(QuotaTier.UNVERIFIED, ResCdnKeys.LIVE, scopes);
    }

    /** A test-mode key of the account. */
    static String testKey(TestAccount account) {
        return TestStack.context()
                .getBean(ApiKeyService.class)
                .create(account.id(), ResCdnKeys.TEST, null, "test mode")
                .secret();
    }

    static ZoneService zones() {
        return TestStack.context().getBean(ZoneService.class);
    }

    /** A zone name (a DNS label) no test has used. */
    static String name() {
        return "z" + System.nanoTime();
    }

    static Zone reload(String accountId, String zoneId, boolean testMode) {
        return zones().require(accountId, zoneId, testMode);
    }
}
