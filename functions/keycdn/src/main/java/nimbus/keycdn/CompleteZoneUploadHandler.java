package nimbus.keycdn;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import nimbus.shared.auth.Principal;
import nimbus.shared.files.ContentTypes;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;
import nimbus.shared.zone.PushUploads;

/** POST /zones/{id}/uploads/{upload_id}/complete.json: the file, in place at its path; a replaced path is purged. A complete retried after success answers the same file. */
public class CompleteZoneUploadHandler extends KeyCdnHandler {
    @Inject
    PushUploads uploads;

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
        var file = uploads.complete(caller.accountId(), contentZoneId(request), uploadId(request, false));
        return ApiResponse.json(201, KeyCdnJson.success(KeyCdnJson.FILE_UPLOADED, KeyCdnJson.zoneFileData(file)));
    }
}
