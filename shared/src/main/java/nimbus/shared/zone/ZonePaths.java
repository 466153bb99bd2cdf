package nimbus.shared.zone;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import nimbus.shared.error.InvalidInput;

/**
 * Paths of files in a push zone (field "path"): what a viewer asks the zone's hostname for, always starting with
 * {@code /}. Normalised once, here: a missing leading slash is added, repeated slashes and {@code .} segments go. A
 * {@code ..} segment, a control character, {@code ?} or {@code #} (a viewer could not ask for them), a trailing slash
 * (a folder, not a file) and an empty path are refused, as is a path over {@link #MAX_BYTES} bytes of UTF-8 or one
 * whose S3 key ({@code <zoneId>/<path without its slash>}) would pass S3's 1024 bytes.
 */
public final class ZonePaths {
    /** DynamoDB's limit for a sort key, which the path is (and S3's for a key). */
    public static final int MAX_BYTES = 1024;

    private ZonePaths() {}

    /** The path in its one stored form, or {@link InvalidInput} on field "path". */
    public static String normalize(String raw) {
        if (raw == null || raw.isEmpty() || raw.isBlank()) throw InvalidInput.missing("path");
        if (raw.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) throw InvalidInput.controlCharacters("path");
        if (raw.indexOf('?') >= 0) throw InvalidInput.notAllowed("path", "?");
        if (raw.indexOf('#') >= 0) throw InvalidInput.notAllowed("path", "#");
        if (raw.endsWith("/")) throw InvalidInput.malformed("path");
        List<String> segments = new ArrayList<>();
        for (String segment : raw.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) continue;
            if (segment.equals("..")) throw InvalidInput.notAllowed("path", "..");
            segments.add(segment);
        }
        if (segments.isEmpty()) throw InvalidInput.malformed("path");
        String path = "/" + String.join("/", segments);
        if (bytes(path) > MAX_BYTES) throw InvalidInput.tooLong("path", MAX_BYTES);
        return path;
    }

    /** The path, normalised, and short enough that its object key in {@code zoneId} fits S3's 1024 bytes. */
    public static String normalize(String zoneId, String raw) {
        String path = normalize(raw);
        int limit = MAX_BYTES - zoneId.length();
        if (bytes(path) > limit) throw InvalidInput.tooLong("path", limit);
        return path;
    }

    /** The object key of a zone's path in the assets bucket: {@code <zoneId>/<path without its leading slash>}. */
    public static String objectKey(String zoneId, String path) {
        return zoneId + path;
    }

    /** The last segment: the file's name, for type detection. */
    public static String filename(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static int bytes(String path) {
        return path.getBytes(StandardCharsets.UTF_8).length;
    }
}
