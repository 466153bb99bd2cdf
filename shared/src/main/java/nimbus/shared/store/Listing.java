package nimbus.shared.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Offset pagination over a GSI partition in ascending sort-key order: new items append at the end,
 * so earlier pages stay put while items are added. The skipped items are read and dropped (DynamoDB
 * has no offset); the total comes from a counter, never from counting.
 */
public final class Listing {
    private Listing() {}

    public static List<Map<String, AttributeValue>> page(
            DynamoDbClient dynamo, String table, String index, String partitionKey, int offset, int limit) {
        String pkName = index + "pk";
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        int wanted = (int) Math.min((long) offset + limit, Integer.MAX_VALUE);
        int seen = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            int batch = Math.min(wanted - seen, 1000);
            QueryResponse response = dynamo.query(q -> q.tableName(table)
                    .indexName(index)
                    .keyConditionExpression(pkName + " = :p")
                    .expressionAttributeValues(Map.of(":p", Items.s(partitionKey)))
                    .scanIndexForward(true)
                    .limit(batch)
                    .exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : response.items()) {
                if (seen++ >= offset) items.add(item);
            }
            start = response.hasLastEvaluatedKey()
                            && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey()
                    : null;
        } while (start != null && seen < wanted);
        return items;
    }

    /** Every item of a GSI partition, following the pages, in sort-key order ({@code ascending}) or reversed. */
    public static List<Map<String, AttributeValue>> all(
            DynamoDbClient dynamo, String table, String index, String partitionKey, boolean ascending) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(q -> q.tableName(table)
                    .indexName(index)
                    .keyConditionExpression(index + "pk = :p")
                    .expressionAttributeValues(Map.of(":p", Items.s(partitionKey)))
                    .scanIndexForward(ascending)
                    .exclusiveStartKey(from));
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }
}
