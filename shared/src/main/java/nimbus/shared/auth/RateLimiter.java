package nimbus.shared.auth;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import nimbus.shared.Settings;
import nimbus.shared.error.ApiException;
import nimbus.shared.store.Items;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A fixed-window request counter per key: one UpdateItem ADD on {@code RL#<key>#<window start>},
 * which DynamoDB's TTL removes after the window. Shared by every dialect with a published limit.
 */
@Singleton
public class RateLimiter {
    /** The state after counting one request; {@link #headers()} uses the common X-RateLimit-* names. */
    public record Decision(long limit, long remaining, long resetEpochSeconds, boolean allowed) {
        public Map<String, String> headers() {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("X-RateLimit-Limit", Long.toString(limit));
            headers.put("X-RateLimit-Remaining", Long.toString(remaining));
            headers.put("X-RateLimit-Reset", Long.toString(resetEpochSeconds));
            return headers;
        }
    }

    private final DynamoDbClient dynamo;
    private final String table;

    public RateLimiter(DynamoDbClient dynamo) {
        this.dynamo = dynamo;
        this.table = Settings.tableName();
    }

    /** Counts one request of {@code subject}; the caller decides what a refusal looks like. */
    public Decision hit(String subject, long limit, long windowSeconds) {
        long now = Instant.now().getEpochSecond();
        long windowStart = now - now % windowSeconds;
        long reset = windowStart + windowSeconds;
        Map<String, AttributeValue> updated = dynamo.updateItem(u -> u.tableName(table)
                .key(Items.key("RL#" + subject + "#" + windowStart, "RL"))
                .updateExpression("ADD hits :one SET expiresAt = if_not_exists(expiresAt, :ttl)")
                .expressionAttributeValues(Map.of(":one", Items.n(1), ":ttl", Items.n(reset + windowSeconds)))
                .returnValues("UPDATED_NEW")).attributes();
        long hits = Items.num(updated, "hits");
        return new Decision(limit, Math.max(0, limit - hits), reset, hits <= limit);
    }

    /** Counts one request and throws a 429 carrying the limit headers when it is over. */
    public Decision enforce(String subject, long limit, long windowSeconds) {
        Decision decision = hit(subject, limit, windowSeconds);
        if (!decision.allowed()) {
            Map<String, String> headers = new LinkedHashMap<>(decision.headers());
            headers.put("Retry-After", Long.toString(Math.max(1, decision.resetEpochSeconds() - Instant.now().getEpochSecond())));
            throw new ApiException(429, "rate_limited", "Too many requests: at most " + limit + " per minute")
                    .withHeaders(headers);
        }
        return decision;
    }
}
