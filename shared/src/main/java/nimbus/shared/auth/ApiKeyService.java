package nimbus.shared.auth;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import nimbus.shared.Ids;
import nimbus.shared.Secrets;
import nimbus.shared.account.Account;
import nimbus.shared.account.AccountService;
import nimbus.shared.error.InvalidInput;
import nimbus.shared.error.NotFound;
import nimbus.shared.error.Subject;

/** Creating, listing and revoking API keys. Only a SHA-256 of each secret is stored. */
@Singleton
public class ApiKeyService {
    private final ApiKeyTable keys;
    private final AccountService accounts;
    private final Authenticator authenticator;

    public ApiKeyService(ApiKeyTable keys, AccountService accounts, Authenticator authenticator) {
        this.keys = keys;
        this.accounts = accounts;
        this.authenticator = authenticator;
    }

    /**
     * A new key of {@code format} for the account. {@code scopes} null means the format's defaults;
     * a scope the format does not know is refused.
     */
    public CreatedApiKey create(String accountId, KeyFormat format, Set<String> scopes, String name) {
        Set<String> granted = scopes == null ? format.defaultScopes() : Set.copyOf(scopes);
        Set<String> unknown = new TreeSet<>(granted);
        unknown.removeAll(format.knownScopes());
        if (!unknown.isEmpty()) throw InvalidInput.notAllowed("scopes", String.join(", ", unknown));
        String secret = format.newSecret();
        ApiKey key = new ApiKey(
                "key_" + Ids.newId().replace("-", ""),
                Secrets.sha256Hex(secret),
                accountId,
                format.dialect(),
                format.mode(),
                granted,
                name == null || name.isBlank() ? format.dialect() + " key" : name.trim(),
                secret.substring(0, format.prefix().length() + 4) + "…",
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                false);
        keys.insert(key);
        return new CreatedApiKey(secret, key);
    }

    /** An account's keys, newest first. */
    public List<ApiKey> list(String accountId) {
        return keys.listByAccount(accountId);
    }

    /** Revokes one of the account's keys by its id (the operator's way). */
    public ApiKey revoke(String accountId, String keyId) {
        ApiKey key = list(accountId).stream()
                .filter(k -> k.keyId().equals(keyId))
                .findFirst()
                .orElseThrow(() -> new NotFound(Subject.KEY));
        ApiKey revoked = keys.revoke(key.hash());
        authenticator.forget(key.hash());
        return revoked;
    }

    /** Revokes the key that made the call: it stops working here at once, everywhere within the key cache's TTL. */
    public RevokedKey revokeCaller(Principal caller) {
        Account owner = accounts.require(caller.accountId());
        ApiKey revoked = keys.revoke(caller.keyHash());
        authenticator.forget(caller.keyHash());
        return new RevokedKey(revoked.name(), owner.email());
    }
}
