package nimbus.shared.auth;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import nimbus.shared.Secrets;
import nimbus.shared.Settings;
import nimbus.shared.error.Unauthenticated;

/**
 * Turns a presented secret into a {@link Principal}: one GetItem by the secret's SHA-256, cached per
 * warm container for a short time. A revocation therefore takes effect everywhere within
 * {@code NIMBUS_KEY_CACHE_SECONDS} (10 s by default), and at once in the container that revoked.
 * Unknown keys are never cached, so a key works the moment it is created.
 */
@Singleton
public class Authenticator {
    private record Cached(ApiKey key, long expiresAtMillis) {}

    private final ApiKeyTable keys;
    private final long ttlMillis;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public Authenticator(ApiKeyTable keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
        this.ttlMillis = Settings.longValue("NIMBUS_KEY_CACHE_SECONDS", 10) * 1000L;
    }

    /** The caller, if {@code secret} is a live key of {@code format}'s dialect and mode. */
    public Principal authenticate(String secret, KeyFormat format) {
        if (secret == null || secret.length() > 256 || !secret.startsWith(format.prefix())) throw new Unauthenticated();
        ApiKey key = lookup(Secrets.sha256Hex(secret));
        if (key == null
                || key.revoked()
                || !key.dialect().equals(format.dialect())
                || !key.mode().equals(format.mode())) {
            throw new Unauthenticated();
        }
        return new Principal(key.accountId(), key.keyId(), key.hash(), key.dialect(), key.mode(), key.scopes());
    }

    /** Forgets every cached key: a SnapStart snapshot must not carry any into restored copies. */
    public void forgetAll() {
        cache.clear();
    }

    public int cachedKeys() {
        return cache.size();
    }

    /** Forgets a key in this container at once (right after revoking it). */
    void forget(String hash) {
        cache.remove(hash);
    }

    private ApiKey lookup(String hash) {
        long now = clock.millis();
        Cached cached = cache.get(hash);
        if (cached != null && cached.expiresAtMillis > now) return cached.key;
        ApiKey key = keys.findByHash(hash).orElse(null);
        if (key == null) {
            cache.remove(hash);
            return null;
        }
        if (cache.size() > 10_000) cache.clear();
        cache.put(hash, new Cached(key, now + ttlMillis));
        return key;
    }
}
