package nimbus.keycdn;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.util.Map;
import nimbus.shared.auth.Principal;
import nimbus.shared.error.InvalidInput;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;
import nimbus.shared.zone.ZoneFiles;

/** DELETE /zones/{id}/files.json with {@code path}: the zone stops serving it, and its cached copies are purged. */
public class DeleteZoneFileHandler extends KeyCdnHandler {
    @Inject
    ZoneFiles files;

    public DeleteZoneFileHandler() {}

    public DeleteZoneFileHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        var file = files.delete(
                caller.accountId(),
                bareZoneId(request),
                request.param("path").orElseThrow(() -> InvalidInput.missing("path")));
        return ApiResponse.json(
                200, KeyCdnJson.success("File successfully deleted.", Map.of("file", KeyCdnJson.zoneFile(file))));
    }
}
