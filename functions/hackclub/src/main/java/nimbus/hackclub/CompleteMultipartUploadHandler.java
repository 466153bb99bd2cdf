package nimbus.hackclub;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import nimbus.shared.auth.Principal;
import nimbus.shared.files.ContentTypes;
import nimbus.shared.files.LargeFileUploads;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;

/** POST /api/v4/uploads/multipart/{upload_id}/complete: the file, answered as POST /api/v4/upload answers it. */
public class CompleteMultipartUploadHandler extends HackClubHandler {
    @Inject
    LargeFileUploads uploads;

    public CompleteMultipartUploadHandler() {}

    public CompleteMultipartUploadHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String notFoundMessage() {
        return "Upload not found";
    }

    @Override
    protected String failurePrefix() {
        return "Upload failed: ";
    }

    /** Tika's MIME database, read on first use, goes into the snapshot. */
    @Override
    protected void warmDependencies() {
        ContentTypes.warm();
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        String id = request.pathParameter("upload_id").orElse("");
        return ApiResponse.json(201, HackClubJson.upload(uploads.complete(caller.accountId(), id)));
    }
}
