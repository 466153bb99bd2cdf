package nimbus.shared.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** CloudFront standard log lines as the distribution writes them, read by the column names of #Fields. */
class AccessLogTest {
    static final String FIELDS = "#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem"
            + " sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id"
            + " x-host-header cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher"
            + " x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields c-port"
            + " time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len sc-range-start"
            + " sc-range-end";

    static String line(String time, long bytes, String host, String uri, int status, String result) {
        return String.join(
                "\t",
                "2031-07-08",
                time,
                "FRA56-P1",
                Long.toString(bytes),
                "2001:db8::1",
                "GET",
                "d111111abcdef8.cloudfront.net",
                uri,
                Integer.toString(status),
                "-",
                "Mozilla/5.0%20(X11;%20Linux%20x86_64)",
                "-",
                "-",
                result,
                "abc==",
                host,
                "https",
                "120",
                "0.002",
                "-",
                "TLSv1.3",
                "TLS_AES_128_GCM_SHA256",
                result,
                "HTTP/2.0",
                "-",
                "-",
                "443",
                "0.002",
                result,
                "text/css",
                Long.toString(bytes),
                "-",
                "-");
    }

    private static List<AccessLog.Line> read(String text, long[] skipped) {
        List<AccessLog.Line> lines = new ArrayList<>();
        AccessLog.Tally tally = AccessLog.read(new BufferedReader(new StringReader(text)), lines::add);
        skipped[0] = tally.skipped();
        assertEquals(lines.size(), tally.read());
        return lines;
    }

    @Test
    void readsWhatUsageNeedsByColumnName() {
        long[] skipped = {0};
        List<AccessLog.Line> lines = read(
                "#Version: 1.0\n" + FIELDS + "\n"
                        + line("09:10:11", 1234, "Pics-1A.cdn.example.org:443", "/a%20b.css", 200, "Hit") + "\n"
                        + line("23:59:59", 0, "-", "/x", 404, "Error") + "\n",
                skipped);
        assertEquals(0, skipped[0]);
        AccessLog.Line first = lines.get(0);
        assertEquals(Instant.parse("2031-07-08T09:10:11Z").getEpochSecond(), first.epochSecond());
        assertEquals("pics-1a.cdn.example.org", first.host(), "lower case, port dropped");
        assertEquals("/a b.css", first.uriStem());
        assertEquals(1234, first.bytes());
        assertEquals(200, first.status());
        assertTrue(first.hit());
        assertFalse(first.miss());
        assertEquals("", lines.get(1).host());
        assertFalse(lines.get(1).hit() || lines.get(1).miss());
    }

    @Test
    void columnsAreFoundByNameWhateverTheirOrder() {
        long[] skipped = {0};
        List<AccessLog.Line> lines = read(
                "#Fields: x-edge-result-type sc-status x-host-header sc-bytes cs-uri-stem time date\n"
                        + "Miss\t304\tz.example.org\t99\t/p\t01:02:03\t2031-07-08\n",
                skipped);
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).miss());
        assertEquals(304, lines.get(0).status());
        assertEquals(99, lines.get(0).bytes());
    }

    @Test
    void anUnreadableLineIsSkippedAndCountedNotFatal() {
        long[] skipped = {0};
        List<AccessLog.Line> lines = read(
                FIELDS + "\n" + "garbage\n"
                        + line("09:10:11", -1, "h", "/", 200, "Hit").replace("\t-1\t", "\tlots\t") + "\n"
                        + line("9:1", 1, "h", "/", 200, "Hit") + "\n" + line("09:10:11", 5, "h", "/", 200, "Miss"),
                skipped);
        assertEquals(3, skipped[0]);
        assertEquals(1, lines.size());
        assertEquals(5, lines.get(0).bytes());
    }

    @Test
    void linesBeforeAnyFieldsHeaderAreSkipped() {
        long[] skipped = {0};
        assertEquals(List.of(), read(line("09:10:11", 5, "h", "/", 200, "Miss") + "\n", skipped));
        assertEquals(1, skipped[0]);
    }

    @Test
    void theFileIdOfAFilesHostPath() {
        assertEquals(Optional.of("abc"), LogIngest.fileId("/abc/photo.png"));
        assertEquals(Optional.of("abc"), LogIngest.fileId("/files/abc"));
        assertEquals(Optional.empty(), LogIngest.fileId("/"));
        assertEquals(Optional.empty(), LogIngest.fileId(""));
    }
}
