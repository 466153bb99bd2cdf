package nimbus.local.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The AWS stand-in behaves as DynamoDB does where our code depends on it: a cancelled transaction writes nothing, a
 * stream reader keeps seeing new records after one, and a long run of them does not grow moto without bound.
 */
class MotoServerTest {
    private static final String TABLE = "transactions";
    private static MotoServer moto;
    private static DynamoDbClient dynamo;
    private static DynamoDbStreamsClient streams;
    private static String streamArn;

    @BeforeAll
    static void start() {
        moto = MotoServer.start(0, null);
        dynamo = local(DynamoDbClient.builder()).build();
        streams = local(DynamoDbStreamsClient.builder()).build();
        streamArn = dynamo.createTable(t -> t.tableName(TABLE)
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .keySchema(
                                k -> k.attributeName("pk").keyType(KeyType.HASH),
                                k -> k.attributeName("sk").keyType(KeyType.RANGE))
                        .attributeDefinitions(
                                a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                                a -> a.attributeName("sk").attributeType(ScalarAttributeType.S))
                        .streamSpecification(
                                s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)))
                .tableDescription()
                .latestStreamArn();
    }

    private static <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B local(B builder) {
        return builder.endpointOverride(URI.create(moto.endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create());
    }

    @AfterAll
    static void stop() {
        dynamo.close();
        streams.close();
        moto.close();
    }

    @Test
    void aCancelledTransactionWritesNothingAndTheStreamGoesOn() {
        String iterator = latestIterator();
        put("kept", Map.of());

        assertThrows(TransactionCanceledException.class, () -> cancelledTransaction("dropped", "kept"));

        assertFalse(
                dynamo.getItem(g -> g.tableName(TABLE).key(key("dropped"))).hasItem(), "the first write rolled back");
        assertFalse(
                dynamo.getItem(g -> g.tableName(TABLE).key(key("kept"))).item().containsKey("touched"),
                "the update rolled back");
        put("after", Map.of());
        assertEquals(List.of("kept", "after"), keysWritten(iterator), "the stream shows what was written, in order");
    }

    @Test
    void cancelledTransactionsOnABigTableDoNotGrowMoto() throws IOException {
        String filler = "x".repeat(1000);
        for (int i = 0; i < 2000; i++) put("item-" + i, Map.of("data", AttributeValue.fromS(filler)));
        long before = residentMegabytes();

        for (int i = 0; i < 100; i++) {
            int n = i;
            assertThrows(TransactionCanceledException.class, () -> cancelledTransaction("never-" + n, "item-1"));
        }

        // moto used to keep a whole copy of the table (here some 10 MB) for every cancelled transaction
        long grown = residentMegabytes() - before;
        assertTrue(grown < 150, "moto grew by " + grown + " MB over 100 cancelled transactions");
    }

    /** A put that succeeds, then an update whose condition fails: DynamoDB cancels both. */
    private static void cancelledTransaction(String newKey, String existingKey) {
        dynamo.transactWriteItems(t -> t.transactItems(
                TransactWriteItem.builder()
                        .put(p -> p.tableName(TABLE).item(key(newKey)))
                        .build(),
                TransactWriteItem.builder()
                        .update(u -> u.tableName(TABLE)
                                .key(key(existingKey))
                                .updateExpression("SET touched = :t")
                                .conditionExpression("attribute_not_exists(pk)")
                                .expressionAttributeValues(Map.of(":t", AttributeValue.fromN("1"))))
                        .build()));
    }

    private static void put(String pk, Map<String, AttributeValue> more) {
        var item = new java.util.HashMap<>(key(pk));
        item.putAll(more);
        dynamo.putItem(p -> p.tableName(TABLE).item(item));
    }

    private static Map<String, AttributeValue> key(String pk) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS("item"));
    }

    private static String latestIterator() {
        String shard = streams.describeStream(d -> d.streamArn(streamArn))
                .streamDescription()
                .shards()
                .get(0)
                .shardId();
        return streams.getShardIterator(
                        g -> g.streamArn(streamArn).shardId(shard).shardIteratorType(ShardIteratorType.LATEST))
                .shardIterator();
    }

    private static List<String> keysWritten(String iterator) {
        List<String> keys = new ArrayList<>();
        for (String next = iterator; next != null; ) {
            String current = next;
            var page = streams.getRecords(g -> g.shardIterator(current));
            page.records().forEach(r -> keys.add(r.dynamodb().keys().get("pk").s()));
            next = page.records().isEmpty() ? null : page.nextShardIterator();
        }
        return keys;
    }

    private static long residentMegabytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + moto.pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
        }
        throw new IllegalStateException("no VmRSS for moto");
    }
}
