package nimbus.shared.usage;

/** Delivery counted in one interval: requests, bytes sent, cache hits and misses, answers by status class. */
public record Counts(long requests, long bytes, long hits, long misses, long s2xx, long s3xx, long s4xx, long s5xx) {
    public static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0, 0, 0);

    /** The counts of one request. */
    public static Counts of(AccessLog.Line line) {
        int statusClass = line.status() / 100;
        return new Counts(
                1,
                line.bytes(),
                line.hit() ? 1 : 0,
                line.miss() ? 1 : 0,
                statusClass == 2 ? 1 : 0,
                statusClass == 3 ? 1 : 0,
                statusClass == 4 ? 1 : 0,
                statusClass == 5 ? 1 : 0);
    }

    public Counts plus(Counts o) {
        return new Counts(
                requests + o.requests,
                bytes + o.bytes,
                hits + o.hits,
                misses + o.misses,
                s2xx + o.s2xx,
                s3xx + o.s3xx,
                s4xx + o.s4xx,
                s5xx + o.s5xx);
    }
}
