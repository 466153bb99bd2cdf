package nimbus.aether;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import nimbus.shared.auth.Principal;
import nimbus.shared.files.FolderService;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;

/** PATCH /api/v1/folders/{id}: {@code {"name": ...}}. */
public class RenameFolderHandler extends AetherHandler {
    @Inject
    FolderService folders;

    public RenameFolderHandler() {}

    public RenameFolderHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String requiredScope() {
        return AetherKeys.FILES_WRITE;
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        var folder = folders.rename(
                caller.accountId(),
                request.pathParameter("id").orElse(""),
                request.param("name").orElse(null));
        return ApiResponse.json(200, AetherJson.success("folder", AetherJson.folder(folder)));
    }
}
