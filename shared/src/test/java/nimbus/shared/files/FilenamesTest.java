package nimbus.shared.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import nimbus.shared.error.InvalidInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The filename rules every dialect shares: what a stored name and its public URL look like. */
class FilenamesTest {

    @ParameterizedTest(name = "[{index}] \"{0}\" is stored as \"{1}\"")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '\'',
            value = {
                "'  report.pdf  '     | report.pdf",
                "'\t\nreport.pdf\r\n' | report.pdf",
                "'my holiday.jpg'     | my holiday.jpg",
                "'日本語.txt'          | 日本語.txt",
                "'café.png'           | café.png",
                "'a.b.c'              | a.b.c",
                "'...hidden'          | ...hidden",
            })
    void keepsOrdinaryNamesAndDropsSurroundingWhitespace(String raw, String expected) {
        assertEquals(expected, Filenames.sanitize(raw));
    }

    @ParameterizedTest(name = "[{index}] U+{0} becomes a dash")
    @ValueSource(chars = {'%', '$', '|', ':', ';', '/', '<', '>', '?', '*', '"', '\\'})
    void replacesEachUnsafeCharacterWithADash(char unsafe) {
        assertEquals("a-b.txt", Filenames.sanitize("a" + unsafe + "b.txt"));
    }

    @ParameterizedTest(name = "[{index}] code point {0} becomes a dash")
    @ValueSource(ints = {0x01, 0x07, 0x09, 0x0A, 0x0D, 0x1B, 0x1F, 0x7F, 0x85, 0x9F, 0x202E})
    void replacesControlCharactersAndTheRightToLeftOverride(int codePoint) {
        String inside = "evil" + Character.toString(codePoint) + "gpj.exe";
        assertEquals("evil-gpj.exe", Filenames.sanitize(inside));
    }

    @Test
    void replacesEveryUnsafeCharacterNotJustTheFirst() {
        assertEquals("..-..-etc-passwd", Filenames.sanitize("../../etc/passwd"));
        assertEquals("a--b--c", Filenames.sanitize("a<>b**c"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t\r\n"})
    void anEmptyNameBecomesFile(String raw) {
        assertEquals("file", Filenames.sanitize(raw));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" becomes \"{1}\"")
    @CsvSource({".,-", "..,--", "...,---", "' .. ',--"})
    void aNameOfOnlyDotsHasThemReplaced(String raw, String expected) {
        assertEquals(expected, Filenames.sanitize(raw));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\0", "a\0b.txt", "photo.png\0.exe", " \0 "})
    void aNulByteIsRefused(String raw) {
        InvalidInput e = assertThrows(InvalidInput.class, () -> Filenames.sanitize(raw));
        assertEquals("filename", e.field());
        assertEquals(InvalidInput.Problem.CONTROL_CHARACTERS, e.problem());
    }

    @Test
    void exactly2000BytesIsAccepted() {
        String name = "a".repeat(2000);
        assertEquals(name, Filenames.sanitize(name));
    }

    @Test
    void theLimitIsCountedOnTheStrippedName() {
        String name = "a".repeat(2000);
        assertEquals(name, Filenames.sanitize("   " + name + "   "));
    }

    @Test
    void exactly2000BytesOfTwoByteCharactersIsAccepted() {
        String name = "é".repeat(1000);
        assertEquals(name, Filenames.sanitize(name));
    }

    @ParameterizedTest(name = "[{index}] {0} characters")
    @CsvSource({
        "a,  2001",
        "é,  1001", // 1,001 characters but 2,002 UTF-8 bytes
        "日, 667", // 3 bytes each: 2,001 bytes
        "😀, 501", // 4 bytes each (a surrogate pair in Java): 2,004 bytes
    })
    void moreThan2000Utf8BytesIsRefused(String character, int count) {
        String name = character.repeat(count);
        InvalidInput e = assertThrows(InvalidInput.class, () -> Filenames.sanitize(name));
        assertEquals("filename", e.field());
        assertEquals(InvalidInput.Problem.TOO_LONG, e.problem());
        assertEquals(2000, e.limit());
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" renamed to \"{1}\" is \"{2}\"")
    @CsvSource(
            quoteCharacter = '\'',
            value = {
                "before.png,    after,        after.png",
                "before.png,    after.jpg,    after.jpg",
                "before.png,    after.PNG,    after.PNG",
                "before,        after,        after",
                "before,        after.txt,    after.txt",
                "archive.tar.gz, backup,      backup.gz",
                "before.png,    '  after  ',  after.png",
                "before.png,    a/b,          a-b.png",
                "before.png,    '',           file.png",
            })
    void renameKeepsTheOldExtensionOnlyWhenTheNewNameHasNone(String oldName, String requested, String expected) {
        assertEquals(expected, Filenames.rename(oldName, requested));
    }

    @Test
    void renameAppliesTheSameRulesAsAnUpload() {
        InvalidInput e = assertThrows(InvalidInput.class, () -> Filenames.rename("a.png", "b\0"));
        assertEquals(InvalidInput.Problem.CONTROL_CHARACTERS, e.problem());
    }

    @ParameterizedTest(name = "[{index}] extension of \"{0}\" is \"{1}\"")
    @CsvSource(
            quoteCharacter = '\'',
            value = {
                "photo.png,     .png",
                "photo.tar.gz,  .gz",
                "photo,         ''",
                ".bashrc,       ''",
                "photo.,        ''",
                "a.b,           .b",
                "'',            ''",
            })
    void extension(String name, String expected) {
        assertEquals(expected, Filenames.extension(name));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" -> \"{1}\"")
    @CsvSource(
            quoteCharacter = '\'',
            value = {
                "AZaz09-._~,        AZaz09-._~",
                "'my file.txt',     my%20file.txt",
                "a/b,               a%2Fb",
                "100%,              100%25",
                "a+b&c=d#e?f,       a%2Bb%26c%3Dd%23e%3Ff",
                "café.png,          caf%C3%A9.png",
                "日本,               %E6%97%A5%E6%9C%AC",
                "😀,                 %F0%9F%98%80",
                "'',                ''",
            })
    void urlSegmentEscapesEverythingButUnreservedCharactersAsUpperCaseUtf8(String name, String expected) {
        assertEquals(expected, Filenames.urlSegment(name));
    }
}
