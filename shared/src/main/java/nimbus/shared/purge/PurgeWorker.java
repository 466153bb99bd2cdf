package nimbus.shared.purge;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nimbus.shared.Ids;
import nimbus.shared.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns queued purges into CDN invalidations. Each delivery names one purge. Purges not yet handed to an
 * invalidation are packed into as few as CloudFront's limits allow ({@link InvalidationBatch#plan}); each batch is
 * stored (its CallerReference and paths) and its purges marked "in progress" in one transaction <em>before</em> the
 * call, so a call repeated after any failure (a lost response, a worker that died mid-batch) is the same invalidation.
 * A purge that already has a batch is carried out by sending that same batch again. Deliveries that could not finish
 * (throttling, too many invalidations in progress) come back after an exponential backoff; on the last delivery
 * before the dead-letter queue their purges are marked failed.
 */
@Singleton
public class PurgeWorker {
    private static final Logger LOG = LoggerFactory.getLogger(PurgeWorker.class);
    /** The queue's maxReceiveCount: after this many deliveries a message goes to the dead-letter queue. */
    public static final int MAX_RECEIVES = 10;
    /** The longest backoff between deliveries. */
    static final int MAX_BACKOFF_SECONDS = 900;

    /** One SQS message: its id (for batch item failures), receipt handle, body and delivery count. */
    public record Delivery(String messageId, String receiptHandle, String body, int receiveCount) {}

    private final PurgeTable purges;
    private final PurgeQueue queue;
    private final CdnInvalidations cdn;
    private final Clock clock;

    public PurgeWorker(PurgeTable purges, PurgeQueue queue, CdnInvalidations cdn, Clock clock) {
        this.purges = purges;
        this.queue = queue;
        this.cdn = cdn;
        this.clock = clock;
    }

    /** Carries out the deliveries' purges; the message ids of those to deliver again. */
    public List<String> process(List<Delivery> deliveries) {
        Map<String, List<Delivery>> byPurge = new LinkedHashMap<>();
        for (Delivery d : deliveries) {
            String purgeId = PurgeQueue.purgeId(d.body());
            if (purgeId == null) {
                LOG.warn("dropping message {}: not a purge", d.messageId());
                continue;
            }
            byPurge.computeIfAbsent(purgeId, k -> new ArrayList<>()).add(d);
        }
        Set<String> unfinished = new LinkedHashSet<>();
        List<Purge> fresh = new ArrayList<>();
        Set<String> references = new LinkedHashSet<>();
        for (Purge purge : purges.findAll(new ArrayList<>(byPurge.keySet()))) {
            if (purge.status() == PurgeStatus.DONE) continue;
            if (purge.batch() != null) references.add(purge.batch());
            else fresh.add(purge);
        }
        List<InvalidationBatch> batches = new ArrayList<>();
        for (String reference : references) {
            purges.findBatch(reference).ifPresent(batches::add);
        }
        for (InvalidationBatch batch : InvalidationBatch.plan(fresh, Ids::newId)) {
            if (purges.assign(batch, clock.instant())) batches.add(batch);
            else unfinished.addAll(batch.purgeIds()); // another delivery took them: read again next time
        }
        for (InvalidationBatch batch : batches) {
            try {
                String invalidationId = cdn.create(batch);
                purges.complete(batch, invalidationId);
                LOG.info(
                        "invalidation {} ({} paths) for purges {}",
                        invalidationId,
                        batch.paths().size(),
                        batch.purgeIds());
            } catch (SdkException e) {
                LOG.warn("invalidation {} not made yet: {}", batch.reference(), e.toString());
                unfinished.addAll(batch.purgeIds());
            }
        }
        return retry(byPurge, unfinished);
    }

    private List<String> retry(Map<String, List<Delivery>> byPurge, Set<String> unfinished) {
        List<String> failedMessages = new ArrayList<>();
        List<String> givenUp = new ArrayList<>();
        for (String purgeId : unfinished) {
            for (Delivery d : byPurge.getOrDefault(purgeId, List.of())) {
                failedMessages.add(d.messageId());
                if (d.receiveCount() >= maxReceives()) {
                    givenUp.add(purgeId);
                } else {
                    try {
                        queue.retryLater(d.receiptHandle(), backoffSeconds(d.receiveCount()));
                    } catch (SdkException e) {
                        // the message comes back after the queue's visibility timeout instead
                        LOG.warn("backoff not set for {}: {}", d.messageId(), e.toString());
                    }
                }
            }
        }
        if (!givenUp.isEmpty()) purges.fail(givenUp);
        return failedMessages;
    }

    /** 2, 4, 8 ... seconds after the 1st, 2nd, 3rd delivery, at most {@link #MAX_BACKOFF_SECONDS}. */
    static int backoffSeconds(int receiveCount) {
        return (int) Math.min(MAX_BACKOFF_SECONDS, 1L << Math.min(20, Math.max(1, receiveCount)));
    }

    private static int maxReceives() {
        return (int) Settings.longValue("NIMBUS_PURGE_MAX_RECEIVES", MAX_RECEIVES);
    }
}
