package nimbus.rescdn;

import static nimbus.rescdn.Calls.call;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.rescdn.Calls.Reply;
import nimbus.shared.Secrets;
import nimbus.shared.account.QuotaTier;
import nimbus.shared.auth.KeyFormat;
import org.junit.jupiter.api.Test;

/** The key in X-ResCDN-Key; every way to get the seed's 401, and 403 for a key without the operation's scope. */
class AuthTest {
    static final String UNAUTHORIZED = Calls.error("authentication required");

    private final ListZonesHandler list = new ListZonesHandler(TestStack.context());
    private final CreateZoneHandler create = new CreateZoneHandler(TestStack.context());
    private final GetUsageHandler usage = new GetUsageHandler(TestStack.context());

    @Test
    void liveAndTestKeysAreAccepted() {
        TestAccount owner = Stored.account();
        assertEquals(200, call(list, Calls.event("list-zones", owner.key())).status());
        assertEquals(
                200,
                call(list, Calls.event("list-zones", Stored.testKey(owner))).status());
        assertEquals(
                200,
                call(list, Calls.event("list-zones", " " + owner.key() + " ")).status());
    }

    @Test
    void everythingElseIs401WithTheSeedsBody() {
        TestAccount owner = Stored.account();
        String testKey = Stored.testKey(owner);
        String lookalike = TestStack.account(QuotaTier.UNVERIFIED, new SamePrefixOtherDialect(), Set.of())
                .key();
        List<String> refused = new java.util.ArrayList<>(List.of(
                "",
                "Bearer " + owner.key(),
                owner.key() + "x",
                "rk_live_" + "0".repeat(43),
                "rk_test_" + "0".repeat(43),
                // the same secret under the other mode's prefix
                "rk_test_" + owner.key().substring("rk_live_".length()),
                "rk_live_" + testKey.substring("rk_test_".length()),
                lookalike,
                "sk_prod_" + owner.key().substring("rk_live_".length()),
                "ak_" + Secrets.base62(43)));
        refused.add(null);
        for (String key : refused) {
            Reply reply = call(list, Calls.event("list-zones", key));
            assertEquals(401, reply.status(), key);
            assertEquals(UNAUTHORIZED, reply.text(), key);
        }
    }

    @Test
    void aKeyWithoutTheScopeIs403AndChangesNothing() {
        TestAccount reader = Stored.account(Set.of(ResCdnKeys.ZONES_READ));
        Reply refused = call(create, Calls.createNamed(reader.key(), Stored.name()));
        assertEquals(403, refused.status());
        assertEquals(Calls.error("this key lacks the zones:write permission"), refused.text());
        assertEquals(List.of(), Stored.zones().list(reader.id()));
        assertEquals(403, call(usage, Calls.event("get-usage", reader.key())).status());
        assertEquals(200, call(list, Calls.event("list-zones", reader.key())).status());

        TestAccount accountant = Stored.account(Set.of(ResCdnKeys.USAGE_READ));
        assertEquals(
                200, call(usage, Calls.event("get-usage", accountant.key())).status());
        Reply noRead = call(list, Calls.event("list-zones", accountant.key()));
        assertEquals(403, noRead.status());
        assertEquals(Calls.error("this key lacks the zones:read permission"), noRead.text());
    }

    /** Another dialect whose keys look like ResCDN's live keys: stored with its own dialect, refused here. */
    static final class SamePrefixOtherDialect implements KeyFormat {
        @Override
        public String dialect() {
            return "rescdn-lookalike";
        }

        @Override
        public String prefix() {
            return "rk_live_";
        }

        @Override
        public String newSecret() {
            return prefix() + Secrets.base62(43);
        }
    }
}
