package nimbus.shared.files;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import nimbus.shared.Ids;
import nimbus.shared.Settings;
import nimbus.shared.edge.GrantTokens;
import nimbus.shared.error.NotFound;
import nimbus.shared.error.Subject;
import nimbus.shared.http.ByteRange;
import nimbus.shared.http.ContentDisposition;
import nimbus.shared.zone.Zone;
import nimbus.shared.zone.ZoneTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Serving a file through the API. A Lambda response carries about 4.5 MB of binary after base64, so
 * a body above {@code NIMBUS_INLINE_DOWNLOAD_MAX_BYTES} (4 MiB) is a redirect; a range that fits is still served
 * directly. The redirect goes to the file's public URL on the CDN with a grant token
 * ({@code {cdnBaseUrl}/{id}/{filename}?grant=...}, {@link GrantTokens}) signed with the account's files zone key,
 * valid for {@link #LINK_VALIDITY} and asking for an attachment: the edge checks it, serves the bytes from its cache
 * and adds the Content-Disposition. The URL carries no credential of the API, so a client that sends its
 * Authorization header on to the redirect target still works (the edge ignores it). A files zone stored before zones
 * had grant keys gets a presigned storage URL instead, as before.
 *
 * <p>A file whose blob is gone (deleted between the metadata read and the GET, or never stored) is not
 * found, as the file itself would be: S3 answers {@code NoSuchKey} (a 404, given {@code s3:ListBucket};
 * without it, an AccessDenied that stays a failure of storage).
 */
@Singleton
public class DownloadService {
    private static final Logger LOG = LoggerFactory.getLogger(DownloadService.class);
    public static final Duration LINK_VALIDITY = Duration.ofMinutes(5);

    private final FileService files;
    private final BlobStore blobs;
    private final ZoneTable zones;
    private final Clock clock;

    public DownloadService(FileService files, BlobStore blobs, ZoneTable zones, Clock clock) {
        this.files = files;
        this.blobs = blobs;
        this.zones = zones;
        this.clock = clock;
    }

    /** The account's file, whole, in part ({@code rangeHeader} as the client sent it) or as a redirect. */
    public Download open(String accountId, String id, String rangeHeader) {
        FileRecord file = files.require(accountId, id);
        long inlineMax = Settings.longValue("NIMBUS_INLINE_DOWNLOAD_MAX_BYTES", 4L << 20);
        Optional<ByteRange> range = ByteRange.parse(rangeHeader, file.size());
        if (range.isPresent() && range.get().length() <= inlineMax) {
            ByteRange r = range.get();
            return new Download.Partial(file, r, blob(file, () -> blobs.getRange(file.blobKey(), r.first(), r.last())));
        }
        if (file.size() > inlineMax) return new Download.Redirect(file, redirectUrl(file));
        return new Download.Whole(file, file.size() == 0 ? new byte[0] : blob(file, () -> blobs.get(file.blobKey())));
    }

    /** The CDN URL with a download grant, or (the files zone has no grant key) a presigned storage URL. */
    private String redirectUrl(FileRecord file) {
        String filesZoneId = Zone.filesZoneId(file.accountId());
        Optional<String> grantKey = zones.grantKey(filesZoneId);
        if (grantKey.isEmpty()) {
            LOG.info(
                    "files zone {} has no grant key: file {} is redirected to a presigned URL", filesZoneId, file.id());
            return blobs.presignedDownload(
                    file.blobKey(), file.contentType(), ContentDisposition.attachment(file.filename()), LINK_VALIDITY);
        }
        long expires = clock.instant().plus(LINK_VALIDITY).getEpochSecond();
        // The grant is for the id, whatever name follows it: the files host serves a file by id alone.
        GrantTokens.Grant grant = new GrantTokens.Grant(filesZoneId, "/" + file.id() + "/", expires, Ids.newId(), true);
        return PublicUrls.of(file) + "?grant=" + GrantTokens.sign(grantKey.get(), grant);
    }

    /** The file's bytes as {@code read} gets them; a missing blob is the file not found. */
    private static byte[] blob(FileRecord file, Supplier<byte[]> read) {
        try {
            return read.get();
        } catch (NoSuchKeyException e) {
            LOG.warn("file {} has metadata but no blob {}: answered as not found", file.id(), file.blobKey());
            throw new NotFound(Subject.FILE);
        }
    }
}
