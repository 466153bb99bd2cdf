package nimbus.hackclub;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import nimbus.shared.auth.Principal;
import nimbus.shared.files.FileService;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;

/** PATCH /api/v4/uploads/{id}/rename: sets the display name; a name without an extension keeps the old one. */
public class RenameHandler extends HackClubHandler {
    @Inject
    FileService files;

    public RenameHandler() {}

    public RenameHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String notFoundMessage() {
        return "Upload not found";
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        String id = request.pathParameter("id").orElse("");
        String filename = request.param("filename").orElse(null);
        return ApiResponse.json(200, HackClubJson.upload(files.rename(caller.accountId(), id, filename)));
    }
}
