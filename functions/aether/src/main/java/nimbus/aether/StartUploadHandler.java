package nimbus.aether;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import nimbus.shared.auth.Principal;
import nimbus.shared.error.InvalidInput;
import nimbus.shared.files.LargeFileUploads;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;

/**
 * POST /api/v1/files/uploads: starts a large upload ({@code filename} or {@code name}, {@code size}, optional
 * {@code contentType}, {@code sha256}, {@code folderId}, {@code description}, {@code tags}) and answers a
 * presigned URL for each part.
 */
public class StartUploadHandler extends AetherHandler {
    @Inject
    LargeFileUploads uploads;

    public StartUploadHandler() {}

    public StartUploadHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String requiredScope() {
        return AetherKeys.FILES_WRITE;
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        String filename = request.param("filename")
                .or(() -> request.param("name"))
                .orElseThrow(() -> InvalidInput.missing("filename"));
        long size = request.longParam("size").orElseThrow(() -> InvalidInput.missing("size"));
        var started = uploads.start(
                caller.accountId(),
                filename,
                size,
                request.param("contentType").orElse(null),
                request.param("sha256").orElse(null),
                FileFields.details(request));
        return ApiResponse.json(201, AetherJson.success("upload", AetherJson.upload(started)));
    }
}
