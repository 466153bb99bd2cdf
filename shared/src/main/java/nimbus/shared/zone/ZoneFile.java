package nimbus.shared.zone;

import java.time.Instant;

/**
 * A file of a push zone at {@code path} (normalised by {@link ZonePaths}): its bytes are the object
 * {@link ZonePaths#objectKey} in the assets bucket. {@code uploadId} names the upload that wrote this version; a
 * replaced path gets the new upload's id, so a write conditioned on it never counts a version twice.
 */
public record ZoneFile(
        String zoneId,
        String accountId,
        String path,
        long size,
        String sha256,
        String contentType,
        Instant modified,
        String uploadId) {

    public String objectKey() {
        return ZonePaths.objectKey(zoneId, path);
    }
}
