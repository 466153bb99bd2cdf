package nimbus.shared.usage;

import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import nimbus.shared.Settings;
import nimbus.shared.store.Items;
import nimbus.shared.store.Keys;
import nimbus.shared.store.Writes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Delivery counters ({@code USAGE#ZONE#<id>} and {@code USAGE#ACCT#<id>}, one item per hour {@code H#…} and per day
 * {@code D#…}) and the markers that make counting a log object idempotent ({@code LOGCOUNTED#<bucket>/<key>}, one per
 * part). Each part of a log object is one transaction: its marker, put only if absent, and up to 99 counter
 * additions. A part delivered again fails the marker's condition and adds nothing; a transaction resent after a lost
 * answer carries the same client token, so DynamoDB applies it once.
 */
@Singleton
public class UsageTable {
    /** The marker and 99 additions: DynamoDB's 100 actions per transaction. */
    static final int ADDITIONS_PER_PART = 99;
    /** Markers outlive any redelivery of a log object (logs themselves expire sooner). */
    static final Duration MARKER_KEPT = Duration.ofDays(400);

    /** One counter item: the owner's usage key ({@link Keys#zoneUsage} or {@link Keys#accountUsage}) and interval. */
    public record Counter(String pk, String sk) implements Comparable<Counter> {
        @Override
        public int compareTo(Counter o) {
            int byPk = pk.compareTo(o.pk);
            return byPk != 0 ? byPk : sk.compareTo(o.sk);
        }
    }

    private final DynamoDbClient dynamo;
    private final String table;

    public UsageTable(DynamoDbClient dynamo) {
        this.dynamo = dynamo;
        this.table = Settings.tableName();
    }

    public static String letter(Interval interval) {
        return interval == Interval.HOUR ? "H" : "D";
    }

    /**
     * Adds the counts, in parts of {@link #ADDITIONS_PER_PART} in the map's order, each part at most once for this
     * {@code logObject}. Returns how many parts were added now (0 when the object was counted before, or holds nothing to count).
     */
    public int addOnce(String logObject, SortedMap<Counter, Counts> counts, Instant now) {
        List<Map.Entry<Counter, Counts>> all = new ArrayList<>(counts.entrySet());
        int added = 0;
        for (int part = 0; part * ADDITIONS_PER_PART < all.size(); part++) {
            List<TransactWriteItem> actions = new ArrayList<>();
            actions.add(Writes.putNew(table, marker(logObject, part, now)));
            int from = part * ADDITIONS_PER_PART;
            for (Map.Entry<Counter, Counts> e : all.subList(from, Math.min(all.size(), from + ADDITIONS_PER_PART))) {
                actions.add(addition(e.getKey(), e.getValue()));
            }
            Writes.Outcome outcome = Writes.transact(dynamo, table, actions);
            if (outcome.committed()) {
                added++;
            } else if (!outcome.failedCondition(0)) {
                throw outcome.cancellation();
            }
            // else: this part was counted by an earlier delivery (or by our own attempt whose answer was lost)
        }
        return added;
    }

    /** The counters of {@code pk} for the intervals starting from {@code first} to {@code last}, by interval start. */
    public Map<Long, Counts> read(String pk, Interval interval, long first, long last) {
        String letter = letter(interval);
        Map<Long, Counts> out = new HashMap<>();
        dynamo.queryPaginator(q -> q.tableName(table)
                        .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
                        .expressionAttributeValues(Map.of(
                                ":pk", Items.s(pk),
                                ":from", Items.s(Keys.usageInterval(letter, first)),
                                ":to", Items.s(Keys.usageInterval(letter, last)))))
                .items()
                .forEach(item ->
                        out.put(Long.parseLong(Items.str(item, "sk").substring(letter.length() + 1)), counts(item)));
        return out;
    }

    private Map<String, AttributeValue> marker(String logObject, int part, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>(Items.key(Keys.countedLog(logObject), "PART#" + part));
        item.put("countedAt", Items.s(now.toString()));
        item.put("expiresAt", Items.n(now.plus(MARKER_KEPT).getEpochSecond()));
        return item;
    }

    private TransactWriteItem addition(Counter counter, Counts c) {
        return TransactWriteItem.builder()
                .update(Update.builder()
                        .tableName(table)
                        .key(Items.key(counter.pk(), counter.sk()))
                        .updateExpression("ADD requests :r, bytes :b, hits :h, misses :m, s2xx :s2, s3xx :s3,"
                                + " s4xx :s4, s5xx :s5")
                        .expressionAttributeValues(Map.of(
                                ":r", Items.n(c.requests()),
                                ":b", Items.n(c.bytes()),
                                ":h", Items.n(c.hits()),
                                ":m", Items.n(c.misses()),
                                ":s2", Items.n(c.s2xx()),
                                ":s3", Items.n(c.s3xx()),
                                ":s4", Items.n(c.s4xx()),
                                ":s5", Items.n(c.s5xx())))
                        .build())
                .build();
    }

    private static Counts counts(Map<String, AttributeValue> item) {
        return new Counts(
                Items.num(item, "requests"),
                Items.num(item, "bytes"),
                Items.num(item, "hits"),
                Items.num(item, "misses"),
                Items.num(item, "s2xx"),
                Items.num(item, "s3xx"),
                Items.num(item, "s4xx"),
                Items.num(item, "s5xx"));
    }
}
