package nimbus.platform;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import java.util.List;
import nimbus.shared.LeanContexts;
import nimbus.shared.purge.PurgeWorker;

/**
 * The purge queue's consumer (SQS event source, batch item failures reported): hands the batch's purges to
 * {@link PurgeWorker} and reports the messages it could not finish, which SQS delivers again after their backoff.
 */
public class PurgeWorkerHandler extends MicronautRequestHandler<SQSEvent, SQSBatchResponse> {
    @Inject
    PurgeWorker worker;

    public PurgeWorkerHandler() {}

    public PurgeWorkerHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public SQSBatchResponse execute(SQSEvent event) {
        List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
        List<PurgeWorker.Delivery> deliveries = records.stream()
                .map(m ->
                        new PurgeWorker.Delivery(m.getMessageId(), m.getReceiptHandle(), m.getBody(), receiveCount(m)))
                .toList();
        List<SQSBatchResponse.BatchItemFailure> failures = worker.process(deliveries).stream()
                .map(SQSBatchResponse.BatchItemFailure::new)
                .toList();
        return new SQSBatchResponse(failures);
    }

    private static int receiveCount(SQSEvent.SQSMessage message) {
        String count =
                message.getAttributes() == null ? null : message.getAttributes().get("ApproximateReceiveCount");
        try {
            return count == null ? 1 : Integer.parseInt(count);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** {@link LeanContexts}, as the API functions: no environment deduction, no eager singletons. */
    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return LeanContexts.builder();
    }
}
