package nimbus.aether;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import nimbus.shared.auth.Principal;
import nimbus.shared.files.FolderRecord;
import nimbus.shared.files.FolderService;
import nimbus.shared.files.Page;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;

/** GET /api/v1/folders: the caller's folders, oldest first, paginated like files. */
public class ListFoldersHandler extends AetherHandler {
    @Inject
    FolderService folders;

    public ListFoldersHandler() {}

    public ListFoldersHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String requiredScope() {
        return AetherKeys.FILES_READ;
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        Paging paging = Paging.from(request);
        Page<FolderRecord> page = folders.list(caller.accountId(), paging.offset(), paging.limit());
        return ApiResponse.json(
                200,
                AetherJson.page(
                        "folders",
                        page,
                        page.items().stream().map(AetherJson::folder).toList()));
    }
}
