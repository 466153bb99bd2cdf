package nimbus.hackclub;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import nimbus.shared.auth.Principal;
import nimbus.shared.files.FileRecord;
import nimbus.shared.files.FileService;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;

/** DELETE /api/v4/upload/{id}: removes the upload (metadata, then blob). */
public class DeleteUploadHandler extends HackClubHandler {
    @Inject
    FileService files;

    public DeleteUploadHandler() {}

    public DeleteUploadHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        FileRecord deleted =
                files.delete(caller.accountId(), request.pathParameter("id").orElse(""));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", deleted.id());
        body.put("deleted", true);
        return ApiResponse.json(200, body);
    }
}
