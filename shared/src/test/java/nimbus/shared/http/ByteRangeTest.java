package nimbus.shared.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import nimbus.shared.error.RangeNotSatisfiable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which bytes a {@code Range} header asks for (RFC 9110), on a body of 100 bytes unless said otherwise. */
class ByteRangeTest {
    private static final long SIZE = 100;

    @ParameterizedTest(name = "[{index}] \"{0}\" serves {1}-{2}")
    @CsvSource(
            quoteCharacter = '\'',
            value = {
                "bytes=0-9,        0,  9",
                "bytes=10-19,      10, 19",
                "bytes=99-99,      99, 99",
                "bytes=0-99,       0,  99",
                "bytes=90-,        90, 99", // open-ended
                "bytes=0-,         0,  99",
                "bytes=-10,        90, 99", // the last 10 bytes
                "bytes=-1,         99, 99",
                "bytes=-100,       0,  99",
                "bytes=-500,       0,  99", // a suffix longer than the body is the whole body
                "bytes=50-1000,    50, 99", // an end past the body is clamped to its last byte
                "'  bytes=0-9  ',  0,  9",
            })
    void aSatisfiableRange(String header, long first, long last) {
        assertEquals(Optional.of(new ByteRange(first, last)), ByteRange.parse(header, SIZE));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" on 100 bytes")
    @ValueSource(strings = {"bytes=100-", "bytes=100-100", "bytes=100-200", "bytes=150-", "bytes=-0"})
    void aRangeThatStartsAtOrPastTheEndIsNotSatisfiable(String header) {
        RangeNotSatisfiable e = assertThrows(RangeNotSatisfiable.class, () -> ByteRange.parse(header, SIZE));
        assertEquals(SIZE, e.size());
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" on an empty body")
    @ValueSource(strings = {"bytes=0-0", "bytes=0-", "bytes=0-9", "bytes=-1", "bytes=-10", "bytes=-0"})
    void noRangeOfAnEmptyBodyIsSatisfiable(String header) {
        RangeNotSatisfiable e = assertThrows(RangeNotSatisfiable.class, () -> ByteRange.parse(header, 0));
        assertEquals(0, e.size());
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" is ignored")
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "bytes=9-0", // inverted
                "bytes=0-1,3-4", // multiple ranges
                "bytes=0-1, 3-4",
                "bytes=",
                "bytes=-",
                "bytes",
                "0-9",
                "items=0-9",
                "bytes=a-b",
                "bytes=0-9x",
                "bytes=1.5-2",
                "bytes=-+5",
                "garbage",
                "bytes=99999999999999999999-", // past Long.MAX_VALUE
                "bytes=0-99999999999999999999",
                "bytes=-99999999999999999999",
            })
    void anUnusableHeaderServesTheWholeBody(String header) {
        assertEquals(Optional.empty(), ByteRange.parse(header, SIZE));
    }

    @ParameterizedTest(name = "[{index}] {0}-{1} of {2}: {3} bytes, \"{4}\"")
    @CsvSource({
        "0,  9,  100,  10,  bytes 0-9/100",
        "99, 99, 100,  1,   bytes 99-99/100",
        "0,  99, 100,  100, bytes 0-99/100",
        "5,  1023, 4096, 1019, bytes 5-1023/4096",
    })
    void lengthAndContentRange(long first, long last, long size, long length, String contentRange) {
        ByteRange range = new ByteRange(first, last);
        assertEquals(length, range.length());
        assertEquals(contentRange, range.contentRange(size));
    }

    @Test
    void aParsedSuffixRangeDescribesItself() {
        ByteRange range = ByteRange.parse("bytes=-10", SIZE).orElseThrow();
        assertEquals(10, range.length());
        assertEquals("bytes 90-99/100", range.contentRange(SIZE));
    }
}
