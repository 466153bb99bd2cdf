package nimbus.aether;

import java.util.Locale;

/**
 * Sizes as the AetherCDN doc shows them ("500 MB", "1.2 MB", "1.0 GB"): binary multiples with one
 * decimal, dropped when it is zero below a gigabyte and always kept from a gigabyte up.
 */
final class HumanSize {
    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB", "PB"};

    private HumanSize() {}

    static String of(long bytes) {
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        if (Math.round(value * 10) >= 1024 * 10 && unit < UNITS.length - 1) { // 1023.96 KB is written 1 MB
            value /= 1024;
            unit++;
        }
        String text = String.format(Locale.ROOT, "%.1f", value);
        if (unit < 3 && text.endsWith(".0")) text = text.substring(0, text.length() - 2);
        return text + " " + UNITS[unit];
    }
}
