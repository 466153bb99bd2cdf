package nimbus.aether;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import nimbus.shared.auth.Principal;
import nimbus.shared.files.FileChanges;
import nimbus.shared.files.FileService;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;

/** PATCH /api/v1/files/{id}: changes {@code description}, {@code tags} (array or comma-separated) and {@code folderId} (null or empty moves the file to the root). */
public class UpdateFileHandler extends AetherHandler {
    @Inject
    FileService files;

    public UpdateFileHandler() {}

    public UpdateFileHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String requiredScope() {
        return AetherKeys.FILES_WRITE;
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        FileChanges changes = new FileChanges(
                request.has("folderId") ? request.param("folderId").filter(f -> !f.isBlank()) : null,
                request.has("description") ? request.param("description").filter(d -> !d.isBlank()) : null,
                request.has("tags") ? tags(request.params("tags")) : null);
        var updated =
                files.update(caller.accountId(), request.pathParameter("id").orElse(""), changes);
        return ApiResponse.json(200, AetherJson.success("file", AetherJson.file(updated)));
    }

    private static List<String> tags(List<Object> values) {
        return values.stream()
                .flatMap(v -> v instanceof Collection<?> c
                        ? c.stream()
                        : Arrays.stream(String.valueOf(v).split(",")))
                .map(String::valueOf)
                .map(String::trim)
                .filter(t -> !t.isEmpty())
                .distinct()
                .toList();
    }
}
