package nimbus.bench.plain;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Baseline of Hack Club GET /api/v4/me: GetItem key, GetItem account. Input: secret. */
public final class PlainMe implements PlainHandler {
    private final DynamoDbClient dynamo = Plain.dynamo();

    @Override
    public Response handle(Map<String, String> input) {
        Map<String, AttributeValue> key = Plain.apiKey(dynamo, input.get("secret"), "hackclub");
        if (key == null) return Plain.unauthorized();
        Map<String, AttributeValue> account = Plain.account(dynamo, Plain.str(key, "accountId"));
        if (account == null) return Plain.unauthorized();
        String tier = Plain.str(account, "tier");
        return new Response(
                200,
                "{\"id\":" + Plain.q(Plain.str(account, "id"))
                        + ",\"email\":" + Plain.q(Plain.str(account, "email"))
                        + ",\"name\":" + Plain.q(Plain.str(account, "name"))
                        + ",\"storage_used\":" + Plain.num(account, "storageUsed")
                        + ",\"storage_limit\":" + Plain.storageLimit(tier)
                        + ",\"quota_tier\":" + Plain.q(tier) + "}");
    }
}
