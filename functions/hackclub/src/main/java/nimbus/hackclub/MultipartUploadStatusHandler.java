package nimbus.hackclub;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import nimbus.shared.auth.Principal;
import nimbus.shared.files.LargeFileUploads;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;

/** GET /api/v4/uploads/multipart/{upload_id}: which parts arrived, and fresh URLs for the rest (to resume). */
public class MultipartUploadStatusHandler extends HackClubHandler {
    @Inject
    LargeFileUploads uploads;

    public MultipartUploadStatusHandler() {}

    public MultipartUploadStatusHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String notFoundMessage() {
        return "Upload not found";
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        String id = request.pathParameter("upload_id").orElse("");
        return ApiResponse.json(200, HackClubJson.multipart(uploads.status(caller.accountId(), id)));
    }
}
