package nimbus.shared.http;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nimbus.shared.error.RangeNotSatisfiable;

/**
 * One byte range of a {@code Range: bytes=...} header (RFC 9110): {@code a-b}, {@code a-} or the
 * suffix {@code -n}. Anything else, multiple ranges included, is ignored and the whole body served,
 * as the RFC allows.
 */
public record ByteRange(long first, long last) {
    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    public long length() {
        return last - first + 1;
    }

    public String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }

    /** Empty when there is no usable range header; {@link RangeNotSatisfiable} when it starts past the end. */
    public static Optional<ByteRange> parse(String header, long size) {
        if (header == null) return Optional.empty();
        Matcher m = SINGLE.matcher(header.trim());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) return Optional.empty();
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0 || size == 0) throw new RangeNotSatisfiable(size);
                return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
            }
            long first = Long.parseLong(m.group(1));
            long last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            if (first >= size) throw new RangeNotSatisfiable(size);
            if (last < first) return Optional.empty();
            return Optional.of(new ByteRange(first, last));
        } catch (NumberFormatException tooLong) {
            return Optional.empty();
        }
    }
}
