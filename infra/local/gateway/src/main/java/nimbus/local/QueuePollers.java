package nimbus.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.ApplicationContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import nimbus.local.kit.LocalResources;
import nimbus.local.kit.Template;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Lambda's SQS event source mapping, locally: for each function with an SQS event in template.yaml, a thread polls the
 * queue, gathers up to {@code BatchSize} messages within {@code MaximumBatchingWindowInSeconds}, invokes the handler
 * with the SQS event, and deletes the messages it did not report as batch item failures. A failed message, or a
 * whole batch whose invocation threw, is left on the queue: SQS delivers it again once it is visible again, and its
 * redrive policy moves it to the dead-letter queue after maxReceiveCount deliveries, as on AWS.
 */
final class QueuePollers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QueuePollers.class);

    private record Mapping(
            String functionName, String handlerClass, String queueId, int batchSize, int windowSeconds) {}

    private final SqsClient sqs =
            SqsClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
    private final EventSourceThreads threads;

    private QueuePollers(Function<String, ApplicationContext> contexts) {
        this.threads = new EventSourceThreads(contexts);
    }

    static QueuePollers start(Template template, Function<String, ApplicationContext> contexts) {
        QueuePollers pollers = new QueuePollers(contexts);
        LocalResources resources = new LocalResources(template);
        for (Mapping mapping : mappings(template)) {
            String queueUrl = pollers.sqs
                    .getQueueUrl(q -> q.queueName(resources.physicalName(mapping.queueId())))
                    .queueUrl();
            pollers.threads.start("sqs-" + mapping.functionName(), () -> pollers.poll(mapping, queueUrl));
        }
        return pollers;
    }

    static List<Mapping> mappings(Template template) {
        List<Mapping> out = new ArrayList<>();
        for (Template.EventSource source : template.eventSources("SQS")) {
            Map<String, Object> p = source.properties();
            Object queue = Template.map(p.get("Queue")).get("Fn::GetAtt");
            out.add(new Mapping(
                    source.functionName(),
                    source.handlerClass(),
                    ((List<?>) queue).get(0).toString(),
                    ((Number) p.getOrDefault("BatchSize", 10)).intValue(),
                    ((Number) p.getOrDefault("MaximumBatchingWindowInSeconds", 0)).intValue()));
        }
        return out;
    }

    private void poll(Mapping mapping, String queueUrl) {
        RequestHandler<SQSEvent, SQSBatchResponse> handler = null;
        while (!threads.closed()) {
            try {
                List<Message> batch = receive(queueUrl, mapping);
                if (batch.isEmpty() || threads.closed()) continue;
                if (handler == null) handler = threads.coldStart(mapping.functionName(), mapping.handlerClass());
                invoke(handler, batch, queueUrl);
            } catch (RuntimeException | ReflectiveOperationException e) {
                if (!threads.closed())
                    LOG.warn("{}: poll or invocation failed: {}", mapping.functionName(), e.toString());
            }
        }
    }

    private List<Message> receive(String queueUrl, Mapping mapping) {
        List<Message> batch = new ArrayList<>();
        long deadline = 0;
        while (!threads.closed() && batch.size() < mapping.batchSize()) {
            int want = Math.min(10, mapping.batchSize() - batch.size());
            List<Message> got = sqs.receiveMessage(r -> r.queueUrl(queueUrl)
                            .maxNumberOfMessages(want)
                            .waitTimeSeconds(1)
                            .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                    .messages();
            batch.addAll(got);
            if (batch.isEmpty()) return batch; // nothing waiting: poll again
            if (deadline == 0) deadline = System.nanoTime() + mapping.windowSeconds() * 1_000_000_000L;
            if (System.nanoTime() >= deadline) break;
        }
        return batch;
    }

    private void invoke(RequestHandler<SQSEvent, SQSBatchResponse> handler, List<Message> batch, String queueUrl) {
        SQSEvent event = new SQSEvent();
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message m : batch) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(m.messageId());
            record.setReceiptHandle(m.receiptHandle());
            record.setBody(m.body());
            record.setEventSource("aws:sqs");
            Map<String, String> attributes = new HashMap<>();
            m.attributes().forEach((k, v) -> attributes.put(k.toString(), v));
            record.setAttributes(attributes);
            records.add(record);
        }
        event.setRecords(records);
        SQSBatchResponse response;
        try {
            response = handler.handleRequest(event, null);
        } catch (RuntimeException e) {
            LOG.warn("invocation failed, {} messages left for redelivery: {}", batch.size(), e.toString());
            return;
        }
        Set<String> failed = new HashSet<>();
        if (response != null && response.getBatchItemFailures() != null) {
            response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
        }
        for (Message m : batch) {
            if (!failed.contains(m.messageId())) {
                sqs.deleteMessage(d -> d.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
    }

    @Override
    public void close() {
        threads.close();
        sqs.close();
    }
}
