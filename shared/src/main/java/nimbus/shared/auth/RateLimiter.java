package nimbus.shared.auth;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;
import nimbus.shared.Settings;
import nimbus.shared.error.RateLimited;
import nimbus.shared.store.Items;
import nimbus.shared.store.Keys;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A fixed-window request counter per subject: one UpdateItem ADD on {@code RL#<subject>#<window start>},
 * which DynamoDB's TTL removes after the window. Each dialect with a published limit names its own
 * headers for the {@link Decision}.
 */
@Singleton
public class RateLimiter {
    /** The state after counting one request. */
    public record Decision(
            long limit,
            long remaining,
            long resetEpochSeconds,
            boolean allowed,
            long nowEpochSeconds,
            long windowSeconds) {
        /** A decision of a 60-second window. */
        public Decision(long limit, long remaining, long resetEpochSeconds, boolean allowed, long nowEpochSeconds) {
            this(limit, remaining, resetEpochSeconds, allowed, nowEpochSeconds, 60);
        }

        /** Whole seconds until the window resets, at least 1. */
        public long retryAfterSeconds() {
            return Math.max(1, resetEpochSeconds - nowEpochSeconds);
        }
    }

    private final DynamoDbClient dynamo;
    private final String table;

    private final Clock clock;

    public RateLimiter(DynamoDbClient dynamo, Clock clock) {
        this.dynamo = dynamo;
        this.clock = clock;
        this.table = Settings.tableName();
    }

    /** Counts one request of {@code subject}; the caller decides what a refusal looks like. */
    public Decision hit(String subject, long limit, long windowSeconds) {
        long now = clock.instant().getEpochSecond();
        long windowStart = now - now % windowSeconds;
        long reset = windowStart + windowSeconds;
        long hits = Items.num(
                dynamo.updateItem(u -> u.tableName(table)
                                .key(Items.key(Keys.rateWindow(subject, windowStart), Keys.RATE_SK))
                                .updateExpression("ADD hits :one SET expiresAt = if_not_exists(expiresAt, :ttl)")
                                .expressionAttributeValues(
                                        Map.of(":one", Items.n(1), ":ttl", Items.n(reset + windowSeconds)))
                                .returnValues("UPDATED_NEW"))
                        .attributes(),
                "hits");
        return new Decision(limit, Math.max(0, limit - hits), reset, hits <= limit, now, windowSeconds);
    }

    /**
     * The count of {@code subject}'s current window without adding to it (one consistent GetItem): allowed while
     * fewer than {@code limit} were counted.
     */
    public Decision peek(String subject, long limit, long windowSeconds) {
        long now = clock.instant().getEpochSecond();
        long windowStart = now - now % windowSeconds;
        var item = dynamo.getItem(g -> g.tableName(table)
                        .key(Items.key(Keys.rateWindow(subject, windowStart), Keys.RATE_SK))
                        .consistentRead(true))
                .item();
        long hits = item == null || item.isEmpty() ? 0 : Items.num(item, "hits");
        return new Decision(limit, Math.max(0, limit - hits), windowStart + windowSeconds, hits < limit, now);
    }

    /** Counts one request and throws {@link RateLimited} when it is over the limit. */
    public Decision enforce(String subject, long limit, long windowSeconds) {
        Decision decision = hit(subject, limit, windowSeconds);
        if (!decision.allowed()) throw new RateLimited(decision);
        return decision;
    }
}
