package nimbus.shared.store;

import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** Reads why DynamoDB cancelled a transaction: one reason per action, in the order the actions were sent. */
public final class Cancellation {
    private Cancellation() {}

    /** True when action {@code index} failed its condition. */
    public static boolean failedCondition(TransactionCanceledException e, int index) {
        List<CancellationReason> reasons = e.cancellationReasons();
        return reasons != null
                && reasons.size() > index
                && "ConditionalCheckFailed".equals(reasons.get(index).code());
    }

    /** True when any action failed its condition (as opposed to a conflict, throttling or a validation error). */
    public static boolean anyFailedCondition(TransactionCanceledException e) {
        List<CancellationReason> reasons = e.cancellationReasons();
        return reasons != null && reasons.stream().anyMatch(r -> "ConditionalCheckFailed".equals(r.code()));
    }
}
