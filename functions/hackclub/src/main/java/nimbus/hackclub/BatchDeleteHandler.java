package nimbus.hackclub;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nimbus.shared.auth.Principal;
import nimbus.shared.error.InvalidInput;
import nimbus.shared.files.FileService;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;

/** DELETE /api/v4/uploads/batch: {@code {"ids": [...]}}; ids that are not the caller's come back in {@code not_found}. */
public class BatchDeleteHandler extends HackClubHandler {
    @Inject
    FileService files;

    public BatchDeleteHandler() {}

    public BatchDeleteHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        List<String> ids = request.params("ids").stream()
                .map(String::valueOf)
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
        if (ids.isEmpty()) throw InvalidInput.missing("ids");
        FileService.DeleteResult result = files.deleteMany(caller.accountId(), ids);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(
                "deleted",
                result.deleted().stream()
                        .map(f -> Map.<String, Object>of("id", f.id(), "filename", f.filename()))
                        .toList());
        if (!result.notFound().isEmpty()) body.put("not_found", result.notFound());
        return ApiResponse.json(200, body);
    }
}
