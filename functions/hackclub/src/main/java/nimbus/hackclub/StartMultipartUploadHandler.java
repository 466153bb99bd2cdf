package nimbus.hackclub;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import nimbus.shared.auth.Principal;
import nimbus.shared.error.InvalidInput;
import nimbus.shared.files.FileDetails;
import nimbus.shared.files.LargeFileUploads;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;

/**
 * POST /api/v4/uploads/multipart: starts a large upload ({@code filename}, {@code size}, optional
 * {@code content_type} and {@code sha256}) and answers a presigned URL for each part.
 */
public class StartMultipartUploadHandler extends HackClubHandler {
    @Inject
    LargeFileUploads uploads;

    public StartMultipartUploadHandler() {}

    public StartMultipartUploadHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        String filename = request.param("filename").orElseThrow(() -> InvalidInput.missing("filename"));
        long size = request.longParam("size").orElseThrow(() -> InvalidInput.missing("size"));
        var started = uploads.start(
                caller.accountId(),
                filename,
                size,
                request.param("content_type").orElse(null),
                request.param("sha256").orElse(null),
                FileDetails.NONE);
        return ApiResponse.json(201, HackClubJson.multipart(started));
    }
}
