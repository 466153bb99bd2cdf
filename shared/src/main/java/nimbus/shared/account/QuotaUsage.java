package nimbus.shared.account;

/** An account's storage use against its tier, as a quota refusal reports it. */
public record QuotaUsage(long storageUsed, QuotaTier tier) {
    public long storageLimit() {
        return tier.maxTotalBytes();
    }

    public long maxFileBytes() {
        return tier.maxFileBytes();
    }

    /** Room left before the storage limit, never negative. */
    public long remaining() {
        return Math.max(0, storageLimit() - storageUsed);
    }

    /** Percent of the limit in use, rounded to two decimals. */
    public double percentageUsed() {
        return storageLimit() == 0 ? 0 : Math.round(storageUsed * 10000.0 / storageLimit()) / 100.0;
    }
}
