package nimbus.shared.auth;

import java.time.Instant;
import java.util.Set;

/** An API key as stored: never the secret, only its SHA-256. {@code dialect} is its {@link KeyFormat#dialect()}. */
public record ApiKey(
        String keyId,
        String hash,
        String accountId,
        String dialect,
        String mode,
        Set<String> scopes,
        String name,
        String hint,
        Instant createdAt,
        boolean revoked) {
    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }
}
