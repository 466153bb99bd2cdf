package nimbus.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.ApplicationContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import nimbus.local.kit.Faults;
import nimbus.local.kit.LocalAws;
import nimbus.local.kit.TestStack;
import nimbus.shared.account.AccountService;
import nimbus.shared.account.QuotaTier;
import nimbus.shared.purge.Purge;
import nimbus.shared.purge.PurgeService;
import nimbus.shared.purge.PurgeStatus;
import nimbus.shared.purge.PurgeTable;
import nimbus.shared.zone.Zone;
import nimbus.shared.zone.ZoneKind;
import nimbus.shared.zone.ZoneService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.Invalidation;

/**
 * The purge worker against the local stand-ins: purges recorded through the domain, SQS events as Lambda's event
 * source builds them, invalidations read back from the stand-in's CloudFront. Faults come from an SDK interceptor.
 */
class PurgeWorkerHandlerTest {
    private final List<ApplicationContext> contexts = new ArrayList<>();
    private final String owner = TestStack.context()
            .getBean(AccountService.class)
            .create("worker-" + System.nanoTime() + "@example.test", "Worker Test", QuotaTier.UNVERIFIED)
            .id();

    @AfterEach
    void close() {
        contexts.forEach(ApplicationContext::close);
    }

    private PurgeWorkerHandler worker(Object... singletons) {
        ApplicationContext context = TestStack.contextWith(singletons);
        contexts.add(context);
        return new PurgeWorkerHandler(context);
    }

    private static PurgeService purges() {
        return TestStack.context().getBean(PurgeService.class);
    }

    private Zone zone(String name) {
        return TestStack.context()
                .getBean(ZoneService.class)
                .create(owner, name, ZoneKind.PULL, "https://example.com", Map.of());
    }

    private static Purge reload(Purge purge) {
        return TestStack.context().getBean(PurgeTable.class).find(purge.id()).orElseThrow();
    }

    /** One SQS message per purge, delivered for the {@code receiveCount}-th time. */
    private static SQSEvent deliveries(List<Purge> purges, int receiveCount) {
        SQSEvent event = new SQSEvent();
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Purge purge : purges) {
            SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
            m.setMessageId("msg-" + purge.id());
            m.setReceiptHandle("receipt-" + purge.id());
            m.setBody("{\"purge\":\"" + purge.id() + "\"}");
            m.setAttributes(Map.of("ApproximateReceiveCount", Integer.toString(receiveCount)));
            records.add(m);
        }
        event.setRecords(records);
        return event;
    }

    private static List<String> failed(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .toList();
    }

    /** The stand-in's invalidations that touch any of these paths. */
    private static List<Invalidation> invalidationsOf(Set<String> paths) {
        CloudFrontClient cloudFront = TestStack.context().getBean(CloudFrontClient.class);
        String distribution = LocalAws.distributionId();
        return cloudFront.listInvalidations(l -> l.distributionId(distribution)).invalidationList().items().stream()
                .map(s -> cloudFront
                        .getInvalidation(g -> g.distributionId(distribution).id(s.id()))
                        .invalidation())
                .filter(i -> i.invalidationBatch().paths().items().stream().anyMatch(paths::contains))
                .toList();
    }

    private static Set<String> pathsOf(List<Purge> purges) {
        Set<String> all = new HashSet<>();
        purges.forEach(p -> all.addAll(p.cdnPaths()));
        return all;
    }

    @Test
    void purgesOfOneDeliveryBecomeOneInvalidationWithDuplicatesCoalesced() {
        Zone a = zone("batcha");
        Zone b = zone("batchb");
        List<Purge> queued = List.of(
                purges().paths(a, List.of("/css/a.css", "/js/b.js")),
                purges().paths(a, List.of("/js/b.js", "/img/c.png")),
                purges().paths(b, List.of("/x.css")),
                purges().wholeZone(b));
        SQSBatchResponse response = worker().handleRequest(deliveries(queued, 1), null);
        assertEquals(List.of(), failed(response));
        List<Invalidation> made = invalidationsOf(pathsOf(queued));
        assertEquals(1, made.size());
        assertEquals(
                Set.of(
                        "/" + b.id() + "/*",
                        "/" + a.id() + "/css/a.css",
                        "/" + a.id() + "/js/b.js",
                        "/" + a.id() + "/img/c.png"),
                new HashSet<>(made.get(0).invalidationBatch().paths().items()));
        for (Purge purge : queued) {
            Purge now = reload(purge);
            assertEquals(PurgeStatus.DONE, now.status());
            assertEquals(made.get(0).id(), now.invalidationId());
        }
    }

    @Test
    void cloudFrontsLimitsSplitBatches3000PathsAnd15Wildcards() {
        Zone zone = zone("many");
        List<Purge> queued = new ArrayList<>();
        for (int n = 0; n < 4; n++) {
            int from = n * 1000;
            queued.add(purges().paths(
                            zone,
                            IntStream.range(from, from + 1000)
                                    .mapToObj(i -> "/f" + i)
                                    .toList()));
        }
        assertEquals(List.of(), failed(worker().handleRequest(deliveries(queued, 1), null)));
        List<Invalidation> made = invalidationsOf(pathsOf(queued));
        assertEquals(
                List.of(1000, 3000),
                made.stream()
                        .map(i -> i.invalidationBatch().paths().quantity())
                        .sorted()
                        .toList());

        List<Purge> zones = IntStream.range(0, 16)
                .mapToObj(i -> purges().wholeZone(zone("wild" + i)))
                .toList();
        assertEquals(List.of(), failed(worker().handleRequest(deliveries(zones, 1), null)));
        assertEquals(
                List.of(1, 15),
                invalidationsOf(pathsOf(zones)).stream()
                        .map(i -> i.invalidationBatch().paths().quantity())
                        .sorted()
                        .toList());
    }

    @Test
    void throttlingIsRetriedOnALaterDeliveryUnderTheSameCallerReference() {
        Zone zone = zone("throttled");
        List<Purge> queued = List.of(purges().paths(zone, List.of("/t.css")), purges().wholeZone(zone));
        Faults faults =
                new Faults().inject("CreateInvalidation", Faults.Kind.REFUSED, 1, 2, "TooManyInvalidationsInProgress");
        PurgeWorkerHandler worker = worker(faults);
        assertEquals(
                2, failed(worker.handleRequest(deliveries(queued, 1), null)).size());
        assertEquals(PurgeStatus.IN_PROGRESS, reload(queued.get(0)).status());
        assertEquals(
                2, failed(worker.handleRequest(deliveries(queued, 2), null)).size());
        assertEquals(List.of(), failed(worker.handleRequest(deliveries(queued, 3), null)));
        List<Invalidation> made = invalidationsOf(pathsOf(queued));
        assertEquals(1, made.size());
        assertEquals(
                reload(queued.get(0)).batch(), made.get(0).invalidationBatch().callerReference());
        queued.forEach(p -> assertEquals(PurgeStatus.DONE, reload(p).status()));
    }

    @Test
    void aWorkerThatDiesAfterTheCallSendsTheSameInvalidationAgainNeverADifferentOne() {
        Zone zone = zone("dies");
        List<Purge> queued = List.of(purges().paths(zone, List.of("/d1.css", "/d2.css")));
        // the invalidation is made, then every attempt to record it fails: the invocation ends in an error
        Faults faults = new Faults().inject("UpdateItem", Faults.Kind.NOT_SENT, 1, 3);
        assertThrows(RuntimeException.class, () -> worker(faults).handleRequest(deliveries(queued, 1), null));
        assertEquals(PurgeStatus.IN_PROGRESS, reload(queued.get(0)).status());
        // SQS delivers the message again, to a new container
        assertEquals(List.of(), failed(worker().handleRequest(deliveries(queued, 2), null)));
        List<Invalidation> made = invalidationsOf(pathsOf(queued));
        assertEquals(2, made.size(), "the stand-in keeps both calls; CloudFront makes one of the same reference");
        assertEquals(
                1,
                made.stream()
                        .map(i -> i.invalidationBatch().callerReference())
                        .distinct()
                        .count());
        assertEquals(PurgeStatus.DONE, reload(queued.get(0)).status());
    }

    @Test
    void aLostResponseIsTheSameInvalidationToo() {
        Zone zone = zone("lost");
        List<Purge> queued = List.of(purges().paths(zone, List.of("/lost.css")));
        Faults faults = new Faults().inject("CreateInvalidation", Faults.Kind.RESPONSE_LOST, 1, 5);
        PurgeWorkerHandler worker = worker(faults);
        assertEquals(
                1, failed(worker.handleRequest(deliveries(queued, 1), null)).size());
        assertEquals(List.of(), failed(worker().handleRequest(deliveries(queued, 2), null)));
        List<Invalidation> made = invalidationsOf(pathsOf(queued));
        assertTrue(made.size() >= 2, "the lost call reached the stand-in");
        assertEquals(
                1,
                made.stream()
                        .map(i -> i.invalidationBatch().callerReference())
                        .distinct()
                        .count());
        assertEquals(PurgeStatus.DONE, reload(queued.get(0)).status());
    }

    @Test
    void aPurgeDeliveredTwiceOrAlreadyDoneMakesNoSecondInvalidation() {
        Zone zone = zone("twice");
        Purge purge = purges().paths(zone, List.of("/twice.css"));
        SQSEvent doubled = deliveries(List.of(purge, purge), 1);
        doubled.getRecords().get(1).setMessageId("msg-other");
        assertEquals(List.of(), failed(worker().handleRequest(doubled, null)));
        assertEquals(List.of(), failed(worker().handleRequest(deliveries(List.of(purge), 2), null)));
        assertEquals(1, invalidationsOf(Set.copyOf(purge.cdnPaths())).size());
    }

    @Test
    void onTheLastDeliveryBeforeTheDeadLetterQueueThePurgeIsMarkedFailed() {
        Zone zone = zone("givenup");
        Purge purge = purges().wholeZone(zone);
        Faults faults = new Faults().inject("CreateInvalidation", Faults.Kind.REFUSED, 1, 100, "Throttling");
        PurgeWorkerHandler worker = worker(faults);
        assertEquals(
                1,
                failed(worker.handleRequest(deliveries(List.of(purge), 9), null))
                        .size());
        assertEquals(PurgeStatus.IN_PROGRESS, reload(purge).status());
        assertEquals(
                1,
                failed(worker.handleRequest(deliveries(List.of(purge), 10), null))
                        .size());
        assertEquals(PurgeStatus.FAILED, reload(purge).status());
    }

    @Test
    void aMessageThatIsNotAPurgeIsDroppedNotRetried() {
        SQSEvent event = new SQSEvent();
        SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
        m.setMessageId("junk");
        m.setReceiptHandle("r");
        m.setBody("not json");
        event.setRecords(List.of(m));
        assertEquals(List.of(), failed(worker().handleRequest(event, null)));
    }
}
