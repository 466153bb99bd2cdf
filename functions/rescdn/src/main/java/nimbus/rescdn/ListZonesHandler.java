package nimbus.rescdn;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import nimbus.shared.auth.Principal;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;
import nimbus.shared.zone.ZoneService;

/** GET /v1/zones: the account's zones of the key's mode (live or test), oldest first. */
public class ListZonesHandler extends ResCdnHandler {
    @Inject
    ZoneService zones;

    public ListZonesHandler() {}

    public ListZonesHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String requiredScope() {
        return ResCdnKeys.ZONES_READ;
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        return ApiResponse.json(200, ResCdnJson.zones(zones.list(caller.accountId(), caller.testMode())));
    }
}
