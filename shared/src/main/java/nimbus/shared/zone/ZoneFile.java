package nimbus.shared.zone;

import java.time.Instant;

/**
 * A file of a push zone, at {@code path} (starting with {@code /}); its bytes are the assets bucket's
 * {@code <zoneId><path>} object, which the edge serves for the zone. {@code uploadId} is the upload that wrote it.
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

    public static String blobKey(String zoneId, String path) {
        return zoneId + path;
    }

    public String blobKey() {
        return blobKey(zoneId, path);
    }
}
