package nimbus.shared.auth;

import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import nimbus.shared.Secrets;
import nimbus.shared.Settings;
import nimbus.shared.error.ApiException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Turns a presented secret into a {@link Principal}: one GetItem by the secret's SHA-256, cached per
 * warm container for a short time. A revocation therefore takes effect everywhere within
 * {@code NIMBUS_KEY_CACHE_SECONDS} (10 s by default), and at once in the container that revoked.
 * Unknown keys are never cached, so a key works the moment it is created.
 */
@Singleton
public class Authenticator {
    private record Cached(ApiKey key, long expiresAtNanos) {}

    private final DynamoDbClient dynamo;
    private final String table;
    private final long ttlNanos;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public Authenticator(DynamoDbClient dynamo) {
        this.dynamo = dynamo;
        this.table = Settings.tableName();
        this.ttlNanos = Settings.longValue("NIMBUS_KEY_CACHE_SECONDS", 10) * 1_000_000_000L;
    }

    /** The caller, if {@code secret} is a live key of {@code dialect}; otherwise a 401. */
    public Principal authenticate(String secret, Dialect dialect) {
        if (secret == null || secret.length() > 256 || !secret.startsWith(dialect.prefix())) {
            throw ApiException.unauthorized();
        }
        String hash = Secrets.sha256Hex(secret);
        ApiKey key = lookup(hash);
        if (key == null || key.revoked() || key.dialect() != dialect) throw ApiException.unauthorized();
        return new Principal(key.accountId(), key.keyId(), key.hash(), key.dialect(), key.scopes());
    }

    /** Forgets every cached key: a SnapStart snapshot must not carry any into restored copies. */
    public void forgetAll() {
        cache.clear();
    }

    public int cachedKeys() {
        return cache.size();
    }

    /** Forgets a key in this container at once (used right after revoking it). */
    public void forget(String hash) {
        cache.remove(hash);
    }

    private ApiKey lookup(String hash) {
        long now = System.nanoTime();
        Cached cached = cache.get(hash);
        if (cached != null && cached.expiresAtNanos - now > 0) return cached.key;
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table).key(ApiKey.key(hash))).item();
        if (item == null || item.isEmpty()) {
            cache.remove(hash);
            return null;
        }
        ApiKey key = ApiKey.fromItem(item);
        if (cache.size() > 10_000) cache.clear();
        cache.put(hash, new Cached(key, now + ttlNanos));
        return key;
    }
}
