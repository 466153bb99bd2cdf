package nimbus.shared.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The public URL of a stored file: {@code <CDN base>/<id>/<escaped filename>}. */
class PublicUrlsTest {
    private static final String SETTING = "NIMBUS_CDN_BASE_URL";
    private static final String ID = "01948a5e-7f3c-7d2a-9b1e-3c4d5e6f7a8b";

    private String previous;

    @BeforeEach
    void requireTheSettingToComeFromSystemProperties() {
        // Settings reads the environment before system properties: if the environment sets the base URL, the
        // property this test sets is ignored and nothing here could be checked. A hard requirement, not a skip.
        String fromEnvironment = System.getenv(SETTING);
        assertTrue(
                fromEnvironment == null || fromEnvironment.isBlank(),
                SETTING + " is set in the environment, which overrides the system property this test sets: unset it"
                        + " to run the tests");
        previous = System.getProperty(SETTING);
    }

    @AfterEach
    void restoreTheSetting() {
        if (previous == null) System.clearProperty(SETTING);
        else System.setProperty(SETTING, previous);
    }

    private static FileRecord file(String filename) {
        return new FileRecord(
                ID,
                "usr_1",
                "files_usr_1",
                filename,
                42,
                "image/png",
                "ab12",
                Instant.parse("2025-01-01T00:00:00Z"),
                null,
                null,
                List.of());
    }

    @ParameterizedTest(name = "[{index}] base {0}")
    @CsvSource({
        "https://cdn.example.org,           https://cdn.example.org",
        "https://cdn.example.org/,          https://cdn.example.org",
        "http://localhost:4566/assets,      http://localhost:4566/assets",
        "http://localhost:4566/assets/,     http://localhost:4566/assets",
    })
    void theBaseUrlIsFollowedByTheIdAndTheName(String base, String expectedBase) {
        System.setProperty(SETTING, base);
        assertEquals(expectedBase + "/" + ID + "/photo.png", PublicUrls.of(file("photo.png")));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @CsvSource(
            quoteCharacter = '\'',
            value = {
                "'my photo.png',      my%20photo.png",
                "café.png,            caf%C3%A9.png",
                "'100% real?.txt',    100%25%20real%3F.txt",
                "a#b.txt,             a%23b.txt",
                "日本.txt,             %E6%97%A5%E6%9C%AC.txt",
            })
    void theFilenameIsPercentEscaped(String filename, String escaped) {
        System.setProperty(SETTING, "https://cdn.example.org");
        assertEquals("https://cdn.example.org/" + ID + "/" + escaped, PublicUrls.of(file(filename)));
    }

    @Test
    void surroundingSpacesOfTheSettingAreIgnored() {
        System.setProperty(SETTING, "  https://cdn.example.org/  ");
        assertEquals("https://cdn.example.org/" + ID + "/a.png", PublicUrls.of(file("a.png")));
    }
}
