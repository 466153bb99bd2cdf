package nimbus.local;

import java.util.Set;
import nimbus.aether.AetherKeys;
import nimbus.hackclub.HackClubKeys;
import nimbus.keycdn.KeyCdnKeys;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.rescdn.ResCdnKeys;
import nimbus.shared.account.QuotaTier;

/** New accounts with a key of one dialect, for the end-to-end tests. */
final class Accounts {
    private Accounts() {}

    static TestAccount hackClub() {
        return TestStack.account(QuotaTier.UNVERIFIED, HackClubKeys.FORMAT, Set.of());
    }

    static TestAccount keyCdn() {
        return TestStack.account(QuotaTier.UNVERIFIED, KeyCdnKeys.FORMAT, null);
    }

    static TestAccount resCdn(Set<String> scopes) {
        return TestStack.account(QuotaTier.UNVERIFIED, ResCdnKeys.LIVE, scopes);
    }

    static TestAccount aether(Set<String> scopes) {
        return TestStack.account(QuotaTier.UNVERIFIED, AetherKeys.FORMAT, scopes);
    }
}
