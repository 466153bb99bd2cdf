package nimbus.shared.auth;

import jakarta.inject.Singleton;
import nimbus.shared.error.Blocked;
import nimbus.shared.error.Unauthenticated;

/**
 * Failed authentication attempts per request source (an IP address), counted in fixed windows by the
 * {@link RateLimiter}: once a source has {@code limit} failures in a window, every request from it is refused
 * ({@link Blocked}), a valid key included, until the window ends. A request without a known source (the SnapStart
 * priming event) is neither checked nor counted, so priming writes nothing.
 */
@Singleton
public class FailedAttempts {
    private final RateLimiter counter;
    private final Authenticator authenticator;

    public FailedAttempts(RateLimiter counter, Authenticator authenticator) {
        this.counter = counter;
        this.authenticator = authenticator;
    }

    /**
     * Authenticates {@code secret} for a request from {@code source} (counted under {@code subject}, which names the
     * dialect's own count): one GetItem of the source's window first, and one UpdateItem when the key is refused.
     */
    public Principal authenticate(
            String subject, String source, String secret, KeyFormat format, long limit, long windowSeconds) {
        if (source == null || source.isBlank()) return authenticator.authenticate(secret, format);
        String counted = subject + ":" + source;
        RateLimiter.Decision before = counter.peek(counted, limit, windowSeconds);
        if (!before.allowed()) throw blocked(before);
        try {
            return authenticator.authenticate(secret, format);
        } catch (Unauthenticated e) {
            RateLimiter.Decision after = counter.hit(counted, limit, windowSeconds);
            if (!after.allowed()) throw blocked(after);
            throw e;
        }
    }

    private static Blocked blocked(RateLimiter.Decision decision) {
        return new Blocked(decision.limit(), decision.resetEpochSeconds(), decision.nowEpochSeconds());
    }
}
