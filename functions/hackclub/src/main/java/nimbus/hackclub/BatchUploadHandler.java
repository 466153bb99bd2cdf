package nimbus.hackclub;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nimbus.shared.auth.Principal;
import nimbus.shared.error.QuotaExceeded;
import nimbus.shared.error.ServerFault;
import nimbus.shared.error.Unavailable;
import nimbus.shared.files.BatchUploadService;
import nimbus.shared.files.ContentTypes;
import nimbus.shared.files.NewFile;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;
import nimbus.shared.http.MultipartForm;

/** POST /api/v4/uploads: up to 40 files from repeated {@code files[]} parts; 201 if any was stored, else 422. */
public class BatchUploadHandler extends HackClubHandler {
    @Inject
    BatchUploadService batches;

    public BatchUploadHandler() {}

    public BatchUploadHandler(ApplicationContext context) {
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
        List<NewFile> batch = request.chosenFiles("files").stream()
                .map(p -> new NewFile(p.filename(), p.contentType(), p.content()))
                .toList();
        BatchUploadService.Result result = batches.upload(caller.accountId(), batch);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("uploads", result.uploads().stream().map(HackClubJson::upload).toList());
        body.put(
                "failed",
                result.failed().stream()
                        .map(f -> Map.<String, Object>of("filename", f.filename(), "reason", reason(f)))
                        .toList());
        return ApiResponse.json(result.uploads().isEmpty() ? 422 : 201, body);
    }

    /** The reference's per-file wording. */
    private String reason(BatchUploadService.Failure failure) {
        if (failure.reason() instanceof QuotaExceeded q) {
            if (q.reason() == QuotaExceeded.Reason.FILE_TOO_LARGE) {
                return "File size (" + HumanSize.of(q.fileSize()) + ") exceeds limit of "
                        + HumanSize.of(q.usage().maxFileBytes());
            }
            return q.usage().remaining() == 0
                    ? "Storage quota already exceeded"
                    : "Would exceed storage quota (" + HumanSize.of(q.usage().remaining()) + " remaining)";
        }
        if (failure.reason() instanceof Unavailable || failure.reason() instanceof ServerFault) {
            return "Upload failed due to an internal error";
        }
        return errors().message(failure.reason());
    }
}
