package nimbus.hackclub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Sizes in the reference's messages, as Rails' {@code number_to_human_size} writes them. */
class HumanSizeTest {

    @ParameterizedTest(name = "[{index}] {0} bytes is \"{1}\"")
    @CsvSource({
        "0,            0 Bytes",
        "1,            1 Byte",
        "2,            2 Bytes",
        "1023,         1023 Bytes",
        "1024,         1 KB",
        "1536,         1.5 KB",
        "10240,        10 KB",
        "1048576,      1 MB",
        "1234567,      1.18 MB", // three significant digits
        "2097152,      2 MB",
        "10485760,     10 MB", // the unverified per-file limit
        "16252928,     15.5 MB",
        "52428800,     50 MB",
        "104857600,    100 MB",
        "524288000,    500 MB",
        "1073741824,   1 GB",
        "53687091200,  50 GB", // the verified storage limit
        "322122547200, 300 GB", // the functionally_unlimited storage limit
        "1099511627776, 1 TB",
    })
    void writesSizesAsRailsDoes(long bytes, String expected) {
        assertEquals(expected, HumanSize.of(bytes));
    }
}
