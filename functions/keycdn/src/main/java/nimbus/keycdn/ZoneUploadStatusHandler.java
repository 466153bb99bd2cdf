package nimbus.keycdn;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.util.Map;
import nimbus.shared.auth.Principal;
import nimbus.shared.error.NotFound;
import nimbus.shared.error.Subject;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;
import nimbus.shared.zone.ZoneFiles;

/** GET /zones/{id}/uploads/{upload_id}.json: which parts arrived, and fresh URLs for the rest (to resume). */
public class ZoneUploadStatusHandler extends KeyCdnHandler {
    @Inject
    ZoneFiles files;

    public ZoneUploadStatusHandler() {}

    public ZoneUploadStatusHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        var started = files.status(caller.accountId(), bareZoneId(request), uploadId(request, ".json"));
        return ApiResponse.json(
                200, KeyCdnJson.success(KeyCdnJson.RECEIVED, Map.of("upload", KeyCdnJson.upload(started))));
    }

    /** The {@code {upload_id}} segment without its suffix ({@code .json} where the route puts it there). */
    static String uploadId(ApiRequest request, String suffix) {
        String segment = request.pathParameter("upload_id").orElse("");
        if (!segment.endsWith(suffix)) throw new NotFound(Subject.UPLOAD);
        return segment.substring(0, segment.length() - suffix.length());
    }
}
