package nimbus.hackclub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import nimbus.hackclub.Calls.Reply;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.account.Account;
import nimbus.shared.files.FileRecord;
import nimbus.shared.files.FileTable;
import nimbus.shared.zone.Zone;
import org.junit.jupiter.api.Test;

/** Requests racing each other, as concurrent Lambda containers run them: the guarantees hold exactly. */
class ConcurrencyTest {
    private static final int THREADS = 8;
    private final TestAccount owner = HackClubAccounts.create();
    private final Requests requests = new Requests(TestStack.context(), owner);

    @Test
    void concurrentUploadsThatTogetherCrossTheQuotaStopExactlyAtIt() throws Exception {
        long limit = 50L << 20;
        int size = 1000;
        TestStack.setAccountCounter(owner.id(), "storageUsed", limit - 3 * size); // room for exactly three
        List<Reply> replies = race(i -> requests.upload("race-" + i + ".bin", size));
        assertEquals(3, count(replies, 201), statuses(replies));
        assertEquals(THREADS - 3, count(replies, 402), statuses(replies));
        replies.stream().filter(r -> r.status() == 402).forEach(r -> assertEquals("Storage quota exceeded", r.error()));
        Account account = TestStack.reload(owner.id());
        assertEquals(limit, account.storageUsed(), "the quota holds to the byte");
        assertEquals(3, account.fileCount());
        assertEquals(3, listed().size());
        listed().forEach(f -> assertEquals(size, TestStack.blobs().get(f.blobKey()).length));
    }

    @Test
    void concurrentRenamesOfOneFileNeverLoseAnUpdate() throws Exception {
        FileRecord file = Uploads.stored(owner, "start.txt", 3);
        List<Reply> replies = race(i -> requests.rename(file, "name-" + i + ".txt"));
        Set<Object> renamedTo = replies.stream()
                .filter(r -> r.status() == 200)
                .map(r -> r.json().get("filename"))
                .collect(Collectors.toSet());
        assertTrue(!renamedTo.isEmpty(), statuses(replies));
        replies.stream().filter(r -> r.status() != 200).forEach(r -> {
            assertEquals(409, r.status(), r.json().toString());
            assertEquals("conflict", r.json().get("code"));
        });
        // What is stored is a rename some caller was told succeeded.
        assertTrue(renamedTo.contains(Uploads.filename(file)), renamedTo + " vs " + Uploads.filename(file));
    }

    @Test
    void aRacingDoubleDeleteSucceedsOnce() throws Exception {
        FileRecord keep = Uploads.stored(owner, "keep.bin", 7);
        FileRecord file = Uploads.stored(owner, "gone.bin", 5);
        List<Reply> replies = race(i -> requests.delete(file));
        assertEquals(1, count(replies, 200), statuses(replies));
        assertEquals(THREADS - 1, count(replies, 404), statuses(replies));
        Account account = TestStack.reload(owner.id());
        assertEquals(7, account.storageUsed());
        assertEquals(1, account.fileCount());
        assertEquals(List.of(keep.id()), listed().stream().map(FileRecord::id).toList());
    }

    @Test
    void overlappingBatchDeletesDeleteEachFileOnce() throws Exception {
        List<FileRecord> files = IntStream.range(0, 12)
                .mapToObj(i -> Uploads.stored(owner, "f" + i, i + 1))
                .toList();
        List<String> ids = files.stream().map(FileRecord::id).toList();
        // Each request names eight of the twelve, starting at a different place: every file is named several times.
        List<Reply> replies = race(i -> requests.batchDelete(
                IntStream.range(0, 8).mapToObj(k -> ids.get((i + k) % 12)).toList()));
        List<Object> deleted = new ArrayList<>();
        for (Reply reply : replies) {
            assertEquals(200, reply.status(), reply.json().toString());
            reply.list("deleted").forEach(d -> deleted.add(d.get("id")));
        }
        assertEquals(12, deleted.size(), "each file reported deleted by exactly one request: " + deleted);
        assertEquals(new HashSet<>(ids), new HashSet<>(deleted));
        Account account = TestStack.reload(owner.id());
        assertEquals(0, account.storageUsed());
        assertEquals(0, account.fileCount());
        Zone zone = TestStack.filesZone(owner.id());
        assertEquals(0, zone.storageUsed());
        assertEquals(0, zone.fileCount());
    }

    /** Runs {@code THREADS} requests at once (released together) and gives their replies in thread order. */
    private static List<Reply> race(java.util.function.IntFunction<Reply> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Callable<Reply>> calls = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                int n = i;
                calls.add(() -> {
                    start.await();
                    return request.apply(n);
                });
            }
            List<Future<Reply>> futures = new ArrayList<>();
            for (Callable<Reply> c : calls) futures.add(pool.submit(c));
            start.countDown();
            List<Reply> replies = new ArrayList<>();
            for (Future<Reply> f : futures) replies.add(f.get());
            return replies;
        } finally {
            pool.shutdown();
        }
    }

    private static long count(List<Reply> replies, int status) {
        return replies.stream().filter(r -> r.status() == status).count();
    }

    private static String statuses(List<Reply> replies) {
        return replies.stream().map(r -> r.status() + " " + r.json()).toList().toString();
    }

    private List<FileRecord> listed() {
        return TestStack.context().getBean(FileTable.class).pageOfZone(Zone.filesZoneId(owner.id()), 0, 1000);
    }
}
