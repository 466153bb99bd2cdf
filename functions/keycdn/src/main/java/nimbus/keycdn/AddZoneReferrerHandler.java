package nimbus.keycdn;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import nimbus.shared.auth.Principal;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;
import nimbus.shared.zone.ReferrerService;

/** POST /zonereferrers.json: {@code zone_id} (one of the caller's zones) and {@code name} (a hostname, or {@code *.} and a hostname). */
public class AddZoneReferrerHandler extends KeyCdnHandler {
    @Inject
    ReferrerService referrers;

    public AddZoneReferrerHandler() {}

    public AddZoneReferrerHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        String zoneId = zoneIdParam(request, true);
        var referrer =
                referrers.add(caller.accountId(), zoneId, request.param("name").orElse(null));
        return ApiResponse.json(200, KeyCdnJson.success(KeyCdnJson.REFERRER_ADDED, KeyCdnJson.referrerData(referrer)));
    }
}
