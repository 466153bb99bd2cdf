package nimbus.keycdn;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.util.Map;
import nimbus.shared.auth.Principal;
import nimbus.shared.error.InvalidInput;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;
import nimbus.shared.zone.ZoneFiles;

/**
 * POST /zones/{id}/uploads.json: starts putting a file into a push zone at {@code path} ({@code size}, optional
 * {@code sha256} and {@code content_type}); answers a presigned URL for each part. KeyCDN itself takes push content
 * over FTP and rsync; this is Nimbus's way in.
 */
public class StartZoneUploadHandler extends KeyCdnHandler {
    @Inject
    ZoneFiles files;

    public StartZoneUploadHandler() {}

    public StartZoneUploadHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        var started = files.start(
                caller.accountId(),
                bareZoneId(request),
                request.param("path").orElseThrow(() -> InvalidInput.missing("path")),
                request.longParam("size").orElseThrow(() -> InvalidInput.missing("size")),
                request.param("content_type").orElse(null),
                request.param("sha256").orElse(null));
        return ApiResponse.json(
                201, KeyCdnJson.success("Upload started.", Map.of("upload", KeyCdnJson.upload(started))));
    }
}
