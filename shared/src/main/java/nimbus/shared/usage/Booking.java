package nimbus.shared.usage;

import java.math.BigDecimal;

/** A movement of the account's credit: charges are negative. */
public record Booking(long timestamp, Kind kind, BigDecimal amount) {
    public enum Kind {
        TRAFFIC,
        STORAGE,
        INITIAL
    }
}
