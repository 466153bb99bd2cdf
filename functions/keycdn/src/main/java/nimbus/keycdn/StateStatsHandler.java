package nimbus.keycdn;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import nimbus.shared.auth.Principal;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;
import nimbus.shared.usage.Interval;
import nimbus.shared.usage.UsageService;

/** GET /reports/statestats.json: cache hits and answers per interval (0 until delivery logs feed them). */
public class StateStatsHandler extends KeyCdnHandler {
    @Inject
    UsageService usage;

    public StateStatsHandler() {}

    public StateStatsHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        String zoneId = reportZoneId(request);
        var period = period(request, Interval.DAY, usage.now());
        var rows = usage.requests(caller.accountId(), zoneId, period);
        return ApiResponse.json(200, KeyCdnJson.success(KeyCdnJson.RECEIVED, KeyCdnJson.requestsData(rows)));
    }
}
