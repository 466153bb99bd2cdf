package nimbus.keycdn;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.purge.PurgeService;
import nimbus.shared.zone.Zone;

/**
 * DELETE /zones/purgetag/{id}.json with {@code tags} (used by a Go client; not in the seed). CloudFront cannot
 * invalidate by tag, so the domain clears the whole zone (docs/keycdn.md).
 */
public class PurgeZoneTagsHandler extends PurgeHandler {
    @Inject
    PurgeService purges;

    public PurgeZoneTagsHandler() {}

    public PurgeZoneTagsHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String purge(ApiRequest request, Zone zone) {
        purges.tags(zone, strings(request, "tags"));
        return "Cache has been cleared for tag(s).";
    }
}
