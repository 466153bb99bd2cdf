package nimbus.shared.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BillingPeriodTest {
    private static BillingPeriod at(String instant) {
        return BillingPeriod.containing(Instant.parse(instant));
    }

    @Test
    void theCalendarMonthInUtc() {
        assertEquals(
                new BillingPeriod(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 31)), at("2026-03-14T10:00:00Z"));
        assertEquals(
                new BillingPeriod(LocalDate.of(2028, 2, 1), LocalDate.of(2028, 2, 29)), at("2028-02-29T23:59:59Z"));
        assertEquals(
                new BillingPeriod(LocalDate.of(2027, 2, 1), LocalDate.of(2027, 2, 28)), at("2027-02-01T00:00:00Z"));
        assertEquals(
                new BillingPeriod(LocalDate.of(2026, 4, 1), LocalDate.of(2026, 4, 30)), at("2026-04-01T00:00:00Z"));
    }

    @Test
    void testModeUsageReadsTheClockAndIsZeroWithoutReadingCounters() {
        Clock clock = Clock.fixed(Instant.parse("2026-12-31T23:59:59Z"), ZoneOffset.UTC);
        // test-mode zones are never served: no counter to read (a null table would throw if one were read)
        Usage usage = new UsageService(null, null, null, clock).current("usr_a", true);
        assertEquals(new BillingPeriod(LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 31)), usage.period());
        assertEquals(0, usage.requests());
        assertEquals(0, usage.bandwidthBytes());
        assertEquals(0.0, usage.cacheHitRate());
        assertEquals(0.75, new Usage(usage.period(), 4, 10, 3, 1).cacheHitRate());
    }
}
