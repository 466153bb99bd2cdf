package nimbus.shared.zone;

/** A hostname the edge answers for, and the zone it belongs to: the zone's own host or an alias. */
public record HostEntry(String hostname, String zoneId, String accountId, boolean alias) {}
