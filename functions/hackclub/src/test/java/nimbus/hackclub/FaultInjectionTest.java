package nimbus.hackclub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import nimbus.hackclub.Calls.Reply;
import nimbus.local.kit.Faults;
import nimbus.local.kit.Faults.Kind;
import nimbus.local.kit.MultipartBody;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.account.Account;
import nimbus.shared.files.FileRecord;
import nimbus.shared.files.FileTable;
import nimbus.shared.zone.Zone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3 or DynamoDB failing on every side of a call, on every Hack Club write path. Whatever fails, no
 * metadata points at a missing blob, nothing half-written is visible, the counters stay exact, and a
 * write whose response was lost after it landed is reported as done (never undone, never doubled).
 */
class FaultInjectionTest {
    private final Faults faults = new Faults();
    private final ApplicationContext context = TestStack.contextWith(faults);
    private final TestAccount owner = HackClubAccounts.create();
    private final Requests requests = new Requests(context, owner);

    @AfterEach
    void close() {
        context.close();
    }

    // --- upload ---------------------------------------------------------------------------------

    @Test
    void anUploadWhoseResponseWasLostIsStoredOnceAndAnsweredAsStored() {
        faults.inject("TransactWriteItems", Kind.RESPONSE_LOST);
        Reply reply = requests.upload(oneFile(50));
        assertEquals(201, reply.status(), reply.json().toString());
        assertEquals(1, faults.callsSeen(), "the transaction reached DynamoDB before its response was lost");
        assertConsistent(1, 50);
        assertEquals(Set.of(reply.json().get("id")), blobIds(), "the blob stays: its metadata landed");
    }

    @Test
    void anUploadWhoseFirstRequestNeverLeftIsSentAgainAndStored() {
        faults.inject("TransactWriteItems", Kind.NOT_SENT);
        assertEquals(201, requests.upload(oneFile(50)).status());
        assertConsistent(1, 50);
        assertEquals(1, blobIds().size());
    }

    @Test
    void anUploadThatNeverReachesDynamoDbStoresNothingVisibleAndKeepsTheBlobItCannotRuleOut() {
        faults.inject("TransactWriteItems", Kind.NOT_SENT, 1, 10);
        Reply reply = requests.upload(oneFile(50));
        assertEquals(422, reply.status());
        assertEquals("Upload failed: storage is unavailable, try again", reply.error());
        assertConsistent(0, 0);
        // Its fate was unknown to the handler, so the blob was kept: invisible, uncounted, never served.
        assertEquals(1, blobIds().size());
    }

    @Test
    void aThrottledUploadIsRefusedAndLeavesNothingBehind() {
        faults.inject("TransactWriteItems", Kind.THROTTLED);
        Reply reply = requests.upload(oneFile(50));
        assertEquals(422, reply.status());
        assertEquals("upload_failed", reply.json().get("code"));
        assertConsistent(0, 0);
        assertEquals(Set.of(), blobIds(), "DynamoDB refused: nothing points at the blob, so it is removed");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"TransactionConflict", "ThrottlingError", "ValidationError", "ItemCollectionSizeLimitExceeded"})
    void anUploadCancelledForAnyOtherReasonLeavesNothingBehind(String reason) {
        faults.inject("TransactWriteItems", Kind.CANCELLED, 1, 1, "None", reason, "None");
        Reply reply = requests.upload(oneFile(50));
        assertEquals(422, reply.status());
        assertConsistent(0, 0);
        assertEquals(Set.of(), blobIds());
    }

    @Test
    void anUploadCancelledByTheQuotaConditionIs402AndLeavesNothingBehind() {
        faults.inject("TransactWriteItems", Kind.CANCELLED, 1, 1, "None", "ConditionalCheckFailed", "None");
        Reply reply = requests.upload(oneFile(50));
        assertEquals(402, reply.status());
        assertEquals("Storage quota exceeded", reply.error());
        assertConsistent(0, 0);
        assertEquals(Set.of(), blobIds());
    }

    @Test
    void aBlobThatCannotBeWrittenStoresNothing() {
        faults.inject("PutObject", Kind.NOT_SENT);
        assertEquals(422, requests.upload(oneFile(50)).status());
        assertConsistent(0, 0);
        assertEquals(Set.of(), blobIds());
    }

    @Test
    void aBatchKeepsWhatLandedWhenOneFilesMetadataFails() {
        faults.inject("TransactWriteItems", Kind.THROTTLED, 2, 1);
        MultipartBody body = new MultipartBody()
                .file("files[]", "a.bin", "application/octet-stream", new byte[10])
                .file("files[]", "b.bin", "application/octet-stream", new byte[20])
                .file("files[]", "c.bin", "application/octet-stream", new byte[30]);
        Reply reply = requests.batchUpload(body);
        assertEquals(201, reply.status());
        assertEquals(List.of("a.bin", "c.bin"), names(reply.list("uploads")));
        assertEquals("b.bin", reply.list("failed").get(0).get("filename"));
        assertEquals(
                "Upload failed due to an internal error",
                reply.list("failed").get(0).get("reason"));
        assertConsistent(2, 40);
        assertEquals(2, blobIds().size());
    }

    @Test
    void aBatchWhoseResponsesWereLostStoresEachFileOnce() {
        faults.inject("TransactWriteItems", Kind.RESPONSE_LOST, 1, 2);
        Reply reply = requests.batchUpload(new MultipartBody()
                .file("files[]", "a.bin", "application/octet-stream", new byte[10])
                .file("files[]", "b.bin", "application/octet-stream", new byte[20]));
        assertEquals(201, reply.status());
        assertEquals(List.of("a.bin", "b.bin"), names(reply.list("uploads")));
        assertConsistent(2, 30);
    }

    // --- rename ---------------------------------------------------------------------------------

    @Test
    void aRenameWhoseResponseWasLostIsReportedDone() {
        FileRecord file = Uploads.stored(owner, "before.png", 5);
        faults.inject("UpdateItem", Kind.RESPONSE_LOST);
        Reply reply = requests.rename(file, "after");
        assertEquals(200, reply.status(), reply.json().toString());
        assertEquals("after.png", reply.json().get("filename"));
        assertEquals("after.png", Uploads.filename(file));
    }

    @Test
    void aRenameThatNeverReachesDynamoDbIs503AndChangesNothing() {
        FileRecord file = Uploads.stored(owner, "before.png", 5);
        faults.inject("UpdateItem", Kind.NOT_SENT, 1, 10);
        Reply reply = requests.rename(file, "after");
        assertEquals(503, reply.status());
        assertEquals("unavailable", reply.json().get("code"));
        assertEquals("before.png", Uploads.filename(file));
    }

    @Test
    void aThrottledRenameIs503AndChangesNothing() {
        FileRecord file = Uploads.stored(owner, "before.png", 5);
        faults.inject("UpdateItem", Kind.THROTTLED);
        assertEquals(503, requests.rename(file, "after").status());
        assertEquals("before.png", Uploads.filename(file));
    }

    // --- delete ---------------------------------------------------------------------------------

    @Test
    void aDeleteWhoseResponseWasLostIsReportedDoneAndCountedOnce() {
        FileRecord keep = Uploads.stored(owner, "keep.bin", 4);
        FileRecord file = Uploads.stored(owner, "gone.bin", 9);
        faults.inject("TransactWriteItems", Kind.RESPONSE_LOST);
        Reply reply = requests.delete(file);
        assertEquals(200, reply.status(), reply.json().toString());
        assertConsistent(1, 4);
        assertEquals(Set.of(keep.id()), blobIds());
    }

    @Test
    void aDeleteThatNeverReachesDynamoDbKeepsTheFileAndItsBlob() {
        FileRecord file = Uploads.stored(owner, "keep.bin", 9);
        faults.inject("TransactWriteItems", Kind.NOT_SENT, 1, 10);
        assertEquals(503, requests.delete(file).status());
        assertConsistent(1, 9);
        assertEquals(Set.of(file.id()), blobIds());
    }

    @Test
    void aThrottledOrCancelledDeleteKeepsTheFile() {
        FileRecord file = Uploads.stored(owner, "keep.bin", 9);
        faults.inject("TransactWriteItems", Kind.THROTTLED);
        assertEquals(503, requests.delete(file).status());
        faults.inject("TransactWriteItems", Kind.CANCELLED, 1, 1, "None", "TransactionConflict", "None");
        assertEquals(503, requests.delete(file).status());
        assertConsistent(1, 9);
        assertEquals(Set.of(file.id()), blobIds());
    }

    @Test
    void aBlobThatCannotBeDeletedStillRemovesTheUpload() {
        FileRecord file = Uploads.stored(owner, "gone.bin", 9);
        faults.inject("DeleteObject", Kind.NOT_SENT);
        assertEquals(200, requests.delete(file).status());
        assertConsistent(0, 0);
    }

    // --- batch delete ---------------------------------------------------------------------------

    @Test
    void aBatchDeleteWhoseResponseWasLostReportsEveryFileDeletedOnce() {
        String a = Uploads.stored(owner, "a.bin", 3).id();
        String b = Uploads.stored(owner, "b.bin", 4).id();
        String c = Uploads.stored(owner, "c.bin", 5).id();
        faults.inject("TransactWriteItems", Kind.RESPONSE_LOST);
        Reply reply = requests.batchDelete(List.of(a, b));
        assertEquals(200, reply.status());
        assertEquals(
                Set.of(a, b),
                reply.list("deleted").stream().map(d -> d.get("id")).collect(Collectors.toSet()));
        assertTrue(!reply.json().containsKey("not_found"), reply.json().toString());
        assertConsistent(1, 5);
        assertEquals(Set.of(c), blobIds());
    }

    @Test
    void aBatchDeleteThatNeverReachesDynamoDbKeepsEveryFile() {
        String a = Uploads.stored(owner, "a.bin", 3).id();
        String b = Uploads.stored(owner, "b.bin", 4).id();
        faults.inject("TransactWriteItems", Kind.NOT_SENT, 1, 10);
        assertEquals(503, requests.batchDelete(List.of(a, b)).status());
        assertConsistent(2, 7);
        assertEquals(Set.of(a, b), blobIds());
    }

    @Test
    void aBatchDeleteCancelledBecauseAFileVanishedDeletesTheRestOneByOne() {
        String a = Uploads.stored(owner, "a.bin", 3).id();
        String b = Uploads.stored(owner, "b.bin", 4).id();
        faults.inject("TransactWriteItems", Kind.CANCELLED, 1, 1, "ConditionalCheckFailed", "None", "None", "None");
        Reply reply = requests.batchDelete(List.of(a, b));
        assertEquals(200, reply.status());
        assertEquals(
                Set.of(a, b),
                reply.list("deleted").stream().map(d -> d.get("id")).collect(Collectors.toSet()));
        assertConsistent(0, 0);
    }

    // --- helpers --------------------------------------------------------------------------------

    private static MultipartBody oneFile(int size) {
        return new MultipartBody().file("file", "f.bin", "application/octet-stream", new byte[size]);
    }

    private static List<Object> names(List<Map<String, Object>> uploads) {
        return uploads.stream().map(u -> u.get("filename")).toList();
    }

    /** The ids of the caller's blobs in the bucket. */
    private Set<String> blobIds() {
        Set<String> mine =
                TestStack.context().getBean(FileTable.class).pageOfZone(Zone.filesZoneId(owner.id()), 0, 1000).stream()
                        .map(FileRecord::id)
                        .collect(Collectors.toSet());
        Set<String> all = TestStack.context()
                .getBean(S3Client.class)
                .listObjectsV2Paginator(l ->
                        l.bucket(System.getProperty("NIMBUS_ASSETS_BUCKET")).prefix("files/"))
                .contents()
                .stream()
                .map(o -> o.key().substring("files/".length()))
                .collect(Collectors.toSet());
        // Blobs of other tests' accounts share the bucket: keep the ones listed for this account or newer than it.
        return all.stream()
                .filter(id -> mine.contains(id) || id.compareTo(firstId) > 0)
                .collect(Collectors.toSet());
    }

    private final String firstId = nimbus.shared.Ids.newId();

    /** Every listed file has its blob, and the account's and zone's counters equal what is listed. */
    private void assertConsistent(int files, long bytes) {
        List<FileRecord> listed =
                TestStack.context().getBean(FileTable.class).pageOfZone(Zone.filesZoneId(owner.id()), 0, 1000);
        assertEquals(files, listed.size());
        long sum = 0;
        for (FileRecord file : listed) {
            assertEquals(file.size(), TestStack.blobs().get(file.blobKey()).length, "blob of " + file.id());
            sum += file.size();
        }
        assertEquals(bytes, sum);
        Account account = TestStack.reload(owner.id());
        assertEquals(bytes, account.storageUsed());
        assertEquals(files, account.fileCount());
        Zone zone = TestStack.filesZone(owner.id());
        assertEquals(bytes, zone.storageUsed());
        assertEquals(files, zone.fileCount());
    }
}
