package nimbus.shared.store;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import nimbus.shared.Ids;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionInProgressException;

/**
 * Writes whose outcome must be known, never guessed. A failure that may have happened after DynamoDB
 * applied the write (a timeout, a lost response, a 5xx) is <em>ambiguous</em>: the write is sent again,
 * a transaction with the same ClientRequestToken (DynamoDB applies it at most once within ten
 * minutes and answers as for the first), an update that is idempotent as it stands. A refusal DynamoDB
 * gave (a cancelled transaction, a failed condition, throttling, a validation error) is definite:
 * nothing was written. Each table reads a refusal after a resend knowing that its own earlier attempt
 * may be why (an insert's "already exists" then means it committed).
 */
public final class Writes {
    private static final Logger LOG = LoggerFactory.getLogger(Writes.class);
    /** Attempts in all, and the pause before each resend: well inside API Gateway's 29 seconds. */
    static final int ATTEMPTS = 3;

    private static final long[] PAUSE_MILLIS = {0, 50, 250};
    private static final String CONDITION_FAILED = "ConditionalCheckFailed";

    private Writes() {}

    /** A transaction's end: committed, or cancelled with DynamoDB's reasons; {@code resent} when an attempt's fate was unknown. */
    public record Outcome(TransactionCanceledException cancellation, boolean resent) {
        public boolean committed() {
            return cancellation == null;
        }

        /** True when action {@code index} (in the order the actions were sent) failed its condition. */
        public boolean failedCondition(int index) {
            List<CancellationReason> reasons = reasons();
            return reasons.size() > index
                    && CONDITION_FAILED.equals(reasons.get(index).code());
        }

        /** True when any action failed its condition (as opposed to a conflict, throttling or a validation error). */
        public boolean anyFailedCondition() {
            return reasons().stream().anyMatch(r -> CONDITION_FAILED.equals(r.code()));
        }

        private List<CancellationReason> reasons() {
            return cancellation == null || cancellation.cancellationReasons() == null
                    ? List.of()
                    : cancellation.cancellationReasons();
        }
    }

    /** The write's fate stayed unknown after every attempt: the caller must not undo anything it depends on. */
    public static final class OutcomeUnknown extends RuntimeException {
        OutcomeUnknown(RuntimeException last) {
            super("write outcome unknown after " + ATTEMPTS + " attempts: " + last, last, false, false);
        }
    }

    /** A conditional write's end: its result, or DynamoDB's refusal; {@code resent} when an attempt's fate was unknown. */
    public record Update<T>(T value, ConditionalCheckFailedException refusal, boolean resent) {
        public boolean refused() {
            return refusal != null;
        }
    }

    /** The transaction action that puts a new item: refused (ConditionalCheckFailed) when its key is taken. */
    public static TransactWriteItem putNew(String table, Map<String, AttributeValue> item) {
        return TransactWriteItem.builder()
                .put(Put.builder()
                        .tableName(table)
                        .item(item)
                        .conditionExpression("attribute_not_exists(pk)")
                        .build())
                .build();
    }

    public static Outcome transact(DynamoDbClient dynamo, String table, List<TransactWriteItem> actions) {
        String token = Ids.newId(); // one token for every attempt: DynamoDB's idempotency key
        return attempt(
                resent -> {
                    try {
                        dynamo.transactWriteItems(t -> t.transactItems(actions).clientRequestToken(token));
                        return new Outcome(null, resent);
                    } catch (TransactionCanceledException e) {
                        return new Outcome(e, resent);
                    }
                },
                table);
    }

    /** Runs a conditional write that re-applies harmlessly (SET to given values) until its fate is known. */
    public static <T> Update<T> update(Supplier<T> write, String table) {
        return attempt(
                resent -> {
                    try {
                        return new Update<>(write.get(), null, resent);
                    } catch (ConditionalCheckFailedException e) {
                        return new Update<>(null, e, resent);
                    }
                },
                table);
    }

    /** True when the attempt reached a verdict DynamoDB gave: nothing after it is in doubt. */
    static boolean definite(SdkException e) {
        return e instanceof AwsServiceException service
                && service.statusCode() < 500
                && !(e instanceof TransactionInProgressException);
    }

    private static <T> T attempt(Function<Boolean, T> write, String table) {
        RuntimeException last = null;
        for (int i = 0; i < ATTEMPTS; i++) {
            pause(PAUSE_MILLIS[i]);
            try {
                return write.apply(i > 0);
            } catch (SdkException e) {
                if (definite(e)) throw e;
                LOG.warn("write to {} ambiguous (attempt {} of {}): {}", table, i + 1, ATTEMPTS, e.toString());
                last = e;
            }
        }
        throw new OutcomeUnknown(last);
    }

    private static void pause(long millis) {
        if (millis == 0) return;
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
