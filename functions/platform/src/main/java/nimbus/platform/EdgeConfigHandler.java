package nimbus.platform;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nimbus.shared.LeanContexts;
import nimbus.shared.edge.EdgeConfigPublisher;
import nimbus.shared.edge.ZoneChange;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The table stream's consumer (zone, hostname and referrer items only, by the event source's filter): republishes the
 * edge configuration those changes touch ({@link EdgeConfigPublisher}). A failure reports the batch's first record,
 * so Lambda retries from there; republishing is idempotent, so records applied before are harmless to apply again.
 */
public class EdgeConfigHandler extends MicronautRequestHandler<DynamodbEvent, StreamsEventResponse> {
    @Inject
    EdgeConfigPublisher publisher;

    public EdgeConfigHandler() {}

    public EdgeConfigHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public StreamsEventResponse execute(DynamodbEvent event) {
        List<DynamodbEvent.DynamodbStreamRecord> records = event.getRecords() == null ? List.of() : event.getRecords();
        List<ZoneChange> changes = new ArrayList<>();
        for (DynamodbEvent.DynamodbStreamRecord record : records) {
            var data = record.getDynamodb();
            AttributeValue pk = data.getKeys() == null ? null : data.getKeys().get("pk");
            if (pk == null || pk.getS() == null) continue;
            changes.add(new ZoneChange(
                    data.getSequenceNumber(),
                    pk.getS(),
                    record.getEventName(),
                    plain(data.getOldImage()),
                    plain(data.getNewImage())));
        }
        try {
            publisher.apply(changes);
            return StreamsEventResponse.builder()
                    .withBatchItemFailures(List.of())
                    .build();
        } catch (SdkException e) {
            if (changes.isEmpty()) throw e;
            return StreamsEventResponse.builder()
                    .withBatchItemFailures(List.of(new StreamsEventResponse.BatchItemFailure(
                            changes.get(0).sequenceNumber())))
                    .build();
        }
    }

    private static Map<String, Object> plain(Map<String, AttributeValue> image) {
        if (image == null) return Map.of();
        Map<String, Object> out = new LinkedHashMap<>();
        image.forEach((name, value) -> out.put(name, plain(value)));
        return out;
    }

    private static Object plain(AttributeValue value) {
        if (value.getS() != null) return value.getS();
        if (value.getN() != null) return value.getN();
        if (value.getBOOL() != null) return value.getBOOL();
        if (value.getM() != null) return plain(value.getM());
        if (value.getL() != null)
            return value.getL().stream().map(EdgeConfigHandler::plain).toList();
        if (value.getSS() != null) return List.copyOf(value.getSS());
        return null;
    }

    /** {@link LeanContexts}, as the API functions: no environment deduction, no eager singletons. */
    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return LeanContexts.builder();
    }
}
