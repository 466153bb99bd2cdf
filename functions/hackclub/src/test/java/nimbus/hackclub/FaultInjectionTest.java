package nimbus.hackclub;

import static nimbus.hackclub.Calls.call;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.ApplicationContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import nimbus.hackclub.Calls.Reply;
import nimbus.local.kit.Events;
import nimbus.local.kit.MultipartBody;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.account.Account;
import nimbus.shared.files.FileRecord;
import nimbus.shared.files.FileTable;
import nimbus.shared.http.Json;
import nimbus.shared.zone.Zone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3 or DynamoDB failing part-way through a write. Whatever fails, no metadata may point at a
 * missing blob, nothing half-written may be visible, and the account's counters stay exact.
 */
class FaultInjectionTest {
    /** Fails the n-th call (1-based) of one AWS operation, once. */
    static final class FaultInterceptor implements ExecutionInterceptor {
        private volatile String operation = "";
        private final AtomicInteger countdown = new AtomicInteger();

        void failOn(String operation, int nth) {
            countdown.set(nth);
            this.operation = operation;
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (operation.equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))
                    && countdown.decrementAndGet() == 0) {
                throw SdkClientException.create("injected fault in " + operation);
            }
        }
    }

    private final FaultInterceptor faults = new FaultInterceptor();
    private final ApplicationContext context = TestStack.contextWith(faults);
    private final TestAccount owner = HackClubAccounts.create();

    @AfterEach
    void close() {
        context.close();
    }

    private Reply upload(MultipartBody body) {
        return call(
                new UploadHandler(context),
                Events.withBody(
                        Events.withKey(Events.load("hackclub/upload.json"), owner.key()),
                        body.contentType(),
                        body.bytes()));
    }

    private static MultipartBody oneFile(int size) {
        return new MultipartBody().file("file", "f.bin", "application/octet-stream", new byte[size]);
    }

    @Test
    void metadataFailureDuringUploadLeavesNothingBehind() {
        upload(oneFile(5));
        long blobs = blobCount();
        faults.failOn("TransactWriteItems", 1);
        Reply reply = upload(oneFile(50));
        assertEquals(422, reply.status());
        assertEquals("upload_failed", reply.json().get("code"));
        assertConsistent(1, 5);
        assertEquals(blobs, blobCount(), "the blob written before the failure is removed again");
    }

    @Test
    void blobFailureDuringUploadLeavesNothingBehind() {
        long blobs = blobCount();
        faults.failOn("PutObject", 1);
        assertEquals(422, upload(oneFile(50)).status());
        assertConsistent(0, 0);
        assertEquals(blobs, blobCount());
    }

    @Test
    void failureInTheMiddleOfABatchKeepsTheOthersWhole() {
        long blobs = blobCount();
        faults.failOn("TransactWriteItems", 2);
        MultipartBody body = new MultipartBody()
                .file("files[]", "a.bin", "application/octet-stream", new byte[10])
                .file("files[]", "b.bin", "application/octet-stream", new byte[20])
                .file("files[]", "c.bin", "application/octet-stream", new byte[30]);
        Reply reply = call(
                new BatchUploadHandler(context),
                Events.withBody(
                        Events.withKey(Events.load("hackclub/batch-upload.json"), owner.key()),
                        body.contentType(),
                        body.bytes()));
        assertEquals(201, reply.status());
        assertEquals(2, reply.list("uploads").size());
        assertEquals("b.bin", reply.list("failed").get(0).get("filename"));
        assertConsistent(2, 40);
        assertEquals(blobs + 2, blobCount());
    }

    @Test
    void metadataFailureDuringDeleteKeepsTheFile() {
        FileRecord file = Uploads.stored(owner, "keep.bin", 9);
        faults.failOn("TransactWriteItems", 1);
        Reply reply = call(
                new DeleteUploadHandler(context),
                Events.withKey(
                        Events.withPathParameter(Events.load("hackclub/delete-upload.json"), "id", file.id()),
                        owner.key()));
        assertEquals(503, reply.status());
        assertConsistent(1, 9);
    }

    @Test
    void blobFailureDuringDeleteStillRemovesTheUpload() {
        FileRecord file = Uploads.stored(owner, "gone.bin", 9);
        faults.failOn("DeleteObject", 1);
        Reply reply = call(
                new DeleteUploadHandler(context),
                Events.withKey(
                        Events.withPathParameter(Events.load("hackclub/delete-upload.json"), "id", file.id()),
                        owner.key()));
        assertEquals(200, reply.status());
        assertConsistent(0, 0);
    }

    @Test
    void metadataFailureDuringBatchDeleteKeepsEveryFile() {
        String a = Uploads.stored(owner, "a.bin", 3).id();
        String b = Uploads.stored(owner, "b.bin", 4).id();
        faults.failOn("TransactWriteItems", 1);
        Reply reply = call(
                new BatchDeleteHandler(context),
                Events.withBody(
                        Events.withKey(Events.load("hackclub/batch-delete.json"), owner.key()),
                        "application/json",
                        Json.write(Map.of("ids", List.of(a, b)))));
        assertEquals(503, reply.status());
        assertConsistent(2, 7);
    }

    private static long blobCount() {
        return TestStack.context()
                .getBean(S3Client.class)
                .listObjectsV2Paginator(l ->
                        l.bucket(System.getProperty("NIMBUS_ASSETS_BUCKET")).prefix("files/"))
                .contents()
                .stream()
                .count();
    }

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
