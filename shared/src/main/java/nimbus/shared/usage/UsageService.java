package nimbus.shared.usage;

import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nimbus.shared.account.Account;
import nimbus.shared.account.AccountService;
import nimbus.shared.store.Keys;
import nimbus.shared.zone.Zone;
import nimbus.shared.zone.ZoneService;

/**
 * Usage reports of an account or of one of its zones. Storage is the bytes the zone (or the whole account) holds now,
 * from the counters every file write and delete moves; no history is kept, so every interval since the zone (or
 * account) was created reports today's figure and earlier ones report 0. Traffic and requests are what the edge's
 * access logs counted ({@link LogIngest}, {@link UsageTable}): one Query per report, over hourly or daily counters.
 * Image operations are 0: there is no image processing. Test-mode zones are never served, so a test-mode data set
 * has delivered nothing. Credits follow {@link Prices}.
 */
@Singleton
public class UsageService {
    private final ZoneService zones;
    private final AccountService accounts;
    private final UsageTable counters;
    private final Clock clock;

    public UsageService(ZoneService zones, AccountService accounts, UsageTable counters, Clock clock) {
        this.zones = zones;
        this.accounts = accounts;
        this.counters = counters;
        this.clock = clock;
    }

    /** The account's usage in the current billing period, of its live data set or its test-mode one. */
    public Usage current(String accountId, boolean testMode) {
        BillingPeriod period = BillingPeriod.containing(clock.instant());
        if (testMode) return new Usage(period, 0, 0, 0, 0);
        long first = period.start().atStartOfDay(java.time.ZoneOffset.UTC).toEpochSecond();
        long last = period.end().atStartOfDay(java.time.ZoneOffset.UTC).toEpochSecond();
        Counts total = sum(counters.read(Keys.accountUsage(accountId), Interval.DAY, first, last));
        return new Usage(period, total.requests(), total.bytes(), total.hits(), total.misses());
    }

    public Instant now() {
        return clock.instant();
    }

    /** Bytes stored per interval, in the zone {@code zoneId} (one of the account's) or, when null, the account. */
    public List<Amount> storage(String accountId, String zoneId, Period period) {
        Stored stored = stored(accountId, zoneId);
        return period.rows().stream()
                .map(t -> new Amount(t, stored.existedIn(t, period.interval()) ? stored.bytes : 0))
                .toList();
    }

    /** Bytes delivered per interval, in the zone (which must be the account's) or, when null, the whole account. */
    public List<Amount> traffic(String accountId, String zoneId, Period period) {
        Map<Long, Counts> counted = counted(accountId, zoneId, period);
        return period.rows().stream()
                .map(t -> new Amount(t, counted.getOrDefault(t, Counts.NONE).bytes()))
                .toList();
    }

    /** Image operations per interval: 0, as there is no image processing yet. */
    public List<Amount> imageOperations(String accountId, String zoneId, Period period) {
        return nothingCounted(accountId, zoneId, period);
    }

    /** Requests per interval: cache hits and misses, answers by status class. */
    public List<Requests> requests(String accountId, String zoneId, Period period) {
        Map<Long, Counts> counted = counted(accountId, zoneId, period);
        return period.rows().stream()
                .map(t -> {
                    Counts c = counted.getOrDefault(t, Counts.NONE);
                    return new Requests(t, c.hits(), c.misses(), c.s2xx(), c.s3xx(), c.s4xx(), c.s5xx());
                })
                .toList();
    }

    /**
     * The account's credit bookings in the period, by day: each day since the account was created has a storage
     * and a traffic charge (today's stored bytes for one day, the day's traffic); the initial credit is booked
     * when the account is created, if it is not zero.
     */
    public List<Booking> bookings(String accountId, Period period) {
        Stored stored = stored(accountId, null);
        List<Long> days = period.rows();
        Map<Long, Counts> delivered = days.isEmpty()
                ? Map.of()
                : counters.read(Keys.accountUsage(accountId), Interval.DAY, days.get(0), days.get(days.size() - 1));
        List<Booking> bookings = new ArrayList<>();
        for (long day : days) {
            long created = stored.createdAt == null ? Long.MIN_VALUE : stored.createdAt.getEpochSecond();
            if (Prices.INITIAL_CREDITS.signum() != 0 && Period.floor(created, Interval.DAY) == day) {
                bookings.add(new Booking(created, Booking.Kind.INITIAL, Prices.INITIAL_CREDITS));
            }
            if (!stored.existedIn(day, Interval.DAY)) continue;
            bookings.add(new Booking(
                    day, Booking.Kind.STORAGE, Prices.storage(stored.bytes, 1).negate()));
            long bytes = delivered.getOrDefault(day, Counts.NONE).bytes();
            bookings.add(
                    new Booking(day, Booking.Kind.TRAFFIC, Prices.traffic(bytes).negate()));
        }
        return bookings;
    }

    /** The initial credit less every day's charges since the account was created, today's included. */
    public BigDecimal balance(String accountId) {
        Stored stored = stored(accountId, null);
        long today = Period.floor(clock.instant().getEpochSecond(), Interval.DAY);
        long first = stored.createdAt == null ? today : Period.floor(stored.createdAt.getEpochSecond(), Interval.DAY);
        long days = Math.max(0, (today - first) / Interval.DAY.seconds() + 1);
        BigDecimal traffic = counters.read(Keys.accountUsage(accountId), Interval.DAY, first, today).values().stream()
                .map(c -> Prices.traffic(c.bytes()))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        return Prices.INITIAL_CREDITS
                .subtract(Prices.storage(stored.bytes, days))
                .subtract(traffic);
    }

    private List<Amount> nothingCounted(String accountId, String zoneId, Period period) {
        if (zoneId != null) zones.require(accountId, zoneId);
        return period.rows().stream().map(t -> new Amount(t, 0)).toList();
    }

    /** The counters of the zone (checked to be the account's) or the account, over the period's rows. */
    private Map<Long, Counts> counted(String accountId, String zoneId, Period period) {
        if (zoneId != null) zones.require(accountId, zoneId);
        List<Long> rows = period.rows();
        if (rows.isEmpty()) return Map.of();
        String pk = zoneId == null ? Keys.accountUsage(accountId) : Keys.zoneUsage(zoneId);
        return counters.read(pk, period.interval(), rows.get(0), rows.get(rows.size() - 1));
    }

    private static Counts sum(Map<Long, Counts> counted) {
        return counted.values().stream().reduce(Counts.NONE, Counts::plus);
    }

    private record Stored(long bytes, Instant createdAt) {
        /** True when the interval starting at {@code t} ends after the creation. */
        boolean existedIn(long t, Interval interval) {
            return createdAt == null || t + interval.seconds() > createdAt.getEpochSecond();
        }
    }

    private Stored stored(String accountId, String zoneId) {
        if (zoneId != null) {
            Zone zone = zones.require(accountId, zoneId);
            return new Stored(zone.storageUsed(), zone.createdAt());
        }
        Account account = accounts.require(accountId);
        return new Stored(account.storageUsed(), account.createdAt());
    }
}
