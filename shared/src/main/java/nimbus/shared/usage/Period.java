package nimbus.shared.usage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import nimbus.shared.error.InvalidInput;

/**
 * The rows of a usage report: every {@link Interval} from the one holding {@code start} to the one holding
 * {@code end}, both included (unix seconds, UTC-aligned), and none that has not begun yet. Both bounds absent is
 * the latest {@link #DEFAULT_ROWS} intervals up to now; one without the other is missing.
 */
public record Period(long start, long end, Interval interval, long now) {
    /** At most 31 days of hours, a year and a day of days. */
    public static final int MAX_ROWS = 744;

    /** The rows of a report asked for without start and end. */
    public static final int DEFAULT_ROWS = 24;

    private static final Pattern UNIX = Pattern.compile("[0-9]{1,11}");

    public Period {
        if (end < start) throw InvalidInput.malformed("end");
    }

    /** The period the parameters name, as sent (null when absent). */
    public static Period of(String start, String end, Interval interval, Instant now) {
        long nowSeconds = now.getEpochSecond();
        boolean noStart = start == null || start.isBlank();
        boolean noEnd = end == null || end.isBlank();
        if (noStart && noEnd) {
            long last = floor(nowSeconds, interval);
            return new Period(last - (DEFAULT_ROWS - 1) * interval.seconds(), last, interval, nowSeconds);
        }
        if (noStart) throw InvalidInput.missing("start");
        if (noEnd) throw InvalidInput.missing("end");
        Period period = new Period(seconds("start", start), seconds("end", end), interval, nowSeconds);
        long rows = (floor(period.end, interval) - floor(period.start, interval)) / interval.seconds() + 1;
        if (rows > MAX_ROWS) throw InvalidInput.tooMany("end", MAX_ROWS, rows);
        return period;
    }

    private static long seconds(String field, String value) {
        String trimmed = value.trim();
        if (!UNIX.matcher(trimmed).matches()) throw InvalidInput.malformed(field);
        return Long.parseLong(trimmed);
    }

    static long floor(long seconds, Interval interval) {
        return seconds - Math.floorMod(seconds, interval.seconds());
    }

    /** The start of every row, oldest first; rows that begin after now are left out. */
    public List<Long> rows() {
        List<Long> rows = new ArrayList<>();
        long last = Math.min(floor(end, interval), floor(now, interval));
        for (long t = floor(start, interval); t <= last; t += interval.seconds()) rows.add(t);
        return rows;
    }
}
