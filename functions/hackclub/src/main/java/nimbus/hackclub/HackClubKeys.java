package nimbus.hackclub;

import nimbus.shared.Secrets;
import nimbus.shared.auth.KeyFormat;

/** Hack Club CDN keys: {@code sk_cdn_} and 64 hex characters, no scopes. */
public final class HackClubKeys implements KeyFormat {
    public static final HackClubKeys FORMAT = new HackClubKeys();

    @Override
    public String dialect() {
        return "hackclub";
    }

    @Override
    public String prefix() {
        return "sk_cdn_";
    }

    @Override
    public String newSecret() {
        return prefix() + Secrets.hex(32);
    }
}
