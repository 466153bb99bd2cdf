package nimbus.keycdn;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import nimbus.shared.auth.Principal;
import nimbus.shared.error.InvalidInput;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;
import nimbus.shared.usage.Interval;
import nimbus.shared.usage.UsageService;

/** GET /reports/credits.json: the account's credit bookings per day (the seed takes no zone_id and no interval). */
public class CreditStatsHandler extends KeyCdnHandler {
    @Inject
    UsageService usage;

    public CreditStatsHandler() {}

    public CreditStatsHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        var period = period(request, Interval.DAY, usage.now());
        if (period.interval() != Interval.DAY) throw InvalidInput.notAllowed("interval", "hour");
        var bookings = usage.bookings(caller.accountId(), period);
        return ApiResponse.json(200, KeyCdnJson.success(KeyCdnJson.RECEIVED, KeyCdnJson.bookingsData(bookings)));
    }
}
