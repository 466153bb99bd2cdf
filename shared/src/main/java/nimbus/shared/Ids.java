package nimbus.shared;

import com.github.f4b6a3.uuid.UuidCreator;
import java.util.regex.Pattern;

/** Identifiers: time-ordered UUIDv7, so ids sort by creation. */
public final class Ids {
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private Ids() {}

    public static String newId() {
        return UuidCreator.getTimeOrderedEpoch().toString();
    }

    /** True for a lower-case canonical UUID; anything else can never name a stored object. */
    public static boolean isUuid(String value) {
        return value != null && UUID.matcher(value).matches();
    }

    /** A client's id as stored: UUIDs compare case-insensitively (as Postgres reads them), so upper case is lowered. */
    public static String normalize(String value) {
        return value == null ? null : value.trim().toLowerCase(java.util.Locale.ROOT);
    }
}
