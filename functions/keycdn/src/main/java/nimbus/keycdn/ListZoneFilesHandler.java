package nimbus.keycdn;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import nimbus.shared.auth.Principal;
import nimbus.shared.error.InvalidInput;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;
import nimbus.shared.zone.ZoneFiles;

/** GET /zones/{id}/files.json: a push zone's files in path order, 1000 a page ({@code page}, from 1). */
public class ListZoneFilesHandler extends KeyCdnHandler {
    @Inject
    ZoneFiles files;

    public ListZoneFilesHandler() {}

    public ListZoneFilesHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        long page = request.longParam("page").orElse(1L);
        if (page < 1 || page > Integer.MAX_VALUE) throw InvalidInput.malformed("page");
        return ApiResponse.json(
                200,
                KeyCdnJson.success(
                        KeyCdnJson.RECEIVED,
                        KeyCdnJson.zoneFilesData(files.list(caller.accountId(), contentZoneId(request), (int) page))));
    }
}
