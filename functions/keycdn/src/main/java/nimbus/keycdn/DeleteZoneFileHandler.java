package nimbus.keycdn;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import nimbus.shared.auth.Principal;
import nimbus.shared.error.InvalidInput;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;
import nimbus.shared.zone.ZoneFiles;

/** DELETE /zones/{id}/files.json?path=/a/b.css: deletes the push zone's file and queues a purge of its path. */
public class DeleteZoneFileHandler extends KeyCdnHandler {
    @Inject
    ZoneFiles files;

    public DeleteZoneFileHandler() {}

    public DeleteZoneFileHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        String path = request.param("path").orElseThrow(() -> InvalidInput.missing("path"));
        return ApiResponse.json(
                200,
                KeyCdnJson.success(
                        KeyCdnJson.FILE_DELETED,
                        KeyCdnJson.zoneFileData(files.delete(caller.accountId(), contentZoneId(request), path))));
    }
}
