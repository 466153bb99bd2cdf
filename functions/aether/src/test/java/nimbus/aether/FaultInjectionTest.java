package nimbus.aether;

import static nimbus.aether.Calls.call;
import static nimbus.aether.Calls.event;
import static nimbus.aether.Calls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micronaut.context.ApplicationContext;
import nimbus.aether.Calls.Reply;
import nimbus.local.kit.Faults;
import nimbus.local.kit.Faults.Kind;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.Settings;
import nimbus.shared.error.NotFound;
import nimbus.shared.files.FileRecord;
import nimbus.shared.files.FolderRecord;
import nimbus.shared.zone.Zone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * DynamoDB failing on every side of a call on the AetherCDN write paths that Hack Club does not have:
 * file details and moves between folders, folders, and the rate limiter. Counters stay exact, and a
 * write whose response was lost after it landed is answered as done.
 */
class FaultInjectionTest {
    private final Faults faults = new Faults();
    private final ApplicationContext context = TestStack.contextWith(faults);
    private final TestAccount owner = Stored.account();

    @AfterEach
    void close() {
        context.close();
    }

    // --- moves and details ----------------------------------------------------------------------

    @Test
    void aMoveWhoseResponseWasLostIsDoneOnceWithTheFolderCountsMovedOnce() {
        FolderRecord a = Stored.folder(owner, "A");
        FolderRecord b = Stored.folder(owner, "B");
        FileRecord file = Stored.file(owner, "x.txt", new byte[1], a.id());
        faults.inject("TransactWriteItems", Kind.RESPONSE_LOST);
        Reply reply = update(file, "{\"folderId\":\"" + b.id() + "\"}");
        assertEquals(200, reply.status(), new String(reply.body()));
        assertEquals(b.id(), Stored.reload(file).folderId());
        assertEquals(0, Stored.reload(a).fileCount());
        assertEquals(1, Stored.reload(b).fileCount());
    }

    @Test
    void aMoveThatNeverReachesDynamoDbChangesNothing() {
        FolderRecord a = Stored.folder(owner, "A");
        FolderRecord b = Stored.folder(owner, "B");
        FileRecord file = Stored.file(owner, "x.txt", new byte[1], a.id());
        faults.inject("TransactWriteItems", Kind.NOT_SENT, 1, 10);
        Reply reply = update(file, "{\"folderId\":\"" + b.id() + "\"}");
        assertEquals(503, reply.status());
        assertEquals("server_error", reply.errorCode());
        assertEquals(a.id(), Stored.reload(file).folderId());
        assertEquals(1, Stored.reload(a).fileCount());
        assertEquals(0, Stored.reload(b).fileCount());
    }

    @Test
    void aMoveCancelledBecauseTheFileMovedMeanwhileIs409() {
        FolderRecord a = Stored.folder(owner, "A");
        FolderRecord b = Stored.folder(owner, "B");
        FileRecord file = Stored.file(owner, "x.txt", new byte[1], a.id());
        faults.inject("TransactWriteItems", Kind.CANCELLED, 1, 1, "ConditionalCheckFailed", "None", "None");
        Reply reply = update(file, "{\"folderId\":\"" + b.id() + "\"}");
        assertEquals(409, reply.status());
        assertEquals("conflict", reply.errorCode());
        assertEquals(a.id(), Stored.reload(file).folderId());
    }

    @Test
    void aThrottledMoveIs503AndChangesNothing() {
        FolderRecord b = Stored.folder(owner, "B");
        FileRecord file = Stored.file(owner, "x.txt", new byte[1]);
        faults.inject("TransactWriteItems", Kind.THROTTLED);
        assertEquals(503, update(file, "{\"folderId\":\"" + b.id() + "\"}").status());
        assertEquals(null, Stored.reload(file).folderId());
        assertEquals(0, Stored.reload(b).fileCount());
    }

    @Test
    void aDescriptionChangeWhoseResponseWasLostIsReportedDone() {
        FileRecord file = Stored.file(owner, "x.txt", new byte[1]);
        faults.inject("UpdateItem", Kind.RESPONSE_LOST, 2, 1); // the first UpdateItem is the rate limiter's
        Reply reply = update(file, "{\"description\":\"after\"}");
        assertEquals(200, reply.status(), new String(reply.body()));
        assertEquals("after", Stored.reload(file).description());
    }

    // --- folders --------------------------------------------------------------------------------

    @Test
    void aFolderCreatedWhoseResponseWasLostExistsOnceAndIsCountedOnce() {
        faults.inject("TransactWriteItems", Kind.RESPONSE_LOST);
        Reply reply = call(
                Operation.CREATE_FOLDER.handler(context),
                json(event("create-folder", owner.key()), "{\"name\":\"Once\"}"));
        assertEquals(201, reply.status(), new String(reply.body()));
        assertFolderCounts(1);
    }

    @Test
    void aFolderThatCannotBeCreatedIsNotCounted() {
        faults.inject("TransactWriteItems", Kind.NOT_SENT, 1, 10);
        Reply reply = call(
                Operation.CREATE_FOLDER.handler(context),
                json(event("create-folder", owner.key()), "{\"name\":\"Never\"}"));
        assertEquals(503, reply.status());
        assertFolderCounts(0);
    }

    @Test
    void aFolderDeleteWhoseResponseWasLostIsReportedDoneAndCountedOnce() {
        FolderRecord folder = Stored.folder(owner, "Gone");
        faults.inject("TransactWriteItems", Kind.RESPONSE_LOST);
        Reply reply = call(Operation.DELETE_FOLDER.handler(context), event("delete-folder", owner.key(), folder.id()));
        assertEquals(200, reply.status(), new String(reply.body()));
        assertThrows(NotFound.class, () -> Stored.reload(folder));
        assertFolderCounts(0);
    }

    @Test
    void aThrottledFolderDeleteKeepsTheFolder() {
        FolderRecord folder = Stored.folder(owner, "Kept");
        faults.inject("TransactWriteItems", Kind.THROTTLED);
        assertEquals(
                503,
                call(Operation.DELETE_FOLDER.handler(context), event("delete-folder", owner.key(), folder.id()))
                        .status());
        assertEquals("Kept", Stored.reload(folder).name());
        assertFolderCounts(1);
    }

    @Test
    void aFolderRenameWhoseResponseWasLostIsReportedDone() {
        FolderRecord folder = Stored.folder(owner, "Before");
        faults.inject("UpdateItem", Kind.RESPONSE_LOST, 2, 1); // the first UpdateItem is the rate limiter's
        Reply reply = call(
                Operation.RENAME_FOLDER.handler(context),
                json(event("rename-folder", owner.key(), folder.id()), "{\"name\":\"After\"}"));
        assertEquals(200, reply.status(), new String(reply.body()));
        assertEquals("After", Stored.reload(folder).name());
    }

    // --- the rate limiter -----------------------------------------------------------------------

    @Test
    void aCountThatNeverReachesDynamoDbIs503AndCountsNothing() {
        faults.inject("UpdateItem", Kind.NOT_SENT);
        Reply reply = call(Operation.USER_STATS.handler(context), event("user-stats", owner.key()));
        assertEquals(503, reply.status());
        assertEquals("server_error", reply.errorCode());
        Reply next = call(Operation.USER_STATS.handler(context), event("user-stats", owner.key()));
        assertEquals(200, next.status());
        assertEquals(
                Long.toString(limit() - 1),
                next.header("X-RateLimit-Remaining"),
                "only the request that arrived was counted");
    }

    @Test
    void aCountWhoseResponseWasLostIs503AndStaysCounted() {
        faults.inject("UpdateItem", Kind.RESPONSE_LOST);
        assertEquals(
                503,
                call(Operation.USER_STATS.handler(context), event("user-stats", owner.key()))
                        .status());
        Reply next = call(Operation.USER_STATS.handler(context), event("user-stats", owner.key()));
        assertEquals(200, next.status());
        // The lost one landed: a limiter errs towards counting a request twice, never towards letting one through
        // uncounted.
        assertEquals(Long.toString(limit() - 2), next.header("X-RateLimit-Remaining"));
    }

    @Test
    void aThrottledCountIs503() {
        faults.inject("UpdateItem", Kind.THROTTLED);
        Reply reply = call(Operation.USER_STATS.handler(context), event("user-stats", owner.key()));
        assertEquals(503, reply.status());
        assertEquals("server_error", reply.errorCode());
    }

    // --- helpers --------------------------------------------------------------------------------

    private Reply update(FileRecord file, String body) {
        return call(Operation.UPDATE_FILE.handler(context), json(event("update-file", owner.key(), file.id()), body));
    }

    private static long limit() {
        return Settings.longValue("NIMBUS_AETHER_RATE_LIMIT", 120);
    }

    /** The account's and the files zone's folder counts both equal {@code expected}. */
    private void assertFolderCounts(long expected) {
        assertEquals(expected, TestStack.reload(owner.id()).folderCount());
        Zone zone = TestStack.filesZone(owner.id());
        assertEquals(expected, zone.folderCount());
        assertEquals(expected, Stored.folders().list(owner.id(), 0, 100).items().size());
    }
}
