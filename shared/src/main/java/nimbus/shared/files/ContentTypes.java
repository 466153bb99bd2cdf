package nimbus.shared.files;

import java.util.Locale;
import nimbus.shared.ByteSlice;
import org.apache.tika.Tika;

/**
 * Content type of an upload: sniffed from the bytes and the name (Apache Tika), then the client's
 * declared type, then application/octet-stream.
 * Text types get {@code charset=utf-8} so browsers do not fall back to Latin-1.
 */
public final class ContentTypes {
    private static final String BINARY = "application/octet-stream";

    private static final class Holder {
        static final Tika TIKA = new Tika();
    }

    private ContentTypes() {}

    /**
     * Tika reads at most the first 64 KiB (its MimeTypes' minimum length; its magic reaches 36,870 bytes
     * in), so a longer upload is sniffed from a copy of that much only.
     */
    static final int SNIFF_BYTES = 64 * 1024;

    public static String detect(ByteSlice content, String filename, String declared) {
        return detect(content.head(SNIFF_BYTES), filename, declared);
    }

    public static String detect(byte[] data, String filename, String declared) {
        String type = Holder.TIKA.detect(data, filename);
        if (type == null || type.equals(BINARY)) {
            type = declared == null || declared.isBlank() || !declared.contains("/") ? BINARY : declared.trim();
        }
        if (type.toLowerCase(Locale.ROOT).startsWith("text/")
                && !type.toLowerCase(Locale.ROOT).contains("charset")) {
            type = type + "; charset=utf-8";
        }
        return type;
    }

    /** Warms Tika's type registry (it reads its MIME database on first use). */
    public static void warm() {
        Holder.TIKA.detect(new byte[0], "warm.txt");
    }
}
