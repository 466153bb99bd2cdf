package nimbus.keycdn;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import nimbus.shared.auth.Principal;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;
import nimbus.shared.zone.ZoneService;

/** POST /zonealiases.json: {@code zone_id} (one of the caller's zones) and {@code name} (a hostname no account uses yet). */
public class AddZoneAliasHandler extends KeyCdnHandler {
    @Inject
    ZoneService zones;

    public AddZoneAliasHandler() {}

    public AddZoneAliasHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        String zoneId = zoneIdParam(request, true);
        var alias =
                zones.addAlias(caller.accountId(), zoneId, request.param("name").orElse(null));
        return ApiResponse.json(200, KeyCdnJson.success(KeyCdnJson.ALIAS_ADDED, KeyCdnJson.aliasData(alias)));
    }
}
