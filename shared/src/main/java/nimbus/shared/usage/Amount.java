package nimbus.shared.usage;

/** One row of a usage report: what was counted in the interval starting at {@code timestamp} (unix seconds). */
public record Amount(long timestamp, long amount) {}
