package nimbus.shared.http;

import nimbus.shared.files.Filenames;

/** The Content-Disposition header (RFC 6266). */
public final class ContentDisposition {
    private ContentDisposition() {}

    /** An attachment named {@code filename}: an ASCII fallback name plus the exact UTF-8 name. */
    public static String attachment(String filename) {
        // Replace directly: a round trip through US-ASCII would turn each non-ASCII char into '?'.
        String ascii = filename.replaceAll("[^\\x20-\\x7e]|[\"\\\\]", "_");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + Filenames.urlSegment(filename);
    }
}
