package nimbus.keycdn;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nimbus.shared.Settings;
import nimbus.shared.auth.Principal;
import nimbus.shared.error.InvalidInput;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;
import nimbus.shared.zone.Zone;
import nimbus.shared.zone.ZoneService;

/**
 * A purge operation: the seed limits purges to one request per second per key ({@code NIMBUS_KEYCDN_PURGE_RATE_LIMIT}
 * a second), on top of the 60 per 60 s every call counts against. The answer is the seed's envelope without data:
 * the purge is recorded and queued, and the purge worker applies it within seconds. (Each subclass injects the
 * PurgeService itself: Micronaut writes the injection code of a class that declares an injection point.)
 */
public abstract class PurgeHandler extends KeyCdnHandler {
    @Inject
    protected ZoneService zones;

    protected PurgeHandler() {}

    protected PurgeHandler(ApplicationContext context) {
        super(context);
    }

    protected abstract String purge(ApiRequest request, Zone zone);

    @Override
    protected final ApiResponse handle(ApiRequest request, Principal caller) {
        rateLimiter.enforce(
                "keycdn-purge:" + caller.keyId(), Settings.longValue("NIMBUS_KEYCDN_PURGE_RATE_LIMIT", 1), 1);
        Zone zone = zones.require(caller.accountId(), zoneId(request));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "success");
        body.put("description", purge(request, zone));
        return ApiResponse.json(200, body);
    }

    /** The strings of a list parameter ({@code urls}, {@code tags}): JSON array, form or PHP-bracket fields. */
    static List<String> strings(ApiRequest request, String name) {
        List<String> values = new ArrayList<>();
        for (Object value : request.params(name)) {
            if (!(value instanceof String s)) throw InvalidInput.malformed(name);
            values.add(s);
        }
        return values;
    }
}
