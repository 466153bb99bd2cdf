package nimbus.platform;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import java.util.List;
import nimbus.shared.LeanContexts;
import nimbus.shared.usage.LogIngest;

/**
 * The logs bucket's consumer (S3 ObjectCreated under cdn/): counts each new CloudFront access log into the usage
 * counters ({@link LogIngest}). A failure throws, so Lambda's asynchronous invocation retries the event (twice);
 * counting is idempotent per log object, so a retry or a duplicate notification never counts twice.
 */
public class LogIngestHandler extends MicronautRequestHandler<S3Event, Void> {
    @Inject
    LogIngest ingest;

    public LogIngestHandler() {}

    public LogIngestHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public Void execute(S3Event event) {
        List<S3EventNotification.S3EventNotificationRecord> records =
                event.getRecords() == null ? List.of() : event.getRecords();
        for (S3EventNotification.S3EventNotificationRecord record : records) {
            ingest.ingestObject(
                    record.getS3().getBucket().getName(),
                    record.getS3().getObject().getUrlDecodedKey());
        }
        return null;
    }

    /** {@link LeanContexts}, as the API functions: no environment deduction, no eager singletons. */
    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return LeanContexts.builder();
    }
}
