package nimbus.aether;

import static nimbus.aether.Calls.call;
import static nimbus.aether.Calls.event;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import nimbus.aether.Calls.Reply;
import nimbus.local.kit.Events;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.Ids;
import nimbus.shared.Settings;
import nimbus.shared.edge.GrantTokens;
import nimbus.shared.files.DownloadService;
import nimbus.shared.files.FileRecord;
import nimbus.shared.store.Items;
import nimbus.shared.store.Keys;
import nimbus.shared.zone.Zone;
import nimbus.shared.zone.ZoneTable;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

class DownloadFileHandlerTest {
    private final DownloadFileHandler handler = new DownloadFileHandler(TestStack.context());
    private final TestAccount owner = Stored.account();
    private final byte[] data = "0123456789 hello download".getBytes(StandardCharsets.UTF_8);

    private Reply download(String id, String range) {
        return call(handler, Events.withHeader(event("download-file", owner.key(), id), "Range", range));
    }

    private static final String INLINE_MAX = "NIMBUS_INLINE_DOWNLOAD_MAX_BYTES";

    /** Runs {@code body} with NIMBUS_INLINE_DOWNLOAD_MAX_BYTES set to {@code bytes}, then restores the setting. */
    private static <T> T withInlineMax(long bytes, Supplier<T> body) {
        String previous = System.setProperty(INLINE_MAX, Long.toString(bytes));
        try {
            return body.get();
        } finally {
            if (previous == null) System.clearProperty(INLINE_MAX);
            else System.setProperty(INLINE_MAX, previous);
        }
    }

    /** The whole file, 200, as when no Range was sent. */
    private static void assertWhole(Reply reply, byte[] expected) {
        assertEquals(200, reply.status());
        assertArrayEquals(expected, reply.body());
        assertEquals(Integer.toString(expected.length), reply.header("Content-Length"));
        assertEquals("bytes", reply.header("Accept-Ranges"));
        assertNull(reply.header("Content-Range"));
    }

    private static void assertPartial(Reply reply, byte[] file, int first, int last) {
        assertEquals(206, reply.status());
        assertArrayEquals(Arrays.copyOfRange(file, first, last + 1), reply.body());
        assertEquals("bytes " + first + "-" + last + "/" + file.length, reply.header("Content-Range"));
        assertEquals(Integer.toString(last - first + 1), reply.header("Content-Length"));
    }

    private static void assertUnsatisfiable(Reply reply, long size) {
        assertEquals(416, reply.status());
        assertFalse(reply.success());
        assertEquals("bad_request", reply.errorCode());
        assertEquals("Requested range not satisfiable", reply.errorMessage());
        assertEquals("bytes */" + size, reply.header("Content-Range"));
    }

    private static void assertRedirect(Reply reply) {
        assertEquals(302, reply.status());
        String location = reply.header("Location");
        assertTrue(location != null && location.startsWith("http"), String.valueOf(location));
        assertEquals(location, reply.json().get("url"));
        assertEquals(true, reply.json().get("success"));
        assertEquals("no-store", reply.header("Cache-Control"));
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
        assertUnsatisfiable(download(file.id(), "bytes=999999-"), data.length);
        assertUnsatisfiable(download(file.id(), "bytes=" + data.length + "-"), data.length);
    }

    @Test
    void severalRangesAreAnsweredWithTheWholeBody() {
        // RFC 9110 lets a server ignore Range; a multipart/byteranges answer is not worth it here.
        FileRecord file = Stored.file(owner, "notes.txt", data);
        assertWhole(download(file.id(), "bytes=0-1,3-4"), data);
        assertWhole(download(file.id(), "bytes=0-1, -2"), data);
    }

    @Test
    void anInvertedRangeIsIgnored() {
        FileRecord file = Stored.file(owner, "notes.txt", data);
        assertWhole(download(file.id(), "bytes=5-2"), data);
    }

    @Test
    void anEndPastTheFileIsClampedToTheLastByte() {
        FileRecord file = Stored.file(owner, "notes.txt", data);
        assertPartial(download(file.id(), "bytes=20-9999"), data, 20, data.length - 1);
        assertPartial(download(file.id(), "bytes=0-" + data.length), data, 0, data.length - 1);
        assertPartial(download(file.id(), "bytes=" + (data.length - 1) + "-"), data, data.length - 1, data.length - 1);
    }

    @Test
    void aZeroLengthSuffixIs416() {
        FileRecord file = Stored.file(owner, "notes.txt", data);
        assertUnsatisfiable(download(file.id(), "bytes=-0"), data.length);
    }

    @Test
    void aSuffixLongerThanTheFileIsTheWholeFileAs206() {
        FileRecord file = Stored.file(owner, "notes.txt", data);
        assertPartial(download(file.id(), "bytes=-1000"), data, 0, data.length - 1);
        assertPartial(download(file.id(), "bytes=-" + data.length), data, 0, data.length - 1);
    }

    @Test
    void everyRangeOfAnEmptyFileIs416() {
        FileRecord file = Stored.file(owner, "empty.bin", new byte[0]);
        for (String range : new String[] {"bytes=0-", "bytes=0-0", "bytes=-1", "bytes=-0"}) {
            assertUnsatisfiable(download(file.id(), range), 0);
        }
        // A Range the server ignores still serves the (empty) whole.
        assertWhole(download(file.id(), "bytes=0-1,3-4"), new byte[0]);
    }

    @Test
    void onAFileServedByRedirectARangeThatFitsIsInlineAndALargerOneIsTheRedirect() {
        byte[] big = new byte[100];
        for (int i = 0; i < big.length; i++) big[i] = (byte) (i * 7);
        FileRecord file = Stored.file(owner, "big.bin", big);
        withInlineMax(10, () -> {
            assertPartial(download(file.id(), "bytes=0-9"), big, 0, 9);
            assertPartial(download(file.id(), "bytes=-10"), big, 90, 99);
            assertPartial(download(file.id(), "bytes=95-5000"), big, 95, 99);
            assertRedirect(download(file.id(), "bytes=0-10")); // 11 bytes: over the inline maximum
            assertRedirect(download(file.id(), "bytes=50-"));
            assertRedirect(download(file.id(), "bytes=-11"));
            assertRedirect(download(file.id(), "bytes=0-1,3-4")); // ignored: the whole file, which is redirected
            assertRedirect(download(file.id(), "bytes=5-2"));
            assertUnsatisfiable(download(file.id(), "bytes=100-"), 100);
            return null;
        });
    }

    @Test
    void aFileAboveTheInlineLimitIsARedirectToTheCdnWithAFiveMinuteDownloadGrant() {
        byte[] big = new byte[500];
        for (int i = 0; i < big.length; i++) big[i] = (byte) (i * 7);
        FileRecord file = Stored.file(owner, "big report.bin", big);
        long before = Instant.now().getEpochSecond();
        Reply reply = withInlineMax(100, () -> download(file.id(), null));
        long after = Instant.now().getEpochSecond();
        assertRedirect(reply);
        String location = reply.header("Location");
        String prefix = Settings.cdnBaseUrl() + "/" + file.id() + "/big%20report.bin?grant=";
        assertTrue(location.startsWith(prefix), location);

        // The edge checks it with the account's files zone key, which the zone's edge document publishes.
        String filesZoneId = Zone.filesZoneId(owner.id());
        String grantKey = TestStack.context()
                .getBean(ZoneTable.class)
                .grantKey(filesZoneId)
                .orElseThrow();
        GrantTokens.Grant grant =
                GrantTokens.open(grantKey, location.substring(prefix.length())).orElseThrow();
        assertEquals(filesZoneId, grant.zoneId());
        assertEquals("/" + file.id() + "/", grant.path());
        assertTrue(grant.download());
        assertTrue(Ids.isUuid(grant.grantId()), grant.grantId());
        long validity = DownloadService.LINK_VALIDITY.toSeconds();
        assertTrue(
                grant.expiresEpochSeconds() >= before + validity && grant.expiresEpochSeconds() <= after + validity,
                String.valueOf(grant.expiresEpochSeconds()));

        assertPartial(withInlineMax(100, () -> download(file.id(), "bytes=0-9")), big, 0, 9);
        // Exactly the inline maximum is still served directly.
        assertWhole(withInlineMax(500, () -> download(file.id(), null)), big);
    }

    @Test
    void aFilesZoneWithoutAGrantKeyRedirectsToAPresignedUrl() throws Exception {
        byte[] big = new byte[500];
        for (int i = 0; i < big.length; i++) big[i] = (byte) (i * 3);
        FileRecord file = Stored.file(owner, "big.bin", big);
        // a files zone stored before zones had grant keys
        TestStack.dynamo()
                .updateItem(u -> u.tableName(Settings.tableName())
                        .key(Items.key(Keys.zone(Zone.filesZoneId(owner.id())), Keys.ZONE_SK))
                        .updateExpression("REMOVE grantKey"));
        Reply reply = withInlineMax(100, () -> download(file.id(), null));
        assertRedirect(reply);
        assertFalse(reply.header("Location").startsWith(Settings.cdnBaseUrl()), reply.header("Location"));
        HttpResponse<byte[]> fetched = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(reply.header("Location")))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, fetched.statusCode());
        assertArrayEquals(big, fetched.body());
    }

    @Test
    void unknownOrGarbageIdsAre404() {
        for (String id : new String[] {UUID.randomUUID().toString(), "../../etc/passwd", "x"}) {
            Reply reply = download(id, null);
            assertEquals(404, reply.status(), id);
            assertEquals("not_found", reply.errorCode());
            assertEquals("File not found", reply.errorMessage());
        }
    }

    @Test
    void aFileWhoseBlobIsGoneIs404NotAStorageFailure() {
        FileRecord file = Stored.file(owner, "notes.txt", data);
        S3Client s3 = TestStack.context().getBean(S3Client.class);
        s3.deleteObject(d -> d.bucket(Settings.assetsBucket()).key(file.blobKey()));
        assertThrows(
                NoSuchKeyException.class,
                () -> s3.headObject(h -> h.bucket(Settings.assetsBucket()).key(file.blobKey())),
                "the blob is gone, the metadata kept");
        assertEquals(file, Stored.reload(file));

        for (String range : new String[] {null, "bytes=0-3", "bytes=-2"}) {
            Reply reply = download(file.id(), range);
            assertEquals(404, reply.status(), "Range " + range);
            assertEquals(
                    Map.of("success", false, "error", Map.of("code", "not_found", "message", "File not found")),
                    reply.json(),
                    "Range " + range);
            assertTrue(reply.header("Content-Type").startsWith("application/json"), reply.header("Content-Type"));
            assertNull(reply.header("Content-Range"), "Range " + range);
        }
    }
}
