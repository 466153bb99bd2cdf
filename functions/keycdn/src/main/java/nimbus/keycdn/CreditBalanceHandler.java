package nimbus.keycdn;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import nimbus.shared.auth.Principal;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;
import nimbus.shared.usage.UsageService;

/** GET /reports/creditbalance.json: the account's credit balance. */
public class CreditBalanceHandler extends KeyCdnHandler {
    @Inject
    UsageService usage;

    public CreditBalanceHandler() {}

    public CreditBalanceHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        return ApiResponse.json(
                200,
                KeyCdnJson.success(KeyCdnJson.RECEIVED, KeyCdnJson.balanceData(usage.balance(caller.accountId()))));
    }
}
