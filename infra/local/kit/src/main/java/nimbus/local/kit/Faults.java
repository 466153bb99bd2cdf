package nimbus.local.kit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * AWS as it fails, on every side of a call, for the SDK clients of a test context
 * ({@code TestStack.contextWith(faults)}): a request that never reaches AWS, a call AWS carried out
 * whose response is lost, throttling that outlasts the SDK's retries, and a transaction DynamoDB
 * cancels for a given reason. Each fault hits the n-th call (1-based) of one operation and the
 * {@code times - 1} calls of it that follow.
 */
public final class Faults implements ExecutionInterceptor {
    public enum Kind {
        /** Thrown before the request is sent: AWS never sees it. */
        NOT_SENT,
        /** AWS carries the call out; the response never arrives. */
        RESPONSE_LOST,
        /** DynamoDB refuses for throughput, as it does once the SDK's own retries have given up. */
        THROTTLED,
        /** DynamoDB cancels the transaction with {@code reasons}, one code per action ("None" for an action that passed). */
        CANCELLED,
        /**
         * The service refuses with the error code {@code reasons[0]} (CloudFront's "TooManyInvalidationsInProgress",
         * "Throttling"), as it does once the SDK's own retries have given up.
         */
        REFUSED
    }

    private record Fault(String operation, Kind kind, AtomicInteger skip, AtomicInteger left, List<String> reasons) {}

    private final List<Fault> faults = new ArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();

    /** Fails calls {@code nth} to {@code nth + times - 1} of {@code operation} (an SDK name: "TransactWriteItems", "PutObject"). */
    public synchronized Faults inject(String operation, Kind kind, int nth, int times, String... reasons) {
        faults.add(new Fault(operation, kind, new AtomicInteger(nth - 1), new AtomicInteger(times), List.of(reasons)));
        return this;
    }

    public Faults inject(String operation, Kind kind) {
        return inject(operation, kind, 1, 1);
    }

    /** Calls that reached AWS with a fault planned for after them (lost responses), for assertions. */
    public int callsSeen() {
        return calls.get();
    }

    /** Before the SDK's retry loop, so a throttling fault stands for one that outlasted every retry. */
    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        Fault fault = due(attributes, false);
        if (fault == null) return;
        switch (fault.kind()) {
            case NOT_SENT ->
                throw SdkClientException.create("injected: " + fault.operation() + " never left the client");
            case THROTTLED ->
                throw ProvisionedThroughputExceededException.builder()
                        .statusCode(400)
                        .awsErrorDetails(AwsErrorDetails.builder()
                                .errorCode("ProvisionedThroughputExceededException")
                                .errorMessage("injected throttling")
                                .build())
                        .build();
            case CANCELLED ->
                throw TransactionCanceledException.builder()
                        .statusCode(400)
                        .awsErrorDetails(AwsErrorDetails.builder()
                                .errorCode("TransactionCanceledException")
                                .errorMessage("injected cancellation " + fault.reasons())
                                .build())
                        .cancellationReasons(fault.reasons().stream()
                                .map(code ->
                                        CancellationReason.builder().code(code).build())
                                .toList())
                        .build();
            case REFUSED ->
                throw AwsServiceException.builder()
                        .statusCode(400)
                        .awsErrorDetails(AwsErrorDetails.builder()
                                .errorCode(fault.reasons().get(0))
                                .errorMessage("injected refusal")
                                .build())
                        .build();
            default -> {}
        }
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        Fault fault = due(attributes, true);
        if (fault != null) {
            calls.incrementAndGet();
            throw SdkClientException.create("injected: the response to " + fault.operation() + " was lost");
        }
    }

    /** The fault this call meets, if any; lost responses are decided after the call, the others before. */
    private synchronized Fault due(ExecutionAttributes attributes, boolean afterCall) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        for (Fault fault : faults) {
            if (!fault.operation().equals(operation) || (fault.kind() == Kind.RESPONSE_LOST) != afterCall) continue;
            if (fault.skip().getAndDecrement() > 0) continue;
            if (fault.left().getAndDecrement() > 0) return fault;
        }
        return null;
    }
}
