package nimbus.keycdn;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import nimbus.shared.auth.Principal;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;
import nimbus.shared.zone.ReferrerService;

/** GET /zonereferrers.json: the account's zone referrers, oldest first. */
public class ListZoneReferrersHandler extends KeyCdnHandler {
    @Inject
    ReferrerService referrers;

    public ListZoneReferrersHandler() {}

    public ListZoneReferrersHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        return ApiResponse.json(
                200,
                KeyCdnJson.success(KeyCdnJson.RECEIVED, KeyCdnJson.referrersData(referrers.list(caller.accountId()))));
    }
}
