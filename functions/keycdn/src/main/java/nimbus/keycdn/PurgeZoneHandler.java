package nimbus.keycdn;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.purge.PurgeService;
import nimbus.shared.zone.Zone;

/** GET /zones/purge/{id}.json: clears the zone's whole cache. */
public class PurgeZoneHandler extends PurgeHandler {
    @Inject
    PurgeService purges;

    public PurgeZoneHandler() {}

    public PurgeZoneHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String purge(ApiRequest request, Zone zone) {
        purges.wholeZone(zone);
        return "Cache has been cleared for zone " + zone.name() + ".";
    }
}
