package nimbus.shared.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import nimbus.shared.error.InvalidInput;
import org.junit.jupiter.api.Test;

class PeriodTest {
    private static final Instant NOW = Instant.parse("2031-03-04T05:06:07Z");

    @Test
    void bothEndsAreIncludedAndAlignedToTheInterval() {
        assertEquals(
                List.of(1541030400L, 1541116800L, 1541203200L),
                Period.of("1541030400", "1541203200", Interval.DAY, NOW).rows());
        assertEquals(
                List.of(1541030400L, 1541116800L),
                Period.of("1541030401", "1541116801", Interval.DAY, NOW).rows());
        assertEquals(
                List.of(3600L, 7200L),
                Period.of("3601", "7200", Interval.HOUR, NOW).rows());
    }

    @Test
    void badBoundsAreRefusedNamingTheParameter() {
        assertEquals(
                "start",
                assertThrows(InvalidInput.class, () -> Period.of("x", "1", Interval.DAY, NOW))
                        .field());
        assertEquals(
                "end",
                assertThrows(InvalidInput.class, () -> Period.of("1", null, Interval.DAY, NOW))
                        .field());
        assertEquals(
                "end",
                assertThrows(InvalidInput.class, () -> Period.of("9", "1", Interval.DAY, NOW))
                        .field());
        assertEquals(
                InvalidInput.Problem.TOO_MANY,
                assertThrows(InvalidInput.class, () -> Period.of("0", "2678400", Interval.HOUR, NOW))
                        .problem());
        assertEquals(
                "interval",
                assertThrows(InvalidInput.class, () -> Interval.parse("week", Interval.DAY))
                        .field());
        assertEquals(Interval.HOUR, Interval.parse(" HOUR ", Interval.DAY));
    }

    @Test
    void pricesFollowTheTable() {
        assertEquals(new BigDecimal("0.300000"), Prices.storage(10_000_000_000L, 1));
        assertEquals(new BigDecimal("0.900000"), Prices.storage(1_000_000_000L, 30));
        assertEquals(new BigDecimal("0.040000"), Prices.traffic(1_000_000_000L));
        assertEquals(0, Prices.traffic(0).signum());
    }
}
