package nimbus.keycdn;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import nimbus.shared.auth.Principal;
import nimbus.shared.error.Subject;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;
import nimbus.shared.zone.ReferrerService;

/** PUT (documented) or POST /zonereferrers/{id}.json: {@code name} and {@code zone_id}, each optional. */
public class EditZoneReferrerHandler extends KeyCdnHandler {
    @Inject
    ReferrerService referrers;

    public EditZoneReferrerHandler() {}

    public EditZoneReferrerHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        String referrerId = pathId(request, Subject.REFERRER);
        String zoneId = zoneIdParam(request, false);
        var referrer = referrers.edit(
                caller.accountId(), referrerId, zoneId, request.param("name").orElse(null));
        return ApiResponse.json(
                200, KeyCdnJson.success(KeyCdnJson.REFERRER_CHANGED, KeyCdnJson.referrerData(referrer)));
    }
}
