package nimbus.keycdn;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.util.List;
import nimbus.shared.auth.Principal;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;
import nimbus.shared.zone.ZoneService;

/** DELETE /zones/{id}.json: an empty zone and its hostnames; {@code "data": []} as in the seed. */
public class DeleteZoneHandler extends KeyCdnHandler {
    @Inject
    ZoneService zones;

    public DeleteZoneHandler() {}

    public DeleteZoneHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        zones.delete(caller.accountId(), zoneId(request));
        return ApiResponse.json(200, KeyCdnJson.success(KeyCdnJson.DELETED, List.of()));
    }
}
