package nimbus.keycdn;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import nimbus.shared.auth.Principal;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;
import nimbus.shared.usage.Interval;
import nimbus.shared.usage.UsageService;

/** GET /reports/storage.json: bytes stored per interval, of one zone or the whole account. */
public class StorageStatsHandler extends KeyCdnHandler {
    @Inject
    UsageService usage;

    public StorageStatsHandler() {}

    public StorageStatsHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        String zoneId = reportZoneId(request);
        var period = period(request, Interval.DAY, usage.now());
        var rows = usage.storage(caller.accountId(), zoneId, period);
        return ApiResponse.json(200, KeyCdnJson.success(KeyCdnJson.RECEIVED, KeyCdnJson.amountsData(rows)));
    }
}
