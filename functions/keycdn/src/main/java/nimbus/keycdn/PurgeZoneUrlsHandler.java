package nimbus.keycdn;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.purge.PurgeService;
import nimbus.shared.zone.Zone;

/** DELETE /zones/purgeurl/{id}.json with {@code urls}: the zone's URLs, without or with a scheme. */
public class PurgeZoneUrlsHandler extends PurgeHandler {
    @Inject
    PurgeService purges;

    public PurgeZoneUrlsHandler() {}

    public PurgeZoneUrlsHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String purge(ApiRequest request, Zone zone) {
        purges.urls(zone, strings(request, "urls"));
        return "Cache has been cleared for URL(s).";
    }
}
