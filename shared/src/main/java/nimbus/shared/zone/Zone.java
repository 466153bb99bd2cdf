package nimbus.shared.zone;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A CDN property: every file belongs to one. Its counters cover its own files and folders; the
 * account's counters are the totals over all its zones. {@code hostname} is null for a files zone
 * (its files are served from the shared files host by id) and {@code originUrl} is set only for pull zones.
 * {@code settings} are {@link ZoneSettings}' canonical values (defaults included for a zone created with them;
 * empty for the files zone and for zones stored before settings existed): never null, unmodifiable.
 * {@code testMode} marks a zone of an account's separate test-mode data set: only test-mode keys see or change it,
 * and live keys never do (see {@link ZoneService#list(String, boolean)}).
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
        Instant createdAt,
        Map<String, String> settings,
        boolean testMode) {

    /** A live zone. */
    public Zone(
            String id,
            String accountId,
            ZoneKind kind,
            String name,
            String hostname,
            String originUrl,
            long storageUsed,
            long fileCount,
            long folderCount,
            Instant createdAt,
            Map<String, String> settings) {
        this(
                id,
                accountId,
                kind,
                name,
                hostname,
                originUrl,
                storageUsed,
                fileCount,
                folderCount,
                createdAt,
                settings,
                false);
    }

    public Zone {
        TreeMap<String, String> copy = new TreeMap<>();
        if (settings != null)
            settings.forEach((k, v) -> {
                if (k != null && v != null) copy.put(k, v);
            });
        settings = Collections.unmodifiableMap(copy);
    }

    /** The files zone's id follows from the account's, so a file write needs no lookup to find it. */
    public static String filesZoneId(String accountId) {
        return "files-" + accountId;
    }

    public static Zone filesZone(String accountId, Instant createdAt) {
        return new Zone(
                filesZoneId(accountId), accountId, ZoneKind.FILES, "files", null, null, 0, 0, 0, createdAt, Map.of());
    }
}
