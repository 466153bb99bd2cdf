package nimbus.keycdn;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.util.List;
import nimbus.shared.auth.Principal;
import nimbus.shared.error.Subject;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;
import nimbus.shared.zone.ZoneService;

/** DELETE /zonealiases/{id}.json: the alias and its hostname; {@code "data": []} as in the seed. */
public class DeleteZoneAliasHandler extends KeyCdnHandler {
    @Inject
    ZoneService zones;

    public DeleteZoneAliasHandler() {}

    public DeleteZoneAliasHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        zones.deleteAlias(caller.accountId(), pathId(request, Subject.ALIAS));
        return ApiResponse.json(200, KeyCdnJson.success(KeyCdnJson.ALIAS_DELETED, List.of()));
    }
}
