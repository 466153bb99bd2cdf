package nimbus.keycdn;

import nimbus.shared.Secrets;
import nimbus.shared.auth.KeyFormat;

/** KeyCDN keys: {@code sk_prod_} and 43 base62 characters, as in the seed's examples; no scopes. */
public final class KeyCdnKeys implements KeyFormat {
    public static final KeyCdnKeys FORMAT = new KeyCdnKeys();

    @Override
    public String dialect() {
        return "keycdn";
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
