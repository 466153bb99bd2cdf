package nimbus.hackclub;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import nimbus.shared.auth.Principal;
import nimbus.shared.files.LargeFileUploads;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;

/** DELETE /api/v4/uploads/multipart/{upload_id}: drops a large upload and the parts sent so far. */
public class AbortMultipartUploadHandler extends HackClubHandler {
    @Inject
    LargeFileUploads uploads;

    public AbortMultipartUploadHandler() {}

    public AbortMultipartUploadHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String notFoundMessage() {
        return "Upload not found";
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        String id = request.pathParameter("upload_id").orElse("");
        uploads.abort(caller.accountId(), id);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("upload_id", id);
        json.put("deleted", true);
        return ApiResponse.json(200, json);
    }
}
