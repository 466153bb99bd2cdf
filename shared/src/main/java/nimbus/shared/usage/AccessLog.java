package nimbus.shared.usage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * CloudFront's standard (legacy) access log: tab-separated lines under a {@code #Fields:} header, which names the
 * columns (so they are found by name, never by position: CloudFront adds fields at the end over time). A line that
 * cannot be read (too few columns, a bad date, a status or byte count that is not a number) is skipped and counted,
 * never fatal: one bad line must not hold back a whole log object.
 */
public final class AccessLog {
    /** What usage needs of one request. */
    public record Line(long epochSecond, String host, String uriStem, int status, long bytes, String resultType) {
        public boolean hit() {
            return "Hit".equals(resultType) || "RefreshHit".equals(resultType);
        }

        public boolean miss() {
            return "Miss".equals(resultType);
        }
    }

    /** The lines read and the lines skipped. */
    public record Tally(long read, long skipped) {}

    private static final List<String> NEEDED =
            List.of("date", "time", "sc-bytes", "sc-status", "cs-uri-stem", "x-host-header", "x-edge-result-type");

    private AccessLog() {}

    public static Tally read(BufferedReader reader, Consumer<Line> each) {
        int[] column = null;
        long read = 0;
        long skipped = 0;
        try {
            for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                if (text.isEmpty()) continue;
                if (text.startsWith("#")) {
                    if (text.startsWith("#Fields:")) column = columns(text.substring("#Fields:".length()));
                    continue;
                }
                Line line = column == null ? null : line(text.split("\t", -1), column);
                if (line == null) {
                    skipped++;
                } else {
                    read++;
                    each.accept(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Tally(read, skipped);
    }

    private static int[] columns(String fields) {
        List<String> names = Arrays.asList(fields.trim().split("\\s+"));
        int[] column = new int[NEEDED.size()];
        for (int i = 0; i < column.length; i++) {
            column[i] = names.indexOf(NEEDED.get(i));
            if (column[i] < 0) return null; // a log without a field usage needs: every line is skipped
        }
        return column;
    }

    private static Line line(String[] values, int[] column) {
        for (int c : column) if (c >= values.length) return null;
        try {
            long epochSecond = LocalDate.parse(values[column[0]])
                    .atTime(LocalTime.parse(values[column[1]]))
                    .toEpochSecond(ZoneOffset.UTC);
            long bytes = "-".equals(values[column[2]]) ? 0 : Long.parseLong(values[column[2]]);
            int status = "-".equals(values[column[3]]) ? 0 : Integer.parseInt(values[column[3]]);
            String host = decode(values[column[5]]).toLowerCase(Locale.ROOT);
            int colon = host.lastIndexOf(':');
            if (colon > 0 && host.indexOf(']') < colon) host = host.substring(0, colon);
            if (host.endsWith(".")) host = host.substring(0, host.length() - 1);
            return new Line(epochSecond, host, decode(values[column[4]]), status, bytes, values[column[6]]);
        } catch (DateTimeParseException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String decode(String value) {
        if ("-".equals(value)) return "";
        return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
