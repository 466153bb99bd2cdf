package nimbus.hackclub;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import nimbus.shared.account.AccountService;
import nimbus.shared.auth.Principal;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;

/** GET /api/v4/me: the calling account, with its storage use and quota. */
public class MeHandler extends HackClubHandler {
    @Inject
    AccountService accounts;

    public MeHandler() {}

    public MeHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        return ApiResponse.json(200, HackClubJson.user(accounts.require(caller.accountId())));
    }
}
