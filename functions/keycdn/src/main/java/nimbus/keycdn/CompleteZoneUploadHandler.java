package nimbus.keycdn;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.util.Map;
import nimbus.shared.auth.Principal;
import nimbus.shared.files.ContentTypes;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;
import nimbus.shared.zone.ZoneFiles;

/**
 * POST /zones/{id}/uploads/{upload_id}/complete.json: the zone serves the new bytes at the upload's path; a path
 * whose bytes changed is purged.
 */
public class CompleteZoneUploadHandler extends KeyCdnHandler {
    @Inject
    ZoneFiles files;

    public CompleteZoneUploadHandler() {}

    public CompleteZoneUploadHandler(ApplicationContext context) {
        super(context);
    }

    /** Tika's MIME database, read on first use, goes into the snapshot. */
    @Override
    protected void warmDependencies() {
        ContentTypes.warm();
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        var file =
                files.complete(caller.accountId(), bareZoneId(request), ZoneUploadStatusHandler.uploadId(request, ""));
        return ApiResponse.json(
                200, KeyCdnJson.success("File successfully uploaded.", Map.of("file", KeyCdnJson.zoneFile(file))));
    }
}
