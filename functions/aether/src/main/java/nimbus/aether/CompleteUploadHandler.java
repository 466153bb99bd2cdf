package nimbus.aether;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import nimbus.shared.auth.Principal;
import nimbus.shared.files.ContentTypes;
import nimbus.shared.files.LargeFileUploads;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;

/** POST /api/v1/files/uploads/{id}/complete: the file, answered as POST /api/v1/files/upload answers it. */
public class CompleteUploadHandler extends AetherHandler {
    @Inject
    LargeFileUploads uploads;

    public CompleteUploadHandler() {}

    public CompleteUploadHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String requiredScope() {
        return AetherKeys.FILES_WRITE;
    }

    /** Tika's MIME database, read on first use, goes into the snapshot. */
    @Override
    protected void warmDependencies() {
        ContentTypes.warm();
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        var file =
                uploads.complete(caller.accountId(), request.pathParameter("id").orElse(""));
        return ApiResponse.json(201, AetherJson.success("file", AetherJson.file(file)));
    }
}
