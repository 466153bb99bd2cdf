package nimbus.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.micronaut.context.ApplicationContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import nimbus.local.kit.LocalResources;
import nimbus.local.kit.TableStream;
import nimbus.local.kit.Template;
import nimbus.shared.http.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Lambda's DynamoDB stream event source, locally: for each function with a DynamoDB event in template.yaml, a thread
 * reads the table's stream from the moment the gateway starts, keeps the records its {@code FilterCriteria} let
 * through, and invokes the handler with up to {@code BatchSize} of them. A batch item failure (or an invocation that
 * throws) is retried from that record after a pause, as Lambda does, so records are handed over in order and none is
 * skipped. Only the filter form the template uses is understood (a prefix test of the key {@code pk}); any other is
 * refused at start rather than ignored.
 */
final class StreamPollers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamPollers.class);

    private record Mapping(
            String functionName, String handlerClass, String tableId, int batchSize, List<String> pkPrefixes) {}

    private final EventSourceThreads threads;
    private final List<TableStream> streams = new ArrayList<>();

    private StreamPollers(Function<String, ApplicationContext> contexts) {
        this.threads = new EventSourceThreads(contexts);
    }

    static StreamPollers start(Template template, Function<String, ApplicationContext> contexts) {
        StreamPollers pollers = new StreamPollers(contexts);
        LocalResources resources = new LocalResources(template);
        for (Mapping mapping : mappings(template)) {
            TableStream stream = TableStream.open(resources.physicalName(mapping.tableId()));
            pollers.streams.add(stream);
            pollers.threads.start("stream-" + mapping.functionName(), () -> pollers.poll(mapping, stream));
        }
        return pollers;
    }

    @SuppressWarnings("unchecked")
    static List<Mapping> mappings(Template template) {
        List<Mapping> out = new ArrayList<>();
        for (Template.EventSource source : template.eventSources("DynamoDB")) {
            Map<String, Object> p = source.properties();
            Object stream = Template.map(p.get("Stream")).get("Fn::GetAtt");
            List<String> prefixes = new ArrayList<>();
            for (Object filter :
                    (List<Object>) Template.map(p.get("FilterCriteria")).getOrDefault("Filters", List.of())) {
                prefixes.addAll(pkPrefixes((String) Template.map(filter).get("Pattern")));
            }
            out.add(new Mapping(
                    source.functionName(),
                    source.handlerClass(),
                    ((List<?>) stream).get(0).toString(),
                    ((Number) p.getOrDefault("BatchSize", 100)).intValue(),
                    prefixes));
        }
        return out;
    }

    /** The prefixes of {@code {"dynamodb":{"Keys":{"pk":{"S":[{"prefix":...},...]}}}}}; any other pattern is refused. */
    @SuppressWarnings("unchecked")
    static List<String> pkPrefixes(String pattern) {
        try {
            Map<String, Object> root = Json.parseObject(pattern.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            Map<String, Object> keys = (Map<String, Object>) ((Map<String, Object>) root.get("dynamodb")).get("Keys");
            List<Object> tests = (List<Object>) ((Map<String, Object>) keys.get("pk")).get("S");
            if (root.size() != 1 || keys.size() != 1) throw new IllegalArgumentException("more than a pk test");
            return tests.stream()
                    .map(t -> (String) ((Map<String, Object>) t).get("prefix"))
                    .toList();
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "the local stream source understands only pk prefix filters: " + pattern, e);
        }
    }

    private void poll(Mapping mapping, TableStream stream) {
        RequestHandler<DynamodbEvent, StreamsEventResponse> handler = null;
        List<Record> pending = new ArrayList<>();
        while (!threads.closed()) {
            try {
                if (pending.isEmpty()) {
                    stream.read().stream().filter(r -> passes(mapping, r)).forEach(pending::add);
                    if (pending.isEmpty()) {
                        Thread.sleep(100);
                        continue;
                    }
                }
                if (handler == null) handler = threads.coldStart(mapping.functionName(), mapping.handlerClass());
                List<Record> batch = new ArrayList<>(pending.subList(0, Math.min(mapping.batchSize(), pending.size())));
                int done = invoke(handler, batch);
                pending.subList(0, done).clear();
                if (done < batch.size()) Thread.sleep(500); // a failure: retried from that record
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | ReflectiveOperationException e) {
                if (!threads.closed())
                    LOG.warn("{}: stream read or invocation failed: {}", mapping.functionName(), e.toString());
                sleepQuietly();
            }
        }
    }

    private static boolean passes(Mapping mapping, Record record) {
        if (mapping.pkPrefixes().isEmpty()) return true;
        AttributeValue pk = record.dynamodb().keys().get("pk");
        return pk != null && pk.s() != null && mapping.pkPrefixes().stream().anyMatch(pk.s()::startsWith);
    }

    /** How many records of the batch are done: all, or those before the first reported failure. */
    private static int invoke(RequestHandler<DynamodbEvent, StreamsEventResponse> handler, List<Record> batch) {
        DynamodbEvent event = TableStream.event(batch);
        StreamsEventResponse response;
        try {
            response = handler.handleRequest(event, null);
        } catch (RuntimeException e) {
            LOG.warn("invocation failed, {} records retried: {}", batch.size(), e.toString());
            return 0;
        }
        if (response == null
                || response.getBatchItemFailures() == null
                || response.getBatchItemFailures().isEmpty()) {
            return batch.size();
        }
        String failed = response.getBatchItemFailures().get(0).getItemIdentifier();
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i).dynamodb().sequenceNumber().equals(failed)) return i;
        }
        return 0;
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        threads.close();
        streams.forEach(TableStream::close);
    }
}
