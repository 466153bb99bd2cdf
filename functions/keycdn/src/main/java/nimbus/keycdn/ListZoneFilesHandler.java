package nimbus.keycdn;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import nimbus.shared.auth.Principal;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;
import nimbus.shared.zone.ZoneFiles;

/**
 * GET /zones/{id}/files.json: the push zone's files in path order, 1,000 a page; {@code after} (the last path of
 * the previous page) asks for the next, and {@code next} says where to continue (absent on the last page).
 */
public class ListZoneFilesHandler extends KeyCdnHandler {
    @Inject
    ZoneFiles files;

    public ListZoneFilesHandler() {}

    public ListZoneFilesHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        var page = files.list(
                caller.accountId(),
                bareZoneId(request),
                request.param("after").filter(a -> !a.isBlank()).orElse(null));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("files", page.stream().map(KeyCdnJson::zoneFile).toList());
        if (page.size() == ZoneFiles.PAGE_SIZE)
            data.put("next", page.get(page.size() - 1).path());
        return ApiResponse.json(200, KeyCdnJson.success(KeyCdnJson.RECEIVED, data));
    }
}
