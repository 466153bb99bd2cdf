package nimbus.aether;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import nimbus.shared.auth.Principal;
import nimbus.shared.files.FolderService;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;

/** DELETE /api/v1/folders/{id}: only an empty folder; one that holds files is refused with 409 folder_not_empty. */
public class DeleteFolderHandler extends AetherHandler {
    @Inject
    FolderService folders;

    public DeleteFolderHandler() {}

    public DeleteFolderHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String requiredScope() {
        return AetherKeys.FILES_WRITE;
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        String id = request.pathParameter("id").orElse("");
        folders.delete(caller.accountId(), id);
        var body = AetherJson.success("id", id);
        body.put("message", "Folder deleted");
        return ApiResponse.json(200, body);
    }
}
