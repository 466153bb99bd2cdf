package nimbus.local.kit;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * A table's stream in the local stand-in, read from the moment it is opened, and its records as Lambda's DynamoDB
 * event source hands them to a function ({@link #event}).
 */
public final class TableStream implements AutoCloseable {
    private final DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .build();
    private String iterator;

    private TableStream(String tableName) {
        try (DynamoDbClient dynamo = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            String arn =
                    dynamo.describeTable(d -> d.tableName(tableName)).table().latestStreamArn();
            if (arn == null) throw new IllegalStateException("table " + tableName + " has no stream");
            String shard = streams.describeStream(d -> d.streamArn(arn))
                    .streamDescription()
                    .shards()
                    .get(0)
                    .shardId();
            iterator = streams.getShardIterator(
                            g -> g.streamArn(arn).shardId(shard).shardIteratorType(ShardIteratorType.LATEST))
                    .shardIterator();
        }
    }

    /** The stream of {@code tableName}, from now on. */
    public static TableStream open(String tableName) {
        return new TableStream(tableName);
    }

    /** The records written since the last read (or the opening), oldest first. */
    public synchronized List<Record> read() {
        List<Record> out = new ArrayList<>();
        while (iterator != null) {
            String current = iterator;
            var page = streams.getRecords(g -> g.shardIterator(current).limit(1000));
            iterator = page.nextShardIterator();
            out.addAll(page.records());
            if (page.records().isEmpty()) break;
        }
        return out;
    }

    /** The records as the DynamoDB event Lambda gives a function. */
    public static DynamodbEvent event(List<Record> records) {
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(records.stream().map(TableStream::toEvent).toList());
        return event;
    }

    private static DynamodbEvent.DynamodbStreamRecord toEvent(Record record) {
        DynamodbEvent.DynamodbStreamRecord out = new DynamodbEvent.DynamodbStreamRecord();
        out.setEventID(record.eventID());
        out.setEventName(record.eventNameAsString());
        out.setEventSource("aws:dynamodb");
        StreamRecord data = new StreamRecord();
        data.setKeys(image(record.dynamodb().keys()));
        data.setNewImage(
                record.dynamodb().hasNewImage() ? image(record.dynamodb().newImage()) : null);
        data.setOldImage(
                record.dynamodb().hasOldImage() ? image(record.dynamodb().oldImage()) : null);
        data.setSequenceNumber(record.dynamodb().sequenceNumber());
        if (record.dynamodb().streamViewType() != null) {
            data.setStreamViewType(
                    com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType.fromValue(
                            record.dynamodb().streamViewTypeAsString()));
        }
        out.setDynamodb(data);
        return out;
    }

    private static Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> image(
            Map<String, AttributeValue> image) {
        Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> out =
                new LinkedHashMap<>();
        image.forEach((name, value) -> out.put(name, value(value)));
        return out;
    }

    private static com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue value(AttributeValue v) {
        var out = new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue();
        if (v.s() != null) out.setS(v.s());
        else if (v.n() != null) out.setN(v.n());
        else if (v.bool() != null) out.setBOOL(v.bool());
        else if (v.hasM()) out.setM(image(v.m()));
        else if (v.hasL()) out.setL(v.l().stream().map(TableStream::value).toList());
        else if (v.hasSs()) out.setSS(v.ss());
        else if (v.nul() != null) out.setNULL(v.nul());
        return out;
    }

    @Override
    public void close() {
        streams.close();
    }
}
