package nimbus.shared.purge;

import java.util.Locale;

/** Where a purge is: recorded and queued, handed to the CDN, applied, or given up after every retry. */
public enum PurgeStatus {
    QUEUED,
    IN_PROGRESS,
    DONE,
    FAILED;

    public String slug() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PurgeStatus ofSlug(String slug) {
        return valueOf(slug.toUpperCase(Locale.ROOT));
    }
}
