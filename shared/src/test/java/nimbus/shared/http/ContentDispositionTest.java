package nimbus.shared.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code Content-Disposition} of a download: an ASCII fallback name and the exact UTF-8 name (RFC 6266). */
class ContentDispositionTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "report.pdf         | attachment; filename=\"report.pdf\"; filename*=UTF-8''report.pdf",
                "`my report.pdf`    | attachment; filename=\"my report.pdf\"; filename*=UTF-8''my%20report.pdf",
                "café.png           | attachment; filename=\"caf_.png\"; filename*=UTF-8''caf%C3%A9.png",
                "日本.txt            | attachment; filename=\"__.txt\"; filename*=UTF-8''%E6%97%A5%E6%9C%AC.txt",
                "say \"hi\".txt     | attachment; filename=\"say _hi_.txt\"; filename*=UTF-8''say%20%22hi%22.txt",
                "back\\slash.txt    | attachment; filename=\"back_slash.txt\"; filename*=UTF-8''back%5Cslash.txt",
                "tab\there.txt      | attachment; filename=\"tab_here.txt\"; filename*=UTF-8''tab%09here.txt",
                "semi;colon=1.txt   | attachment; filename=\"semi;colon=1.txt\"; filename*=UTF-8''semi%3Bcolon%3D1.txt",
                "~tilde-_.txt       | attachment; filename=\"~tilde-_.txt\"; filename*=UTF-8''~tilde-_.txt",
            })
    void asciiFallbackAndExactUtf8Name(String filename, String expected) {
        assertEquals(expected, ContentDisposition.attachment(filename));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                // one replacement per character, an emoji (a surrogate pair in Java) included
                "😀.png  | _.png",
                "é       | _",
            })
    void eachNonAsciiCharacterIsOneUnderscore(String filename, String fallback) {
        String header = ContentDisposition.attachment(filename);
        assertEquals("attachment; filename=\"" + fallback + "\"", header.substring(0, header.indexOf(';', 12)));
    }
}
