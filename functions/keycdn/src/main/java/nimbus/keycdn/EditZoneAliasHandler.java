package nimbus.keycdn;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import nimbus.shared.auth.Principal;
import nimbus.shared.error.Subject;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;
import nimbus.shared.zone.ZoneService;

/** PUT (documented) or POST /zonealiases/{id}.json: {@code name} and {@code zone_id}, each optional; a new name is claimed and the old one freed at once. */
public class EditZoneAliasHandler extends KeyCdnHandler {
    @Inject
    ZoneService zones;

    public EditZoneAliasHandler() {}

    public EditZoneAliasHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        String aliasId = pathId(request, Subject.ALIAS);
        String zoneId = zoneIdParam(request, false);
        var alias = zones.editAlias(
                caller.accountId(), aliasId, zoneId, request.param("name").orElse(null));
        return ApiResponse.json(200, KeyCdnJson.success(KeyCdnJson.ALIAS_CHANGED, KeyCdnJson.aliasData(alias)));
    }
}
