package nimbus.shared.usage;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;

/** A billing period: a calendar month in UTC, from its first day to its last, both included. */
public record BillingPeriod(LocalDate start, LocalDate end) {
    /** The calendar month (UTC) that {@code instant} falls in. */
    public static BillingPeriod containing(Instant instant) {
        LocalDate day = LocalDate.ofInstant(instant, ZoneOffset.UTC);
        return new BillingPeriod(day.withDayOfMonth(1), day.with(TemporalAdjusters.lastDayOfMonth()));
    }
}
