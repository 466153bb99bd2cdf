package nimbus.bench.plain;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Baseline of Aether GET /api/v1/files: GetItem key, UpdateItem of the rate-limit window item,
 * GetItem account (the total), Query gsi1. Input: secret, limit, offset (offset 0 only).
 */
public final class PlainListFiles implements PlainHandler {
    private final DynamoDbClient dynamo = Plain.dynamo();

    @Override
    public Response handle(Map<String, String> input) {
        Map<String, AttributeValue> key = Plain.apiKey(dynamo, input.get("secret"), "aether");
        if (key == null) return Plain.unauthorized();
        long now = Instant.now().getEpochSecond();
        long windowStart = now - now % 60;
        dynamo.updateItem(u -> u.tableName(Plain.TABLE)
                .key(Plain.key("RL#aether:" + Plain.str(key, "keyId") + "#" + windowStart, "RL"))
                .updateExpression("ADD hits :one SET expiresAt = if_not_exists(expiresAt, :ttl)")
                .expressionAttributeValues(Map.of(
                        ":one",
                        AttributeValue.fromN("1"),
                        ":ttl",
                        AttributeValue.fromN(Long.toString(windowStart + 120))))
                .returnValues("UPDATED_NEW"));
        if (!key.containsKey("scopes") || !key.get("scopes").ss().contains("files:read")) {
            return new Response(403, "{\"success\":false}");
        }
        String accountId = Plain.str(key, "accountId");
        Map<String, AttributeValue> account = Plain.account(dynamo, accountId);
        if (account == null) return Plain.unauthorized();
        int limit = Integer.parseInt(input.getOrDefault("limit", "10"));
        List<Map<String, AttributeValue>> items = dynamo.query(q -> q.tableName(Plain.TABLE)
                        .indexName("gsi1")
                        .keyConditionExpression("gsi1pk = :p")
                        .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("ACCT#" + accountId + "#FILES")))
                        .scanIndexForward(true)
                        .limit(limit))
                .items();
        StringBuilder json = new StringBuilder("{\"success\":true,\"files\":[");
        for (int i = 0; i < items.size(); i++) {
            Map<String, AttributeValue> f = items.get(i);
            String id = Plain.str(f, "id");
            String name = Plain.str(f, "filename");
            if (i > 0) json.append(',');
            json.append("{\"id\":")
                    .append(Plain.q(id))
                    .append(",\"name\":")
                    .append(Plain.q(name))
                    .append(",\"size\":")
                    .append(Plain.num(f, "size"))
                    .append(",\"url\":")
                    .append(Plain.q(Plain.CDN + "/" + id + "/" + name))
                    .append(",\"contentType\":")
                    .append(Plain.q(Plain.str(f, "contentType")))
                    .append(",\"folderId\":")
                    .append(Plain.q(Plain.str(f, "folderId")))
                    .append(",\"description\":")
                    .append(Plain.q(Plain.str(f, "description")))
                    .append(",\"tags\":[],\"createdAt\":")
                    .append(Plain.q(Plain.str(f, "createdAt")))
                    .append('}');
        }
        json.append("],\"pagination\":{\"total\":")
                .append(Plain.num(account, "fileCount"))
                .append(",\"limit\":")
                .append(limit)
                .append(",\"offset\":0}}");
        return new Response(200, json.toString());
    }
}
