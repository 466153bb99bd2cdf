package nimbus.hackclub;

import java.util.Set;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.account.QuotaTier;

/** New accounts with a Hack Club key, for the tests. */
final class HackClubAccounts {
    private HackClubAccounts() {}

    static TestAccount create() {
        return TestStack.account(QuotaTier.UNVERIFIED, HackClubKeys.FORMAT, Set.of());
    }
}
