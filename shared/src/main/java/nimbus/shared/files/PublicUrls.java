package nimbus.shared.files;

import nimbus.shared.Settings;

/** Where viewers fetch a file: the one place its public URL is built. */
public final class PublicUrls {
    private PublicUrls() {}

    /** {@code <CDN base URL>/<id>/<percent-escaped filename>}; the edge looks up only the id. */
    public static String of(FileRecord file) {
        return Settings.cdnBaseUrl() + "/" + file.id() + "/" + Filenames.urlSegment(file.filename());
    }
}
