package nimbus.shared.account;

import java.time.Instant;
import nimbus.shared.zone.Zone;

/**
 * A tenant. Its counters are the totals over all its zones, kept exact in the same transaction as
 * each write; quotas are checked against them.
 */
public record Account(
        String id,
        String email,
        String name,
        QuotaTier tier,
        long storageUsed,
        long fileCount,
        long folderCount,
        Instant createdAt) {

    public long storageLimit() {
        return tier.maxTotalBytes();
    }

    public QuotaUsage usage() {
        return new QuotaUsage(storageUsed, tier);
    }

    /** The implicit zone that holds the account's files addressed by id. */
    public String filesZoneId() {
        return Zone.filesZoneId(id);
    }

    /** The same account after {@code bytes} more were stored (a running view during a batch). */
    public Account plusStorage(long bytes) {
        return new Account(id, email, name, tier, storageUsed + bytes, fileCount + 1, folderCount, createdAt);
    }
}
