package nimbus.shared.files;

import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import nimbus.shared.Settings;
import nimbus.shared.http.ByteRange;
import nimbus.shared.http.ContentDisposition;

/**
 * Serving a file through the API. A Lambda response carries about 4.5 MB of binary after base64, so
 * a body above {@code NIMBUS_INLINE_DOWNLOAD_MAX_BYTES} (4 MiB) is a redirect to a presigned storage
 * URL valid for {@link #LINK_VALIDITY}; a range that fits is still served directly.
 */
@Singleton
public class DownloadService {
    public static final Duration LINK_VALIDITY = Duration.ofMinutes(5);

    private final FileService files;
    private final BlobStore blobs;

    public DownloadService(FileService files, BlobStore blobs) {
        this.files = files;
        this.blobs = blobs;
    }

    /** The account's file, whole, in part ({@code rangeHeader} as the client sent it) or as a redirect. */
    public Download open(String accountId, String id, String rangeHeader) {
        FileRecord file = files.require(accountId, id);
        long inlineMax = Settings.longValue("NIMBUS_INLINE_DOWNLOAD_MAX_BYTES", 4L << 20);
        Optional<ByteRange> range = ByteRange.parse(rangeHeader, file.size());
        if (range.isPresent() && range.get().length() <= inlineMax) {
            ByteRange r = range.get();
            return new Download.Partial(file, r, blobs.getRange(file.blobKey(), r.first(), r.last()));
        }
        if (file.size() > inlineMax) {
            return new Download.Redirect(
                    file,
                    blobs.presignedDownload(
                            file.blobKey(),
                            file.contentType(),
                            ContentDisposition.attachment(file.filename()),
                            LINK_VALIDITY));
        }
        return new Download.Whole(file, file.size() == 0 ? new byte[0] : blobs.get(file.blobKey()));
    }
}
