package nimbus.shared.zone;

import java.time.Instant;

/**
 * A referrer of a zone ({@code name}: a hostname, or {@code *.} and a hostname for every host under it), with a
 * numeric id of its own: the referrers a zone's referrer rules check the Referer header against. Not unique.
 */
public record Referrer(String id, String zoneId, String accountId, String name, Instant createdAt) {}
