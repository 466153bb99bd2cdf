package nimbus.aether;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Sizes in user stats as the AetherCDN doc shows them: whole numbers below a gigabyte, one decimal from there. */
class HumanSizeTest {

    @ParameterizedTest(name = "[{index}] {0} bytes is \"{1}\"")
    @CsvSource({
        "1073741824,    1.0 GB", // the seed's storageUsed example
        "524288000,     500 MB", // the seed's bandwidthUsed example
        "1258291,       1.2 MB",
        "0,             0 B", // bandwidthUsed until delivery logs feed it
        "1,             1 B",
        "1023,          1023 B",
        "1024,          1 KB",
        "1536,          1.5 KB",
        "524288,        512 KB",
        "1048576,       1 MB",
        "1610612736,    1.5 GB",
        "53687091200,   50.0 GB",
        "1099511627776, 1.0 TB",
    })
    void writesSizesAsTheSeedDoes(long bytes, String expected) {
        assertEquals(expected, HumanSize.of(bytes));
    }

    /** Rounding must not leave a size at 1024 of a unit: that is one of the next unit. */
    @ParameterizedTest(name = "[{index}] {0} bytes is \"{1}\"")
    @CsvSource({
        "1048575,    1 MB", // 1023.999 KB
        "1073741823, 1.0 GB", // 1023.999 MB
    })
    void aSizeThatRoundsUpToTheNextUnitIsWrittenInIt(long bytes, String expected) {
        assertEquals(expected, HumanSize.of(bytes));
    }
}
