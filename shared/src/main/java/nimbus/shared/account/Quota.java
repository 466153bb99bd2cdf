package nimbus.shared.account;

import nimbus.shared.error.QuotaExceeded;

/** The quota rules: a file may be at most the tier's per-file limit, and the total at most its storage limit. */
public final class Quota {
    private Quota() {}

    public static void checkFits(Account account, long bytes) {
        if (bytes > account.tier().maxFileBytes()) {
            throw new QuotaExceeded(QuotaExceeded.Reason.FILE_TOO_LARGE, account.usage(), bytes);
        }
        if (account.storageUsed() + bytes > account.tier().maxTotalBytes()) {
            throw new QuotaExceeded(QuotaExceeded.Reason.STORAGE_FULL, account.usage(), bytes);
        }
    }

    /** The most the account may hold before a write of {@code bytes} for that write to still fit. */
    public static long roomBefore(Account account, long bytes) {
        return account.tier().maxTotalBytes() - bytes;
    }
}
