package nimbus.shared.error;

import nimbus.shared.account.QuotaUsage;

/** A write would pass the account's limit: one file over the per-file limit, or the total over the storage limit. */
public final class QuotaExceeded extends DomainException {
    public enum Reason {
        FILE_TOO_LARGE,
        STORAGE_FULL
    }

    private final Reason reason;
    private final QuotaUsage usage;
    private final long fileSize;

    public QuotaExceeded(Reason reason, QuotaUsage usage, long fileSize) {
        super("quota exceeded: " + reason);
        this.reason = reason;
        this.usage = usage;
        this.fileSize = fileSize;
    }

    public Reason reason() {
        return reason;
    }

    /** The account's use and limits when the write was refused. */
    public QuotaUsage usage() {
        return usage;
    }

    public long fileSize() {
        return fileSize;
    }
}
