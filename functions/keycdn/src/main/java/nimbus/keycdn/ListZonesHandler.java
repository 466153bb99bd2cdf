package nimbus.keycdn;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import nimbus.shared.auth.Principal;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;
import nimbus.shared.zone.ZoneService;

/** GET /zones.json: the account's zones (its implicit files zone is not one), oldest first. */
public class ListZonesHandler extends KeyCdnHandler {
    @Inject
    ZoneService zones;

    public ListZonesHandler() {}

    public ListZonesHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        return ApiResponse.json(
                200, KeyCdnJson.success(KeyCdnJson.RECEIVED, KeyCdnJson.zonesData(zones.list(caller.accountId()))));
    }
}
