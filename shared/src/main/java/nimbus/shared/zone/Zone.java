package nimbus.shared.zone;

import java.time.Instant;

/**
 * A CDN property: every file belongs to one. Its counters cover its own files and folders; the
 * account's counters are the totals over all its zones. {@code hostname} is null for a files zone
 * (its files are served from the shared files host by id) and {@code originUrl} is set only for pull zones.
 */
public record Zone(
        String id,
        String accountId,
        ZoneKind kind,
        String name,
        String hostname,
        String originUrl,
        long storageUsed,
        long fileCount,
        long folderCount,
        Instant createdAt) {

    /** The files zone's id follows from the account's, so a file write needs no lookup to find it. */
    public static String filesZoneId(String accountId) {
        return "files-" + accountId;
    }

    public static Zone filesZone(String accountId, Instant createdAt) {
        return new Zone(filesZoneId(accountId), accountId, ZoneKind.FILES, "files", null, null, 0, 0, 0, createdAt);
    }
}
