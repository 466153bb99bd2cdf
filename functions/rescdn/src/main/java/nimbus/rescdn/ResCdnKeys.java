package nimbus.rescdn;

import java.util.Set;
import nimbus.shared.Secrets;
import nimbus.shared.auth.KeyFormat;

/**
 * ResCDN keys, as the seed has them: {@code rk_live_} for the live data set and {@code rk_test_} for the separate
 * test-mode one ({@link Test}), each followed by 43 base62 characters (256 bits). Scopes: {@link #ZONES_READ},
 * {@link #ZONES_WRITE}, {@link #USAGE_READ}; a key gets all three unless fewer are asked for.
 */
public class ResCdnKeys implements KeyFormat {
    public static final String ZONES_READ = "zones:read";
    public static final String ZONES_WRITE = "zones:write";
    public static final String USAGE_READ = "usage:read";

    public static final ResCdnKeys LIVE = new ResCdnKeys();
    public static final ResCdnKeys TEST = new Test();

    /** The header the seed puts the key in. */
    static final String HEADER = "X-ResCDN-Key";

    @Override
    public String dialect() {
        return "rescdn";
    }

    @Override
    public String prefix() {
        return "rk_live_";
    }

    @Override
    public String newSecret() {
        return prefix() + Secrets.base62(43);
    }

    @Override
    public Set<String> knownScopes() {
        return Set.of(ZONES_READ, ZONES_WRITE, USAGE_READ);
    }

    /** The format of a presented secret: test mode for {@code rk_test_}, live otherwise. */
    static ResCdnKeys of(String secret) {
        return secret != null && secret.startsWith(TEST.prefix()) ? TEST : LIVE;
    }

    /** Test-mode keys: they see and change only the account's test-mode zones. */
    public static final class Test extends ResCdnKeys {
        @Override
        public String prefix() {
            return "rk_test_";
        }

        @Override
        public String mode() {
            return "test";
        }
    }
}
