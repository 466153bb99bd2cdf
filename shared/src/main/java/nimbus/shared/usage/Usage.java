package nimbus.shared.usage;

/**
 * What an account's zones delivered in a billing period: requests answered at the edge, bytes sent to viewers, and
 * how many of those requests the edge cache answered ({@code cacheHits}) or had to fetch ({@code cacheMisses}).
 */
public record Usage(BillingPeriod period, long requests, long bandwidthBytes, long cacheHits, long cacheMisses) {
    /** Hits over hits and misses, 0.0 when nothing was counted. */
    public double cacheHitRate() {
        long counted = cacheHits + cacheMisses;
        return counted == 0 ? 0.0 : (double) cacheHits / counted;
    }
}
