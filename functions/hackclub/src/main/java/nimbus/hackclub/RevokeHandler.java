package nimbus.hackclub;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import nimbus.shared.auth.ApiKeyService;
import nimbus.shared.auth.Principal;
import nimbus.shared.auth.RevokedKey;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;

/** POST /api/v4/revoke: revokes the key that made the call. */
public class RevokeHandler extends HackClubHandler {
    @Inject
    ApiKeyService keys;

    public RevokeHandler() {}

    public RevokeHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        RevokedKey revoked = keys.revokeCaller(caller);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", true);
        body.put("owner_email", revoked.ownerEmail());
        body.put("key_name", revoked.keyName());
        body.put("status", "complete");
        return ApiResponse.json(200, body);
    }
}
