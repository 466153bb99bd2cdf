package nimbus.shared.error;

import nimbus.shared.auth.RateLimiter;

/** The caller used up its requests in the current window; {@code decision} says until when. */
public final class RateLimited extends DomainException {
    private final RateLimiter.Decision decision;

    public RateLimited(RateLimiter.Decision decision) {
        super("rate limited until " + decision.resetEpochSeconds());
        this.decision = decision;
    }

    public RateLimiter.Decision decision() {
        return decision;
    }
}
