package nimbus.shared.usage;

/** One row of a request report: cache hits and misses, and answers by status class. */
public record Requests(
        long timestamp,
        long cacheHits,
        long cacheMisses,
        long status2xx,
        long status3xx,
        long status4xx,
        long status5xx) {

    public static Requests none(long timestamp) {
        return new Requests(timestamp, 0, 0, 0, 0, 0, 0);
    }

    /** 2xx and 3xx answers. */
    public long successes() {
        return status2xx + status3xx;
    }

    /** 4xx and 5xx answers. */
    public long errors() {
        return status4xx + status5xx;
    }
}
