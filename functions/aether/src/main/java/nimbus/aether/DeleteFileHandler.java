package nimbus.aether;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import nimbus.shared.auth.Principal;
import nimbus.shared.files.FileService;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;

/** DELETE /api/v1/files/{id}: removes the file (metadata, then blob). */
public class DeleteFileHandler extends AetherHandler {
    @Inject
    FileService files;

    public DeleteFileHandler() {}

    public DeleteFileHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String requiredScope() {
        return AetherKeys.FILES_WRITE;
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        var deleted =
                files.delete(caller.accountId(), request.pathParameter("id").orElse(""));
        var body = AetherJson.success("id", deleted.id());
        body.put("message", "File deleted");
        return ApiResponse.json(200, body);
    }
}
