package nimbus.shared.error;

/**
 * The request's source made too many failed authentication attempts in the current window and is refused, whatever
 * it presents, until {@code untilEpochSeconds}. {@code limit} is the number of failures that blocks it.
 */
public final class Blocked extends DomainException {
    private final long limit;
    private final long untilEpochSeconds;
    private final long nowEpochSeconds;

    public Blocked(long limit, long untilEpochSeconds, long nowEpochSeconds) {
        super("blocked until " + untilEpochSeconds);
        this.limit = limit;
        this.untilEpochSeconds = untilEpochSeconds;
        this.nowEpochSeconds = nowEpochSeconds;
    }

    public long limit() {
        return limit;
    }

    public long untilEpochSeconds() {
        return untilEpochSeconds;
    }

    /** Whole seconds until the block ends, at least 1. */
    public long retryAfterSeconds() {
        return Math.max(1, untilEpochSeconds - nowEpochSeconds);
    }
}
