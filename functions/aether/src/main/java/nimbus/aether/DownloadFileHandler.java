package nimbus.aether;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import nimbus.shared.Settings;
import nimbus.shared.auth.Principal;
import nimbus.shared.error.ApiException;
import nimbus.shared.files.BlobStore;
import nimbus.shared.files.FileRecord;
import nimbus.shared.files.FileService;
import nimbus.shared.files.Filenames;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;
import nimbus.shared.http.ByteRange;

/**
 * GET /api/v1/files/{id}/download: the bytes, with the stored type, length and an attachment
 * disposition. A Lambda response carries about 4.5 MB of binary after base64, so a body above
 * {@code NIMBUS_INLINE_DOWNLOAD_MAX_BYTES} (4 MiB) is a 302 to a presigned S3 URL valid for five
 * minutes; a Range request whose range fits is still served directly (206).
 */
public class DownloadFileHandler extends AetherHandler {
    static final Duration LINK_VALIDITY = Duration.ofMinutes(5);

    @Inject
    FileService files;
    @Inject
    BlobStore blobs;

    public DownloadFileHandler() {}

    public DownloadFileHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String requiredScope() {
        return "files:read";
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        FileRecord file = files.find(caller.accountId(), request.pathParameter("id").orElse(""))
                .orElseThrow(() -> ApiException.notFound("File not found"));
        long inlineMax = Settings.longValue("NIMBUS_INLINE_DOWNLOAD_MAX_BYTES", 4L << 20);
        Optional<ByteRange> range;
        try {
            range = ByteRange.parse(request.header("Range").orElse(null), file.size());
        } catch (ByteRange.Unsatisfiable e) {
            throw new ApiException(416, "bad_request", "Requested range not satisfiable")
                    .withHeaders(java.util.Map.of("Content-Range", "bytes */" + file.size()));
        }
        if (range.isPresent() && range.get().length() <= inlineMax) {
            ByteRange r = range.get();
            return headers(ApiResponse.bytes(206, blobs.getRange(file.blobKey(), r.first(), r.last()), file.contentType()), file)
                    .header("Content-Range", r.contentRange(file.size()))
                    .header("Content-Length", Long.toString(r.length()));
        }
        if (file.size() > inlineMax) {
            String url = blobs.presignedDownload(file.blobKey(), file.contentType(), disposition(file.filename()), LINK_VALIDITY);
            return ApiResponse.json(302, AetherJson.success("url", url)).header("Location", url).header("Cache-Control", "no-store");
        }
        byte[] body = file.size() == 0 ? new byte[0] : blobs.get(file.blobKey());
        return headers(ApiResponse.bytes(200, body, file.contentType()), file)
                .header("Content-Length", Long.toString(body.length));
    }

    private static ApiResponse headers(ApiResponse response, FileRecord file) {
        return response.header("Content-Disposition", disposition(file.filename()))
                .header("Accept-Ranges", "bytes")
                .header("ETag", "\"" + file.sha256() + "\"")
                .header("Cache-Control", "private, max-age=0");
    }

    /** RFC 6266: an ASCII fallback name plus the exact UTF-8 name. */
    static String disposition(String filename) {
        // Replace directly: a round trip through US-ASCII would turn each non-ASCII char into '?'.
        String ascii = filename.replaceAll("[^\\x20-\\x7e]|[\"\\\\]", "_");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + Filenames.urlSegment(filename);
    }
}
