package nimbus.aether;

import static nimbus.aether.Calls.call;
import static nimbus.aether.Calls.event;
import static nimbus.aether.Calls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import nimbus.aether.Calls.Reply;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.files.FileRecord;
import nimbus.shared.files.FolderRecord;
import org.junit.jupiter.api.Test;

class UpdateFileHandlerTest {
    private final UpdateFileHandler handler = new UpdateFileHandler(TestStack.context());
    private final TestAccount owner = Stored.account();

    private Reply update(String id, String body) {
        return call(handler, json(event("update-file", owner.key(), id), body));
    }

    @Test
    void theSampleEventSetsDescriptionAndTags() {
        FileRecord file = Stored.file(owner, "sunset.jpg", new byte[4]);
        Reply reply = call(handler, event("update-file", owner.key(), file.id()));
        assertEquals(200, reply.status());
        assertEquals(true, reply.json().get("success"));
        assertEquals("Sunset", reply.object("file").get("description"));
        assertEquals(List.of("holiday", "sunset"), reply.object("file").get("tags"));
        FileRecord stored = Stored.reload(file);
        assertEquals("Sunset", stored.description());
        assertEquals(List.of("holiday", "sunset"), stored.tags());
        assertEquals("sunset.jpg", stored.filename());
    }

    @Test
    void movingBetweenFoldersUpdatesBothCounts() {
        FolderRecord a = Stored.folder(owner, "A");
        FolderRecord b = Stored.folder(owner, "B");
        FileRecord file = Stored.file(owner, "x.txt", new byte[1], a.id());
        assertEquals(1, Stored.reload(a).fileCount());

        Reply moved = update(file.id(), "{\"folderId\":\"" + b.id() + "\"}");
        assertEquals(200, moved.status());
        assertEquals(b.id(), moved.object("file").get("folderId"));
        assertEquals(0, Stored.reload(a).fileCount());
        assertEquals(1, Stored.reload(b).fileCount());
        assertEquals(b.id(), Stored.reload(file).folderId());
        assertEquals(
                List.of(file.id()),
                Stored.files().list(owner.id(), b.id(), 0, 10).items().stream()
                        .map(FileRecord::id)
                        .toList());
        assertEquals(0, Stored.files().list(owner.id(), a.id(), 0, 10).items().size());

        Reply toRoot = update(file.id(), "{\"folderId\":null}");
        assertEquals(200, toRoot.status());
        assertNull(toRoot.object("file").get("folderId"));
        assertEquals(0, Stored.reload(b).fileCount());
        assertNull(Stored.reload(file).folderId());
    }

    @Test
    void omittedFieldsStayAndTagsMayBeCommaSeparated() {
        FileRecord file = Stored.file(owner, "x.txt", new byte[1]);
        update(file.id(), "{\"description\":\"first\",\"tags\":[\"a\"]}");
        Reply reply = update(file.id(), "{\"tags\":\"b, c,b\"}");
        assertEquals(200, reply.status());
        assertEquals("first", Stored.reload(file).description());
        assertEquals(List.of("b", "c"), Stored.reload(file).tags());
    }

    @Test
    void tooLongDescriptionOrTooManyTagsIs400AndUnchanged() {
        FileRecord file = Stored.file(owner, "x.txt", new byte[1]);
        update(file.id(), "{\"description\":\"keep\"}");
        Reply longDescription = update(file.id(), "{\"description\":\"" + "d".repeat(1001) + "\"}");
        assertEquals(400, longDescription.status());
        assertEquals("bad_request", longDescription.errorCode());
        String tags = IntStream.range(0, 21).mapToObj(i -> "\"t" + i + "\"").collect(Collectors.joining(","));
        Reply manyTags = update(file.id(), "{\"tags\":[" + tags + "]}");
        assertEquals(400, manyTags.status());
        assertEquals("bad_request", manyTags.errorCode());
        assertEquals("keep", Stored.reload(file).description());
        assertEquals(List.of(), Stored.reload(file).tags());
    }

    @Test
    void anUnknownFolderOrFileIs404() {
        FileRecord file = Stored.file(owner, "x.txt", new byte[1]);
        Reply badFolder = update(file.id(), "{\"folderId\":\"" + UUID.randomUUID() + "\"}");
        assertEquals(404, badFolder.status());
        assertEquals("not_found", badFolder.errorCode());
        assertNull(Stored.reload(file).folderId());
        Reply badFile = update(UUID.randomUUID().toString(), "{\"description\":\"x\"}");
        assertEquals(404, badFile.status());
        assertEquals("not_found", badFile.errorCode());
    }
}
