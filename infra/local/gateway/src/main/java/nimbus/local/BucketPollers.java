package nimbus.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import io.micronaut.context.ApplicationContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import nimbus.local.kit.Events;
import nimbus.local.kit.LocalResources;
import nimbus.local.kit.Template;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * S3 event notifications, locally: for each function with an S3 event in template.yaml, a thread lists the bucket
 * under the event's prefix and invokes the handler with an ObjectCreated event for each object that appeared since
 * the gateway started. As Lambda's asynchronous invocation does, a failed invocation is tried twice more, then
 * dropped with a warning.
 */
final class BucketPollers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BucketPollers.class);
    private static final int ATTEMPTS = 3;

    record Mapping(String functionName, String handlerClass, String bucketId, String prefix) {}

    private final EventSourceThreads threads;
    private final S3Client s3 = S3Client.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .forcePathStyle(true)
            .build();

    private BucketPollers(Function<String, ApplicationContext> contexts) {
        this.threads = new EventSourceThreads(contexts);
    }

    static BucketPollers start(Template template, Function<String, ApplicationContext> contexts) {
        BucketPollers pollers = new BucketPollers(contexts);
        LocalResources resources = new LocalResources(template);
        for (Mapping mapping : mappings(template)) {
            String bucket = resources.physicalName(mapping.bucketId());
            Set<String> seen = new HashSet<>(pollers.keys(bucket, mapping.prefix())); // only objects made from now on
            pollers.threads.start("s3-" + mapping.functionName(), () -> pollers.poll(mapping, bucket, seen));
        }
        return pollers;
    }

    @SuppressWarnings("unchecked")
    static List<Mapping> mappings(Template template) {
        List<Mapping> out = new ArrayList<>();
        for (Template.EventSource source : template.eventSources("S3")) {
            Map<String, Object> p = source.properties();
            String prefix = "";
            Map<String, Object> key = Template.map(Template.map(p.get("Filter")).get("S3Key"));
            for (Object rule : (List<Object>) key.getOrDefault("Rules", List.of())) {
                Map<String, Object> r = Template.map(rule);
                if (!"prefix".equalsIgnoreCase((String) r.get("Name")))
                    throw new IllegalStateException("the local S3 event source understands only prefix rules");
                prefix = (String) r.get("Value");
            }
            out.add(new Mapping(
                    source.functionName(),
                    source.handlerClass(),
                    (String) Template.map(p.get("Bucket")).get("Ref"),
                    prefix));
        }
        return out;
    }

    private List<String> keys(String bucket, String prefix) {
        return s3.listObjectsV2Paginator(l -> l.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key)
                .toList();
    }

    private void poll(Mapping mapping, String bucket, Set<String> seen) {
        RequestHandler<S3Event, ?> handler = null;
        while (!threads.closed()) {
            try {
                List<String> fresh = keys(bucket, mapping.prefix()).stream()
                        .filter(k -> !seen.contains(k))
                        .toList();
                for (String key : fresh) {
                    if (handler == null) handler = threads.coldStart(mapping.functionName(), mapping.handlerClass());
                    invoke(mapping, handler, bucket, key);
                    seen.add(key);
                }
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | ReflectiveOperationException e) {
                if (!threads.closed())
                    LOG.warn("{}: listing or invocation failed: {}", mapping.functionName(), e.toString());
                try {
                    Thread.sleep(500);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static void invoke(Mapping mapping, RequestHandler<S3Event, ?> handler, String bucket, String key) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                handler.handleRequest(Events.s3ObjectCreated(bucket, key), null);
                return;
            } catch (RuntimeException e) {
                LOG.warn(
                        "{}: s3://{}/{} attempt {} of {} failed: {}",
                        mapping.functionName(),
                        bucket,
                        key,
                        attempt,
                        ATTEMPTS,
                        e.toString());
            }
        }
    }

    @Override
    public void close() {
        threads.close();
        s3.close();
    }
}
