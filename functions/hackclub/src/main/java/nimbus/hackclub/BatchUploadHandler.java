package nimbus.hackclub;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nimbus.shared.files.BatchUploadService;
import nimbus.shared.files.NewFile;
import nimbus.shared.auth.Principal;
import nimbus.shared.files.ContentTypes;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;

/** POST /api/v4/uploads: up to 40 files from repeated {@code files[]} parts; 201 if any was stored, else 422. */
public class BatchUploadHandler extends HackClubHandler {
    @Inject
    BatchUploadService batches;

    public BatchUploadHandler() {}

    public BatchUploadHandler(ApplicationContext context) {
        super(context);
    }

    /** Tika's MIME database, read on first use, goes into the snapshot. */
    @Override
    protected void warmDependencies() {
        ContentTypes.warm();
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        List<NewFile> batch = request.files("files").stream()
                .map(p -> new NewFile(p.filename(), p.contentType(), p.data())).toList();
        BatchUploadService.Result result = batches.upload(caller.accountId(), batch);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("uploads", result.uploads().stream().map(HackClubJson::upload).toList());
        body.put("failed", result.failed().stream()
                .map(f -> Map.<String, Object>of("filename", f.filename(), "reason", f.reason())).toList());
        return ApiResponse.json(result.uploads().isEmpty() ? 422 : 201, body);
    }
}
