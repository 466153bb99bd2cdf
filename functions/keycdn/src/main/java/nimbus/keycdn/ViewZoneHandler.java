package nimbus.keycdn;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import nimbus.shared.auth.Principal;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;
import nimbus.shared.zone.ZoneService;

/** GET /zones/{id}.json. */
public class ViewZoneHandler extends KeyCdnHandler {
    @Inject
    ZoneService zones;

    public ViewZoneHandler() {}

    public ViewZoneHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        var zone = zones.require(caller.accountId(), zoneId(request));
        return ApiResponse.json(200, KeyCdnJson.success(KeyCdnJson.RECEIVED, KeyCdnJson.zoneData(zone)));
    }
}
