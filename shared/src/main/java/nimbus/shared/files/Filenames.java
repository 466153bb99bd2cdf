package nimbus.shared.files;

import java.nio.charset.StandardCharsets;
import nimbus.shared.error.InvalidInput;

/**
 * Filename rules, as the reference CDN applies them: surrounding whitespace is dropped, and
 * control characters, the right-to-left override and {@code % $ | : ; / < > ? * " \} become {@code -}.
 */
public final class Filenames {
    /**
     * A file's public URL carries its name percent-escaped (up to three times its UTF-8 bytes) and
     * CloudFront refuses request URLs over 8,192 bytes: 2,000 bytes of name keep every URL servable.
     */
    public static final int MAX_BYTES = 2000;

    private Filenames() {}

    public static String sanitize(String raw) {
        String name = raw == null ? "" : raw.strip();
        if (name.indexOf('\0') >= 0) throw InvalidInput.controlCharacters("filename");
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) throw InvalidInput.tooLong("filename", MAX_BYTES);
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

    /** A new name for a file: one without an extension keeps the old name's ("after" for "before.png" is "after.png"). */
    public static String rename(String oldName, String requested) {
        String name = sanitize(requested);
        String oldExtension = extension(oldName);
        if (extension(name).isEmpty() && !oldExtension.isEmpty()) name = sanitize(name + oldExtension);
        return name;
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
                sb.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }
}
