package nimbus.aether;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import nimbus.shared.auth.Principal;
import nimbus.shared.files.LargeFileUploads;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;

/** DELETE /api/v1/files/uploads/{id}: drops a large upload and the parts sent so far. */
public class AbortUploadHandler extends AetherHandler {
    @Inject
    LargeFileUploads uploads;

    public AbortUploadHandler() {}

    public AbortUploadHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String requiredScope() {
        return AetherKeys.FILES_WRITE;
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        uploads.abort(caller.accountId(), request.pathParameter("id").orElse(""));
        return ApiResponse.json(200, AetherJson.success(null, null));
    }
}
