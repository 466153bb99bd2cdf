package nimbus.keycdn;

import static nimbus.keycdn.Calls.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import nimbus.keycdn.Calls.Reply;
import nimbus.local.kit.Events;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.Secrets;
import nimbus.shared.account.QuotaTier;
import nimbus.shared.auth.KeyFormat;
import org.junit.jupiter.api.Test;

/** HTTP Basic with the key as the user name: the forms clients send, and every way to get a 401. */
class AuthTest {
    static final String UNAUTHORIZED = Expected.error("Unauthorized: invalid API key.");

    private final ListZonesHandler handler = new ListZonesHandler(TestStack.context());
    private final TestAccount owner = Stored.account();

    private Reply withAuthorization(String value) {
        return call(
                handler,
                Calls.fromNewSource(Events.withHeader(Events.load("keycdn/list-zones.json"), "Authorization", value)));
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theFormsOfBasicAuthClientsSend() {
        for (String value : new String[] {
            "Basic " + base64(owner.key() + ":"), // curl -u KEY:
            "Basic " + base64(owner.key()), // no colon at all
            "basic " + base64(owner.key() + ":"),
            "BASIC   " + base64(owner.key() + ":") + "  ",
            "Basic " + base64(owner.key() + ":ignored"), // the password is not read
        }) {
            assertEquals(200, withAuthorization(value).status(), value);
        }
    }

    @Test
    void everythingElseIs401WithTheEnvelopeAndNoRateHeaders() {
        TestAccount otherDialect = TestStack.account(QuotaTier.UNVERIFIED, new SamePrefixOtherDialect(), Set.of());
        for (String value : new String[] {
            null,
            "",
            "Bearer " + owner.key(),
            owner.key(),
            "Basic " + owner.key(),
            "Basic !!!not-base64",
            "Basic " + base64(":" + owner.key()),
            "Basic " + base64(owner.key() + "x:"),
            "Basic " + base64("sk_prod_" + "0".repeat(43) + ":"),
            "Basic " + base64(otherDialect.key() + ":"),
            "Basic " + base64("ak_" + Secrets.base62(43) + ":"),
        }) {
            Reply reply = withAuthorization(value);
            assertEquals(401, reply.status(), value);
            assertEquals(UNAUTHORIZED, reply.text(), value);
            assertNull(reply.header(RateLimitHeaders.LIMIT), value);
        }
    }

    /** Another dialect whose keys look like KeyCDN's: stored with its own dialect, refused here. */
    static final class SamePrefixOtherDialect implements KeyFormat {
        @Override
        public String dialect() {
            return "keycdn-lookalike";
        }

        @Override
        public String prefix() {
            return "sk_prod_";
        }

        @Override
        public String newSecret() {
            return prefix() + Secrets.base62(43);
        }
    }
}
