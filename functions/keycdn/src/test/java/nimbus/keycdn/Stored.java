package nimbus.keycdn;

import java.util.Map;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.account.QuotaTier;
import nimbus.shared.zone.Alias;
import nimbus.shared.zone.Referrer;
import nimbus.shared.zone.ReferrerService;
import nimbus.shared.zone.Zone;
import nimbus.shared.zone.ZoneKind;
import nimbus.shared.zone.ZoneService;

/** Accounts and zones put in place through the domain services. */
final class Stored {
    private Stored() {}

    static TestAccount account() {
        return TestStack.account(QuotaTier.UNVERIFIED, KeyCdnKeys.FORMAT, null);
    }

    static ZoneService zones() {
        return TestStack.context().getBean(ZoneService.class);
    }

    static Zone pull(TestAccount owner, String name) {
        return zones().create(
                        owner.id(), name, ZoneKind.PULL, "https://example.com", Map.of("cachexpullkey", "KeyCDN"));
    }

    static Zone push(TestAccount owner, String name) {
        return zones().create(owner.id(), name, ZoneKind.PUSH, null, Map.of("cachexpullkey", "KeyCDN"));
    }

    static ReferrerService referrers() {
        return TestStack.context().getBean(ReferrerService.class);
    }

    /** A hostname no test has used. */
    static String hostname(String label) {
        return label + "-" + System.nanoTime() + ".example.com";
    }

    static Alias alias(Zone zone) {
        return zones().addAlias(zone.accountId(), zone.id(), hostname("alias"));
    }

    static Referrer referrer(Zone zone, String name) {
        return referrers().add(zone.accountId(), zone.id(), name);
    }

    static Zone reload(Zone zone) {
        return zones().require(zone.accountId(), zone.id());
    }

    static boolean exists(Zone zone) {
        try {
            reload(zone);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
