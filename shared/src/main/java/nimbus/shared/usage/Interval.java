package nimbus.shared.usage;

import java.util.Locale;
import nimbus.shared.error.InvalidInput;

/** The width of one row of a usage report. */
public enum Interval {
    HOUR(3600),
    DAY(86400);

    private final long seconds;

    Interval(long seconds) {
        this.seconds = seconds;
    }

    public long seconds() {
        return seconds;
    }

    /** {@code hour} or {@code day} (any case); null or blank is {@code fallback}; anything else is not allowed. */
    public static Interval parse(String value, Interval fallback) {
        if (value == null || value.isBlank()) return fallback;
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "hour" -> HOUR;
            case "day" -> DAY;
            default -> throw InvalidInput.notAllowed("interval", value.trim());
        };
    }
}
