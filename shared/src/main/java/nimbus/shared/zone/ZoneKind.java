package nimbus.shared.zone;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where a zone's content comes from. */
public enum ZoneKind {
    /** The account's implicit zone of files addressed by id, served from our bucket by file id. */
    FILES,
    /** Content pushed to us, served from our bucket by path (push zones, projects). */
    PUSH,
    /** Content pulled from the zone's origin URL and cached at the edge. */
    PULL;

    public String slug() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ZoneKind> fromSlug(String slug) {
        return Arrays.stream(values())
                .filter(k -> k.slug().equalsIgnoreCase(slug == null ? "" : slug.trim()))
                .findFirst();
    }
}
