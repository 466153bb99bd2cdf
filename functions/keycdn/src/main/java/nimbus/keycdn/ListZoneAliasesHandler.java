package nimbus.keycdn;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import nimbus.shared.auth.Principal;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;
import nimbus.shared.zone.ZoneService;

/** GET /zonealiases.json: the account's zone aliases, oldest first. */
public class ListZoneAliasesHandler extends KeyCdnHandler {
    @Inject
    ZoneService zones;

    public ListZoneAliasesHandler() {}

    public ListZoneAliasesHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        return ApiResponse.json(
                200,
                KeyCdnJson.success(KeyCdnJson.RECEIVED, KeyCdnJson.aliasesData(zones.aliases(caller.accountId()))));
    }
}
