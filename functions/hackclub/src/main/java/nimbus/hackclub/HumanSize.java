package nimbus.hackclub;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Sizes written as Rails' {@code number_to_human_size} writes them, which the reference's messages
 * use: binary multiples, three significant digits, no trailing zeros ("10 MB", "15.5 MB", "1 Byte").
 */
final class HumanSize {
    private static final String[] UNITS = {"KB", "MB", "GB", "TB", "PB"};

    private HumanSize() {}

    static String of(long bytes) {
        if (bytes < 1024) return bytes + (bytes == 1 ? " Byte" : " Bytes");
        int exponent = 0;
        double value = bytes;
        while (value >= 1024 && exponent < UNITS.length) {
            value /= 1024;
            exponent++;
        }
        BigDecimal rounded = new BigDecimal(value)
                .round(new MathContext(3, RoundingMode.HALF_UP))
                .stripTrailingZeros();
        return rounded.toPlainString() + " " + UNITS[exponent - 1];
    }
}
