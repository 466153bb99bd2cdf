package nimbus.shared.files;

import java.nio.charset.StandardCharsets;
import nimbus.shared.error.ApiException;

/**
 * Filename rules, as the Hack Club reference applies them: surrounding whitespace is dropped, and
 * control characters, the right-to-left override and {@code % $ | : ; / < > ? * " \} become {@code -}.
 */
public final class Filenames {
    public static final int MAX_LENGTH = 255;

    private Filenames() {}

    public static String sanitize(String raw) {
        String name = raw == null ? "" : raw.strip();
        if (name.indexOf('\0') >= 0) throw ApiException.badRequest("invalid_filename", "Filename contains a NUL byte");
        if (name.codePointCount(0, name.length()) > MAX_LENGTH) {
            throw ApiException.validation("Filename is too long (maximum is " + MAX_LENGTH + " characters)");
        }
        StringBuilder out = new StringBuilder(name.length());
        name.codePoints().forEach(c -> {
            boolean unsafe = Character.isISOControl(c) || c == 0x202E || "%$|:;/<>?*\"\\".indexOf(c) >= 0;
            out.appendCodePoint(unsafe ? '-' : c);
        });
        String sanitized = out.toString();
        // "." and ".." would be swallowed by URL normalisation, so they cannot stand as a name.
        if (sanitized.isEmpty()) return "file";
        if (sanitized.chars().allMatch(c -> c == '.')) return sanitized.replace('.', '-');
        return sanitized;
    }

    /** The extension with its dot ("photo.tar.gz" gives ".gz"), or "" when there is none. */
    public static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot <= 0 || dot == name.length() - 1 ? "" : name.substring(dot);
    }

    /** Percent-escapes a name for use as one URL path segment. */
    public static String urlSegment(String name) {
        StringBuilder sb = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }
}
