package nimbus.rescdn;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import nimbus.shared.auth.Principal;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;
import nimbus.shared.usage.UsageService;

/** GET /v1/usage: the account's delivery in the current billing period (the calendar month, UTC), of the key's mode. */
public class GetUsageHandler extends ResCdnHandler {
    @Inject
    UsageService usage;

    public GetUsageHandler() {}

    public GetUsageHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String requiredScope() {
        return ResCdnKeys.USAGE_READ;
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        return ApiResponse.json(200, ResCdnJson.usage(usage.current(caller.accountId(), caller.testMode())));
    }
}
