package nimbus.hackclub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.util.Map;
import nimbus.local.kit.Events;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.http.Json;
import org.junit.jupiter.api.Test;

class MeHandlerTest {
    private final MeHandler handler = new MeHandler(TestStack.context());

    @Test
    void returnsTheCallersAccountAndQuota() {
        TestAccount caller = HackClubAccounts.create();
        APIGatewayProxyResponseEvent response =
                handler.handleRequest(Events.withKey(Events.load("hackclub/me.json"), caller.key()), null);
        assertEquals(200, response.getStatusCode());
        Map<String, Object> body = Json.parseObject(response.getBody().getBytes());
        assertEquals(caller.id(), body.get("id"));
        assertEquals(caller.account().email(), body.get("email"));
        assertEquals(0, ((Number) body.get("storage_used")).intValue());
        assertEquals(50L << 20, ((Number) body.get("storage_limit")).longValue());
        assertEquals("unverified", body.get("quota_tier"));
    }

    @Test
    void rejectsAMissingOrUnknownKeyWithInvalidAuth() {
        for (String key : new String[] {null, "sk_cdn_" + "f".repeat(64), "ak_notahackclubkey"}) {
            APIGatewayProxyResponseEvent response =
                    handler.handleRequest(Events.withKey(Events.load("hackclub/me.json"), key), null);
            assertEquals(401, response.getStatusCode());
            assertEquals(
                    "invalid_auth",
                    Json.parseObject(response.getBody().getBytes()).get("error"));
        }
    }
}
