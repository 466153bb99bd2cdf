package nimbus.shared.zone;

import java.time.Instant;

/**
 * An extra hostname ({@code name}) of a zone, with a numeric id of its own: the edge answers for it as for the
 * zone's own host. Its hostname is registered in the hostname registry, so no two aliases or zones of any account
 * share one.
 */
public record Alias(String id, String zoneId, String accountId, String name, Instant createdAt) {}
