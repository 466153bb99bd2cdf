package nimbus.shared.purge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Packing purges into CloudFront invalidations: coalesced, within CloudFront's limits, each purge whole in one. */
class InvalidationBatchTest {
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger refs = new AtomicInteger();

    private Purge paths(String zone, String... paths) {
        return new Purge(
                "p" + ids.incrementAndGet(),
                "acct",
                zone,
                false,
                List.of(paths),
                PurgeStatus.QUEUED,
                null,
                null,
                Instant.ofEpochSecond(ids.get()));
    }

    private Purge whole(String zone) {
        return new Purge(
                "p" + ids.incrementAndGet(),
                "acct",
                zone,
                true,
                List.of(),
                PurgeStatus.QUEUED,
                null,
                null,
                Instant.ofEpochSecond(ids.get()));
    }

    private List<InvalidationBatch> plan(Purge... purges) {
        return InvalidationBatch.plan(List.of(purges), () -> "ref" + refs.incrementAndGet());
    }

    @Test
    void duplicatePathsAreSentOnceAndAWholeZonePurgeAbsorbsThatZonesPaths() {
        Purge a = paths("1", "/a.css", "/b.css");
        Purge b = paths("1", "/b.css", "/c.css");
        Purge c = paths("2", "/x.css");
        Purge d = whole("2");
        List<InvalidationBatch> batches = plan(a, b, c, d);
        assertEquals(1, batches.size());
        assertEquals(
                List.of("/2/*", "/1/a.css", "/1/b.css", "/1/c.css"),
                batches.get(0).paths());
        assertEquals(List.of(d.id(), a.id(), b.id(), c.id()), batches.get(0).purgeIds());
    }

    @Test
    void noBatchHoldsMoreThan3000PathsAndNoPurgeIsSplit() {
        Purge[] purges = IntStream.range(0, 4)
                .mapToObj(n -> paths(
                        "z",
                        IntStream.range(0, 1000)
                                .mapToObj(i -> "/" + n + "/" + i)
                                .toArray(String[]::new)))
                .toArray(Purge[]::new);
        List<InvalidationBatch> batches = plan(purges);
        assertEquals(
                List.of(3000, 1000), batches.stream().map(b -> b.paths().size()).toList());
        assertEquals(
                List.of(3, 1), batches.stream().map(b -> b.purgeIds().size()).toList());
        assertEquals(
                List.of("ref1", "ref2"),
                batches.stream().map(InvalidationBatch::reference).toList());
    }

    @Test
    void noBatchHoldsMoreThan15Wildcards() {
        Purge[] zones = IntStream.range(0, 20).mapToObj(i -> whole("z" + i)).toArray(Purge[]::new);
        assertEquals(
                List.of(15, 5), plan(zones).stream().map(b -> b.paths().size()).toList());
    }

    @Test
    void aBatchStaysWellInsideAnItemsSize() {
        String longPath = "/" + "x".repeat(1999);
        Purge[] purges =
                IntStream.range(0, 200).mapToObj(i -> paths("z", longPath + i)).toArray(Purge[]::new);
        List<InvalidationBatch> batches = plan(purges);
        batches.forEach(b -> assertEquals(true, InvalidationBatch.bytes(b.paths()) <= InvalidationBatch.MAX_BYTES));
        assertEquals(200, batches.stream().mapToInt(b -> b.paths().size()).sum());
    }
}
