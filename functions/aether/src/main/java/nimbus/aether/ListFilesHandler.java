package nimbus.aether;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import nimbus.shared.auth.Principal;
import nimbus.shared.files.FileRecord;
import nimbus.shared.files.FileService;
import nimbus.shared.files.Page;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;

/** GET /api/v1/files: the caller's files (or one folder's), oldest first, {@code limit}/{@code offset} paginated with an exact total. */
public class ListFilesHandler extends AetherHandler {
    @Inject
    FileService files;

    public ListFilesHandler() {}

    public ListFilesHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String requiredScope() {
        return AetherKeys.FILES_READ;
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        Paging paging = Paging.from(request);
        String folderId = request.param("folderId").filter(f -> !f.isBlank()).orElse(null);
        Page<FileRecord> page = files.list(caller.accountId(), folderId, paging.offset(), paging.limit());
        return ApiResponse.json(
                200,
                AetherJson.page(
                        "files",
                        page,
                        page.items().stream().map(AetherJson::file).toList()));
    }
}
