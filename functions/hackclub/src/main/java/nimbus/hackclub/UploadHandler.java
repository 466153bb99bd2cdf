package nimbus.hackclub;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import nimbus.shared.auth.Principal;
import nimbus.shared.error.InvalidInput;
import nimbus.shared.files.ContentTypes;
import nimbus.shared.files.FileRecord;
import nimbus.shared.files.FileService;
import nimbus.shared.files.NewFile;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;
import nimbus.shared.http.MultipartForm;
import nimbus.shared.http.MultipartForm.Part;

/** POST /api/v4/upload: one file from the multipart field {@code file}. */
public class UploadHandler extends HackClubHandler {
    @Inject
    FileService files;

    public UploadHandler() {}

    public UploadHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String failurePrefix() {
        return "Upload failed: ";
    }

    /** Tika's MIME database, read on first use, and the multipart parser go into the snapshot. */
    @Override
    protected void warmDependencies() {
        ContentTypes.warm();
        MultipartForm.warm();
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        Part part = request.chosenFile("file").orElseThrow(() -> InvalidInput.missing("file"));
        FileRecord stored =
                files.upload(caller.accountId(), new NewFile(part.filename(), part.contentType(), part.content()));
        return ApiResponse.json(201, HackClubJson.upload(stored));
    }
}
