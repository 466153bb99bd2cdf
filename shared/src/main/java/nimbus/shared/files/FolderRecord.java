package nimbus.shared.files;

import java.time.Instant;

/** A folder of a zone. Its file count is kept exact, like the zone's and the account's counters. */
public record FolderRecord(String id, String accountId, String zoneId, String name, long fileCount, Instant createdAt) {
    public static final int MAX_NAME = 255;
}
