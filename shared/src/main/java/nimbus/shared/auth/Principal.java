package nimbus.shared.auth;

import java.util.Set;

/** Who is calling: the account and the key used, with the key's scopes and mode. */
public record Principal(
        String accountId, String keyId, String keyHash, String dialect, String mode, Set<String> scopes) {
    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }

    /** True for a key of a test-mode data set ({@link KeyFormat#mode()} "test"). */
    public boolean testMode() {
        return "test".equals(mode);
    }
}
