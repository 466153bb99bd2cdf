package nimbus.keycdn;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import nimbus.shared.auth.Principal;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;
import nimbus.shared.zone.PushUploads;

/** GET /zones/{id}/uploads/{upload_id}.json: the parts S3 holds, and fresh URLs for the rest (to resume). */
public class ZoneUploadStatusHandler extends KeyCdnHandler {
    @Inject
    PushUploads uploads;

    public ZoneUploadStatusHandler() {}

    public ZoneUploadStatusHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        var started = uploads.status(caller.accountId(), contentZoneId(request), uploadId(request, true));
        return ApiResponse.json(200, KeyCdnJson.success(KeyCdnJson.RECEIVED, KeyCdnJson.uploadData(started)));
    }
}
