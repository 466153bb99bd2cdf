package nimbus.shared.files;

import nimbus.shared.http.ByteRange;

/** How a file is handed to a client that asked for it through the API. */
public sealed interface Download {
    FileRecord file();

    /** The whole body, small enough to travel in the response. */
    record Whole(FileRecord file, byte[] body) implements Download {}

    /** The requested byte range of the body. */
    record Partial(FileRecord file, ByteRange range, byte[] body) implements Download {}

    /**
     * Too big for a Lambda response: a short-lived URL to fetch it from, the CDN with a download grant (or, for a
     * files zone without a grant key, presigned storage).
     */
    record Redirect(FileRecord file, String url) implements Download {}
}
