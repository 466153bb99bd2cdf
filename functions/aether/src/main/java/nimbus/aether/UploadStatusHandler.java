package nimbus.aether;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import nimbus.shared.auth.Principal;
import nimbus.shared.files.LargeFileUploads;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;

/** GET /api/v1/files/uploads/{id}: which parts arrived, and fresh URLs for the rest (to resume). */
public class UploadStatusHandler extends AetherHandler {
    @Inject
    LargeFileUploads uploads;

    public UploadStatusHandler() {}

    public UploadStatusHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String requiredScope() {
        return AetherKeys.FILES_WRITE;
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        var started =
                uploads.status(caller.accountId(), request.pathParameter("id").orElse(""));
        return ApiResponse.json(200, AetherJson.success("upload", AetherJson.upload(started)));
    }
}
