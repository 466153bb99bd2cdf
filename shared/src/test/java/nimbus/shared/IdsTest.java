package nimbus.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Ids: time-ordered UUIDv7, accepted only in their lower-case canonical form. */
class IdsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "01948a5e-7f3c-7d2a-9b1e-3c4d5e6f7a8b",
                "00000000-0000-0000-0000-000000000000",
                "ffffffff-ffff-ffff-ffff-ffffffffffff"
            })
    void aLowerCaseCanonicalUuidIsAnId(String value) {
        assertTrue(Ids.isUuid(value));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "01948A5E-7F3C-7D2A-9B1E-3C4D5E6F7A8B", // upper case
                "01948a5e-7f3c-7d2a-9b1e-3C4d5e6f7a8b", // one upper-case letter
                "01948a5e7f3c7d2a9b1e3c4d5e6f7a8b", // no dashes
                "{01948a5e-7f3c-7d2a-9b1e-3c4d5e6f7a8b}",
                "urn:uuid:01948a5e-7f3c-7d2a-9b1e-3c4d5e6f7a8b",
                " 01948a5e-7f3c-7d2a-9b1e-3c4d5e6f7a8b",
                "01948a5e-7f3c-7d2a-9b1e-3c4d5e6f7a8b\n",
                "01948a5e-7f3c-7d2a-9b1e-3c4d5e6f7a8", // one digit short
                "01948a5e-7f3c-7d2a-9b1e-3c4d5e6f7a8bc",
                "g1948a5e-7f3c-7d2a-9b1e-3c4d5e6f7a8b", // not hex
                "../../etc/passwd",
                "01948a5e-7f3c-7d2a-9b1e-3c4d5e6f7a8b/../x",
            })
    void anythingElseIsNotAnId(String value) {
        assertFalse(Ids.isUuid(value));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" -> \"{1}\"")
    @CsvSource(
            quoteCharacter = '\'',
            value = {
                "'01948A5E-7F3C-7D2A-9B1E-3C4D5E6F7A8B',     01948a5e-7f3c-7d2a-9b1e-3c4d5e6f7a8b",
                "'  01948a5e-7f3c-7d2a-9b1e-3c4d5e6f7a8b ',  01948a5e-7f3c-7d2a-9b1e-3c4d5e6f7a8b",
                "'\t01948A5E-7f3c-7D2A-9b1e-3C4D5E6F7A8B\n', 01948a5e-7f3c-7d2a-9b1e-3c4d5e6f7a8b",
                "'not-a-uuid',                               not-a-uuid",
                "'',                                         ''",
            })
    void normalizeLowerCasesAndTrims(String value, String expected) {
        assertEquals(expected, Ids.normalize(value));
    }

    @Test
    void normalizeMakesAnUpperCaseUuidAnId() {
        assertTrue(Ids.isUuid(Ids.normalize(" 01948A5E-7F3C-7D2A-9B1E-3C4D5E6F7A8B ")));
    }

    @Test
    void normalizeOfNullIsNull() {
        assertNull(Ids.normalize(null));
    }

    @Test
    void newIdIsACanonicalUuidVersion7() {
        String id = Ids.newId();
        assertTrue(Ids.isUuid(id), id);
        UUID uuid = UUID.fromString(id);
        assertEquals(7, uuid.version(), id);
        assertEquals(2, uuid.variant(), "IETF variant: " + id);
        assertEquals('7', id.charAt(14), "the version nibble: " + id);
    }

    @Test
    void newIdsAreDistinctAndSortInTheOrderTheyWereCreated() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5000; i++) created.add(Ids.newId());

        assertEquals(created.size(), new HashSet<>(created).size(), "ids must be unique");
        List<String> sorted = new ArrayList<>(created);
        sorted.sort(null);
        assertEquals(created, sorted, "string order must be creation order, also within one millisecond");
    }
}
