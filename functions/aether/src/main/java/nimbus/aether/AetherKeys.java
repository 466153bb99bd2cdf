package nimbus.aether;

import java.util.Set;
import nimbus.shared.Secrets;
import nimbus.shared.auth.KeyFormat;

/** AetherCDN keys: {@code ak_} and 43 base62 characters (46 in all, within the seed's 32-64), with scopes. */
public final class AetherKeys implements KeyFormat {
    public static final AetherKeys FORMAT = new AetherKeys();
    public static final String FILES_READ = "files:read";
    public static final String FILES_WRITE = "files:write";
    public static final String USER_READ = "user:read";

    @Override
    public String dialect() {
        return "aether";
    }

    @Override
    public String prefix() {
        return "ak_";
    }

    @Override
    public String newSecret() {
        return prefix() + Secrets.base62(43);
    }

    /** The seed's three scopes; a key made without naming any gets all of them, as the dashboard's keys do. */
    @Override
    public Set<String> knownScopes() {
        return Set.of(FILES_READ, FILES_WRITE, USER_READ);
    }
}
