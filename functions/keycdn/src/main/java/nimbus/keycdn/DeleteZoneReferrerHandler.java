package nimbus.keycdn;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.util.List;
import nimbus.shared.auth.Principal;
import nimbus.shared.error.Subject;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;
import nimbus.shared.zone.ReferrerService;

/** DELETE /zonereferrers/{id}.json; {@code "data": []} as in the seed. */
public class DeleteZoneReferrerHandler extends KeyCdnHandler {
    @Inject
    ReferrerService referrers;

    public DeleteZoneReferrerHandler() {}

    public DeleteZoneReferrerHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        referrers.delete(caller.accountId(), pathId(request, Subject.REFERRER));
        return ApiResponse.json(200, KeyCdnJson.success(KeyCdnJson.REFERRER_DELETED, List.of()));
    }
}
