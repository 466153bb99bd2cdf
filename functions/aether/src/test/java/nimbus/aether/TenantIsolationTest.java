package nimbus.aether;

import static nimbus.aether.Calls.call;
import static nimbus.aether.Calls.event;
import static nimbus.aether.Calls.json;
import static nimbus.aether.Calls.query;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import nimbus.aether.Calls.Reply;
import nimbus.local.kit.Events;
import nimbus.local.kit.MultipartBody;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.account.Account;
import nimbus.shared.files.FileRecord;
import nimbus.shared.files.FolderRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Account B names account A's ids: every id-taking operation answers 404 and A's data stays as it was. */
class TenantIsolationTest {
    private final TestAccount a = Stored.account();
    private final TestAccount b = Stored.account();
    private final byte[] data = "A's secret bytes".getBytes(StandardCharsets.UTF_8);
    private FolderRecord folder;
    private FileRecord file;

    @BeforeEach
    void aOwnsAFolderWithAFile() {
        folder = Stored.folder(a, "A's folder");
        file = Stored.file(a, "secret.txt", data, folder.id());
    }

    private static void assertNotFound(Reply reply) {
        assertEquals(404, reply.status());
        assertFalse(reply.success());
        assertEquals("not_found", reply.errorCode());
    }

    private void assertAUnchanged() {
        FileRecord now = Stored.reload(file);
        assertEquals("secret.txt", now.filename());
        assertEquals(folder.id(), now.folderId());
        assertEquals(null, now.description());
        assertEquals(List.of(), now.tags());
        assertArrayEquals(data, TestStack.blobs().get(file.blobKey()));
        FolderRecord f = Stored.reload(folder);
        assertEquals("A's folder", f.name());
        assertEquals(1, f.fileCount());
        Account account = TestStack.reload(a.id());
        assertEquals(1, account.fileCount());
        assertEquals(1, account.folderCount());
        assertEquals(data.length, account.storageUsed());
        Account other = TestStack.reload(b.id());
        assertEquals(0, other.fileCount());
        assertEquals(0, other.folderCount());
        assertEquals(0, other.storageUsed());
    }

    @Test
    void download() {
        assertNotFound(call(Operation.DOWNLOAD_FILE.handler(), event("download-file", b.key(), file.id())));
        assertAUnchanged();
    }

    @Test
    void update() {
        assertNotFound(call(Operation.UPDATE_FILE.handler(), event("update-file", b.key(), file.id())));
        assertNotFound(call(
                Operation.UPDATE_FILE.handler(),
                json(event("update-file", b.key(), file.id()), "{\"folderId\":null}")));
        assertAUnchanged();
    }

    @Test
    void movingOwnFileIntoAnothersFolder() {
        FileRecord mine = Stored.file(b, "mine.txt", new byte[1]);
        assertNotFound(call(
                Operation.UPDATE_FILE.handler(),
                json(event("update-file", b.key(), mine.id()), "{\"folderId\":\"" + folder.id() + "\"}")));
        assertEquals(null, Stored.reload(mine).folderId());
        assertEquals(1, Stored.reload(folder).fileCount());
    }

    @Test
    void delete() {
        assertNotFound(call(Operation.DELETE_FILE.handler(), event("delete-file", b.key(), file.id())));
        assertAUnchanged();
    }

    @Test
    void renameFolder() {
        assertNotFound(call(Operation.RENAME_FOLDER.handler(), event("rename-folder", b.key(), folder.id())));
        assertAUnchanged();
    }

    @Test
    void deleteFolder() {
        Stored.files().delete(a.id(), file.id());
        assertNotFound(call(Operation.DELETE_FOLDER.handler(), event("delete-folder", b.key(), folder.id())));
        assertEquals("A's folder", Stored.reload(folder).name());
        assertEquals(1, TestStack.reload(a.id()).folderCount());
    }

    @Test
    void listWithFolderId() {
        assertNotFound(call(
                Operation.LIST_FILES.handler(), query(event("list-files", b.key()), Map.of("folderId", folder.id()))));
        Reply own = call(Operation.LIST_FILES.handler(), event("list-files", b.key()));
        assertEquals(List.of(), own.list("files"));
        assertAUnchanged();
    }

    @Test
    void uploadIntoFolderId() {
        MultipartBody body = new MultipartBody()
                .file("file", "intruder.txt", "text/plain", new byte[] {1})
                .field("folderId", folder.id());
        assertNotFound(call(
                Operation.UPLOAD_FILE.handler(),
                Events.withBody(event("upload-file", b.key()), body.contentType(), body.bytes())));
        assertAUnchanged();
        assertTrue(Stored.files().list(b.id(), null, 0, 10).items().isEmpty());
    }
}
