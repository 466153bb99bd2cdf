package nimbus.hackclub;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import nimbus.shared.account.Account;
import nimbus.shared.account.AccountService;
import nimbus.shared.auth.ApiKeyService;
import nimbus.shared.auth.Principal;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;

/** POST /api/v4/revoke: revokes the key that made the call. */
public class RevokeHandler extends HackClubHandler {
    @Inject
    ApiKeyService keys;
    @Inject
    AccountService accounts;

    public RevokeHandler() {}

    public RevokeHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        Account owner = accounts.require(caller.accountId());
        String keyName = keys.revokeByHash(caller.keyHash());
        authenticator.forget(caller.keyHash());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", true);
        body.put("owner_email", owner.email());
        body.put("key_name", keyName);
        body.put("status", "complete");
        return ApiResponse.json(200, body);
    }
}
