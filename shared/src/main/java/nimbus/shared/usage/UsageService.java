package nimbus.shared.usage;

import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import nimbus.shared.account.Account;
import nimbus.shared.account.AccountService;
import nimbus.shared.zone.Zone;
import nimbus.shared.zone.ZoneService;

/**
 * Usage reports of an account or of one of its zones. Storage is real: the bytes the zone (or the whole account)
 * holds now, from the counters every file write and delete moves; no history is kept, so every interval since the
 * zone (or account) was created reports today's figure and earlier ones report 0. Traffic, image operations and
 * request counts are 0 until delivery logs feed them (the log-ingest function); until then a billing period's
 * delivery usage reads as zeros and costs no AWS call. Credits follow {@link Prices}.
 */
@Singleton
public class UsageService {
    private final ZoneService zones;
    private final AccountService accounts;
    private final Clock clock;

    public UsageService(ZoneService zones, AccountService accounts, Clock clock) {
        this.zones = zones;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** The account's usage in the current billing period, of its live data set or its test-mode one. */
    public Usage current(String accountId, boolean testMode) {
        return new Usage(BillingPeriod.containing(clock.instant()), 0, 0, 0, 0);
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

    /** Bytes delivered per interval: 0 until delivery logs are counted. The zone, when given, must be the account's. */
    public List<Amount> traffic(String accountId, String zoneId, Period period) {
        return nothingCounted(accountId, zoneId, period);
    }

    /** Image operations per interval: 0, as there is no image processing yet. */
    public List<Amount> imageOperations(String accountId, String zoneId, Period period) {
        return nothingCounted(accountId, zoneId, period);
    }

    /** Requests per interval: 0 until delivery logs are counted. */
    public List<Requests> requests(String accountId, String zoneId, Period period) {
        if (zoneId != null) zones.require(accountId, zoneId);
        return period.rows().stream().map(Requests::none).toList();
    }

    /**
     * The account's credit bookings in the period, by day: each day since the account was created has a storage
     * and a traffic charge (today's stored bytes for one day, the day's traffic); the initial credit is booked
     * when the account is created, if it is not zero.
     */
    public List<Booking> bookings(String accountId, Period period) {
        Stored stored = stored(accountId, null);
        List<Booking> bookings = new ArrayList<>();
        for (long day : period.rows()) {
            long created = stored.createdAt == null ? Long.MIN_VALUE : stored.createdAt.getEpochSecond();
            if (Prices.INITIAL_CREDITS.signum() != 0 && Period.floor(created, Interval.DAY) == day) {
                bookings.add(new Booking(created, Booking.Kind.INITIAL, Prices.INITIAL_CREDITS));
            }
            if (!stored.existedIn(day, Interval.DAY)) continue;
            bookings.add(new Booking(
                    day, Booking.Kind.STORAGE, Prices.storage(stored.bytes, 1).negate()));
            bookings.add(
                    new Booking(day, Booking.Kind.TRAFFIC, Prices.traffic(0).negate()));
        }
        return bookings;
    }

    /** The initial credit less every day's charges since the account was created, today's included. */
    public BigDecimal balance(String accountId) {
        Stored stored = stored(accountId, null);
        long today = Period.floor(clock.instant().getEpochSecond(), Interval.DAY);
        long first = stored.createdAt == null ? today : Period.floor(stored.createdAt.getEpochSecond(), Interval.DAY);
        long days = Math.max(0, (today - first) / Interval.DAY.seconds() + 1);
        return Prices.INITIAL_CREDITS
                .subtract(Prices.storage(stored.bytes, days))
                .subtract(Prices.traffic(0));
    }

    private List<Amount> nothingCounted(String accountId, String zoneId, Period period) {
        if (zoneId != null) zones.require(accountId, zoneId);
        return period.rows().stream().map(t -> new Amount(t, 0)).toList();
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
