package nimbus.shared.purge;

import jakarta.inject.Singleton;
import nimbus.shared.Settings;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The purge queue (SQS, with a dead-letter queue): the API puts each recorded purge's id on it and answers; the purge
 * worker drains it. A message is only the purge's id, so it is small and a purge's paths are read from its record.
 */
@Singleton
public class PurgeQueue {
    private final SqsClient sqs;
    private final String queueUrl;

    public PurgeQueue(SqsClient sqs) {
        this.sqs = sqs;
        this.queueUrl = Settings.required("NIMBUS_PURGE_QUEUE_URL");
    }

    public void send(String purgeId) {
        sqs.sendMessage(m -> m.queueUrl(queueUrl).messageBody(body(purgeId)));
    }

    /** Makes a message the worker could not finish visible again after {@code seconds}: its retry backoff. */
    public void retryLater(String receiptHandle, int seconds) {
        sqs.changeMessageVisibility(
                c -> c.queueUrl(queueUrl).receiptHandle(receiptHandle).visibilityTimeout(seconds));
    }

    static String body(String purgeId) {
        return "{\"purge\":\"" + purgeId + "\"}";
    }

    /** The purge id in a message body, or null when the body is not one of ours. */
    public static String purgeId(String body) {
        if (body == null) return null;
        var m = java.util.regex.Pattern.compile("\\{\"purge\":\"([0-9a-f-]{36})\"}")
                .matcher(body.trim());
        return m.matches() ? m.group(1) : null;
    }
}
