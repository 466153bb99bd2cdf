package nimbus.rescdn;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nimbus.shared.auth.Principal;
import nimbus.shared.error.InvalidInput;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;
import nimbus.shared.purge.PurgeService;
import nimbus.shared.zone.Zone;
import nimbus.shared.zone.ZoneService;

/**
 * GET /v1/purge?zone=&path=: clears one path of a zone of the key's mode from every edge location, as the seed
 * answers: {@code {"purged": true, "nodes": N}}. The purge is recorded and queued, and the purge worker applies it
 * within seconds; {@code nodes} counts the CDN distributions it was queued for: 1 for a live zone (one CloudFront
 * invalidation clears every edge location), 0 for a test-mode zone, which the edge never serves, so nothing is cached
 * and nothing is queued.
 */
public class PurgeHandler extends ResCdnHandler {
    @Inject
    ZoneService zones;

    @Inject
    PurgeService purges;

    public PurgeHandler() {}

    public PurgeHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String requiredScope() {
        return ResCdnKeys.ZONES_WRITE;
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        String zoneId = request.param("zone").map(String::trim).orElse("");
        String path = request.param("path").orElse("");
        if (zoneId.isEmpty()) throw InvalidInput.missing("zone");
        if (path.isBlank()) throw InvalidInput.missing("path");
        Zone zone = zones.require(caller.accountId(), ResCdnJson.zoneNumber(zoneId), caller.testMode());
        int nodes = 0;
        if (!zone.testMode()) {
            purges.paths(zone, List.of(path));
            nodes = 1;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("purged", true);
        body.put("nodes", nodes);
        return ApiResponse.json(200, body);
    }
}
