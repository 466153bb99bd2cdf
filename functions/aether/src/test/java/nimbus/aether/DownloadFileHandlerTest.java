package nimbus.aether;

import static nimbus.aether.Calls.call;
import static nimbus.aether.Calls.event;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import nimbus.aether.Calls.Reply;
import nimbus.local.kit.Events;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.files.FileRecord;
import org.junit.jupiter.api.Test;

class DownloadFileHandlerTest {
    private final DownloadFileHandler handler = new DownloadFileHandler(TestStack.context());
    private final TestAccount owner = Stored.account();
    private final byte[] data = "0123456789 hello download".getBytes(StandardCharsets.UTF_8);

    private Reply download(String id, String range) {
        return call(handler, Events.withHeader(event("download-file", owner.key(), id), "Range", range));
    }

    @Test
    void theSampleEventReturnsTheBytesAsAnAttachment() {
        FileRecord file = Stored.file(owner, "notes.txt", data);
        Reply reply = call(handler, event("download-file", owner.key(), file.id()));
        assertEquals(200, reply.status());
        assertArrayEquals(data, reply.body());
        assertEquals(file.contentType(), reply.header("Content-Type"));
        assertTrue(reply.header("Content-Type").startsWith("text/plain"), reply.header("Content-Type"));
        assertEquals(Integer.toString(data.length), reply.header("Content-Length"));
        String disposition = reply.header("Content-Disposition");
        assertTrue(disposition.startsWith("attachment;"), disposition);
        assertTrue(disposition.contains("filename=\"notes.txt\""), disposition);
    }

    @Test
    void aUnicodeNameGetsAnAsciiFallbackAndTheUtf8Name() {
        FileRecord file = Stored.file(owner, "café.txt", data);
        String disposition = download(file.id(), null).header("Content-Disposition");
        assertTrue(disposition.contains("filename=\"caf_.txt\""), disposition);
        assertTrue(disposition.contains("filename*=UTF-8''caf%C3%A9.txt"), disposition);
    }

    @Test
    void anEmptyFileDownloadsAsZeroBytes() {
        FileRecord file = Stored.file(owner, "empty.bin", new byte[0]);
        Reply reply = download(file.id(), null);
        assertEquals(200, reply.status());
        assertEquals(0, reply.body().length);
        assertEquals("0", reply.header("Content-Length"));
    }

    @Test
    void aRangeIsServedAs206() {
        FileRecord file = Stored.file(owner, "notes.txt", data);
        Reply first = download(file.id(), "bytes=0-3");
        assertEquals(206, first.status());
        assertArrayEquals("0123".getBytes(StandardCharsets.UTF_8), first.body());
        assertEquals("bytes 0-3/" + data.length, first.header("Content-Range"));
        assertEquals("4", first.header("Content-Length"));

        Reply suffix = download(file.id(), "bytes=-2");
        assertEquals(206, suffix.status());
        assertArrayEquals(Arrays.copyOfRange(data, data.length - 2, data.length), suffix.body());
        assertEquals(
                "bytes " + (data.length - 2) + "-" + (data.length - 1) + "/" + data.length,
                suffix.header("Content-Range"));
    }

    @Test
    void anUnsatisfiableRangeIs416() {
        FileRecord file = Stored.file(owner, "notes.txt", data);
        Reply reply = download(file.id(), "bytes=999999-");
        assertEquals(416, reply.status());
        assertEquals(false, reply.json().get("success"));
        assertEquals("bytes */" + data.length, reply.header("Content-Range"));
    }

    @Test
    void aFileAboveTheInlineLimitIsARedirectToAPresignedUrl() throws Exception {
        byte[] big = new byte[500];
        for (int i = 0; i < big.length; i++) big[i] = (byte) (i * 7);
        FileRecord file = Stored.file(owner, "big.bin", big);
        System.setProperty("NIMBUS_INLINE_DOWNLOAD_MAX_BYTES", "100");
        try {
            Reply reply = download(file.id(), null);
            assertEquals(302, reply.status());
            String location = reply.header("Location");
            assertTrue(location != null && location.startsWith("http"), String.valueOf(location));
            assertEquals(location, reply.json().get("url"));
            HttpResponse<byte[]> fetched = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(location)).GET().build(),
                            HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, fetched.statusCode());
            assertArrayEquals(big, fetched.body());

            Reply smallRange = download(file.id(), "bytes=0-9");
            assertEquals(206, smallRange.status());
            assertArrayEquals(Arrays.copyOf(big, 10), smallRange.body());
        } finally {
            System.clearProperty("NIMBUS_INLINE_DOWNLOAD_MAX_BYTES");
        }
    }

    @Test
    void unknownOrGarbageIdsAre404() {
        for (String id : new String[] {UUID.randomUUID().toString(), "../../etc/passwd", "x"}) {
            Reply reply = download(id, null);
            assertEquals(404, reply.status(), id);
            assertEquals("not_found", reply.errorCode());
        }
    }
}
