package nimbus.shared.purge;

import java.time.Instant;
import java.util.List;

/**
 * A request to clear cached copies: the whole zone, or some of its paths (each starting with {@code /}, as the edge
 * sees them before it prefixes the zone id). {@code batch} names the invalidation it was handed to (the CloudFront
 * CallerReference); {@code invalidationId} is the CDN's id for it, once known.
 */
public record Purge(
        String id,
        String accountId,
        String zoneId,
        boolean wholeZone,
        List<String> paths,
        PurgeStatus status,
        String batch,
        String invalidationId,
        Instant createdAt) {

    public Purge {
        paths = List.copyOf(paths);
    }

    /**
     * The CDN paths this purge clears, under the zone's prefix: {@code /<zone>/*} for the whole zone. A path that ends
     * in {@code *} is a prefix wildcard (zones that keep query strings in the cache key purge every variant with one).
     */
    public List<String> cdnPaths() {
        if (wholeZone) return List.of(zonePrefix(zoneId) + "*");
        return paths.stream().map(p -> zonePrefix(zoneId) + p.substring(1)).toList();
    }

    public static String zonePrefix(String zoneId) {
        return "/" + zoneId + "/";
    }
}
