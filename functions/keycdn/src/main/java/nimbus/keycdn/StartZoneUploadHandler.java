package nimbus.keycdn;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import nimbus.shared.auth.Principal;
import nimbus.shared.error.InvalidInput;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;
import nimbus.shared.zone.PushUploads;

/** POST /zones/{id}/uploads.json: starts a large upload to {@code path} of a push zone ({@code size}, optional {@code sha256} and {@code content_type}); answers a presigned URL per part. */
public class StartZoneUploadHandler extends KeyCdnHandler {
    @Inject
    PushUploads uploads;

    public StartZoneUploadHandler() {}

    public StartZoneUploadHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        String path = request.param("path").orElseThrow(() -> InvalidInput.missing("path"));
        long size = request.longParam("size").orElseThrow(() -> InvalidInput.missing("size"));
        var started = uploads.start(
                caller.accountId(),
                contentZoneId(request),
                path,
                size,
                request.param("content_type").orElse(null),
                request.param("sha256").orElse(null));
        return ApiResponse.json(201, KeyCdnJson.success(KeyCdnJson.UPLOAD_STARTED, KeyCdnJson.uploadData(started)));
    }
}
