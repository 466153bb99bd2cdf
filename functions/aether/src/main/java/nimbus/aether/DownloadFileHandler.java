package nimbus.aether;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import nimbus.shared.auth.Principal;
import nimbus.shared.files.Download;
import nimbus.shared.files.DownloadService;
import nimbus.shared.files.FileRecord;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;
import nimbus.shared.http.ContentDisposition;

/**
 * GET /api/v1/files/{id}/download: the bytes, with the stored type, length and an attachment
 * disposition; a Range that fits is a 206, and a file too big for a Lambda response is a 302 to a
 * presigned storage URL ({@link DownloadService} decides).
 */
public class DownloadFileHandler extends AetherHandler {
    @Inject
    DownloadService downloads;

    public DownloadFileHandler() {}

    public DownloadFileHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String requiredScope() {
        return AetherKeys.FILES_READ;
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        Download download = downloads.open(
                caller.accountId(),
                request.pathParameter("id").orElse(""),
                request.header("Range").orElse(null));
        if (download instanceof Download.Redirect redirect) {
            return ApiResponse.json(302, AetherJson.success("url", redirect.url()))
                    .header("Location", redirect.url())
                    .header("Cache-Control", "no-store");
        }
        if (download instanceof Download.Partial partial) {
            return headers(ApiResponse.bytes(206, partial.body(), partial.file().contentType()), partial.file())
                    .header(
                            "Content-Range",
                            partial.range().contentRange(partial.file().size()))
                    .header("Content-Length", Long.toString(partial.range().length()));
        }
        Download.Whole whole = (Download.Whole) download;
        return headers(ApiResponse.bytes(200, whole.body(), whole.file().contentType()), whole.file())
                .header("Content-Length", Long.toString(whole.body().length));
    }

    private static ApiResponse headers(ApiResponse response, FileRecord file) {
        return response.header("Content-Disposition", ContentDisposition.attachment(file.filename()))
                .header("Accept-Ranges", "bytes")
                .header("ETag", "\"" + file.sha256() + "\"")
                .header("Cache-Control", "private, max-age=0");
    }
}
