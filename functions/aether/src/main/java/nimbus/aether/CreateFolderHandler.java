package nimbus.aether;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import nimbus.shared.auth.Principal;
import nimbus.shared.files.FolderService;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;

/** POST /api/v1/folders: {@code {"name": ...}} as JSON or form. */
public class CreateFolderHandler extends AetherHandler {
    @Inject
    FolderService folders;

    public CreateFolderHandler() {}

    public CreateFolderHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String requiredScope() {
        return AetherKeys.FILES_WRITE;
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        var folder = folders.create(caller.accountId(), request.param("name").orElse(null));
        return ApiResponse.json(201, AetherJson.success("folder", AetherJson.folder(folder)));
    }
}
