package nimbus.keycdn;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import nimbus.shared.auth.Principal;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;
import nimbus.shared.zone.ZoneService;

/** PUT (documented) or POST (the official PHP and Python clients) /zones/{id}.json: every Add Zone parameter, all optional; {@code type} cannot change and is not read. */
public class EditZoneHandler extends KeyCdnHandler {
    @Inject
    ZoneService zones;

    public EditZoneHandler() {}

    public EditZoneHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        var zone = zones.update(
                caller.accountId(),
                zoneId(request),
                request.param("name").orElse(null),
                request.param("originurl").orElse(null),
                settings(request));
        return ApiResponse.json(200, KeyCdnJson.success(KeyCdnJson.CHANGED, KeyCdnJson.zoneData(zone)));
    }
}
