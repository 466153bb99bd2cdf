package nimbus.aether;

import static nimbus.aether.Calls.call;
import static nimbus.aether.Calls.event;
import static nimbus.aether.Calls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import nimbus.aether.Calls.Reply;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.files.FileRecord;
import nimbus.shared.files.FolderRecord;
import org.junit.jupiter.api.Test;

/** Moves racing each other: one file, many folders, and the folder counts stay exact. */
class ConcurrencyTest {
    private static final int THREADS = 6;
    private final TestAccount owner = Stored.account();

    @Test
    void concurrentMovesOfOneFileNeverLoseAnUpdateOrACount() throws Exception {
        List<FolderRecord> folders = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) folders.add(Stored.folder(owner, "F" + i));
        FileRecord file = Stored.file(owner, "moving.txt", new byte[3]);

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Reply>> futures = new ArrayList<>();
        try {
            for (FolderRecord target : folders) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call(
                            new UpdateFileHandler(TestStack.context()),
                            json(
                                    event("update-file", owner.key(), file.id()),
                                    "{\"folderId\":\"" + target.id() + "\"}"));
                }));
            }
            start.countDown();
            List<String> movedTo = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                Reply reply = futures.get(i).get();
                if (reply.status() == 200) {
                    movedTo.add(folders.get(i).id());
                } else {
                    assertEquals(409, reply.status(), new String(reply.body()));
                    assertEquals("conflict", reply.errorCode());
                }
            }
            assertTrue(!movedTo.isEmpty());
            String where = Stored.reload(file).folderId();
            assertTrue(movedTo.contains(where), "the file sits where a caller was told it moved it");
            for (FolderRecord folder : folders) {
                assertEquals(
                        folder.id().equals(where) ? 1 : 0, Stored.reload(folder).fileCount(), folder.name());
            }
        } finally {
            pool.shutdown();
        }
    }
}
