package nimbus.shared.usage;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The price table, in credits (one credit is one US dollar's worth), the only place prices live: docs name the same
 * figures. A GB is 10^9 bytes. Storage is charged per day that has begun, for the bytes stored; traffic per GB
 * delivered.
 */
public final class Prices {
    /** Credits per GB delivered. */
    public static final BigDecimal TRAFFIC_PER_GB = new BigDecimal("0.04");

    /** Credits per GB stored for a month of 30 days. */
    public static final BigDecimal STORAGE_PER_GB_MONTH = new BigDecimal("0.90");

    /** Credits an account starts with: a self-hosted deployment takes no payments. */
    public static final BigDecimal INITIAL_CREDITS = BigDecimal.ZERO;

    /** Charges are kept to this many decimal places. */
    public static final int SCALE = 6;

    private static final BigDecimal GB = new BigDecimal(1_000_000_000L);
    private static final BigDecimal DAYS_PER_MONTH = new BigDecimal(30);

    private Prices() {}

    /** What delivering {@code bytes} costs (positive). */
    public static BigDecimal traffic(long bytes) {
        return TRAFFIC_PER_GB.multiply(new BigDecimal(bytes)).divide(GB, SCALE, RoundingMode.HALF_UP);
    }

    /** What storing {@code bytes} for {@code days} days costs (positive). */
    public static BigDecimal storage(long bytes, long days) {
        return STORAGE_PER_GB_MONTH
                .multiply(new BigDecimal(bytes))
                .multiply(new BigDecimal(days))
                .divide(GB.multiply(DAYS_PER_MONTH), SCALE, RoundingMode.HALF_UP);
    }
}
