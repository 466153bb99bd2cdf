package nimbus.rescdn;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import nimbus.shared.auth.Principal;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;
import nimbus.shared.zone.ZoneService;

/**
 * GET /v1/zones/{id}: one zone of the key's mode, by the id List and Create give ({@code zone_...}); any other id,
 * another account's zone and one of the other mode are 404.
 */
public class GetZoneHandler extends ResCdnHandler {
    @Inject
    ZoneService zones;

    public GetZoneHandler() {}

    public GetZoneHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String requiredScope() {
        return ResCdnKeys.ZONES_READ;
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        String number = ResCdnJson.zoneNumber(request.pathParameter("id").orElse(null));
        var zone = zones.require(caller.accountId(), number, caller.testMode());
        return ApiResponse.json(200, ResCdnJson.zone(zone));
    }
}
