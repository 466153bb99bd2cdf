package nimbus.keycdn;

import static nimbus.keycdn.Calls.call;
import static nimbus.keycdn.Reports.DAY;
import static nimbus.keycdn.Reports.booking;
import static nimbus.keycdn.Reports.get;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.ApplicationContext;
import java.util.List;
import nimbus.keycdn.Calls.Reply;
import nimbus.local.kit.TestClock;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Daily storage and traffic bookings at the price table's rates (0.90 a GB-month of 30 days, 0.04 a GB). */
class CreditStatsHandlerTest {
    private final TestAccount owner = Stored.account();
    private final long createdDay = Reports.floor(owner.account().createdAt().getEpochSecond(), DAY);
    private final TestClock clock = new TestClock(owner.account().createdAt().plusSeconds(DAY));
    private final ApplicationContext context = TestStack.contextWith(clock);
    private final CreditStatsHandler handler = new CreditStatsHandler(context);

    @AfterEach
    void close() {
        context.close();
    }

    @Test
    void eachDaySinceTheAccountWasCreatedIsChargedForItsStorageAndTraffic() {
        TestStack.setAccountCounter(owner.id(), "storageUsed", 10_000_000_000L); // 10 GB: 0.30 a day
        Reply reply = call(
                handler,
                get(
                        "credit-stats",
                        owner.key(),
                        "start",
                        Long.toString(createdDay - DAY),
                        "end",
                        Long.toString(createdDay + 3 * DAY)));
        assertEquals(200, reply.status());
        assertEquals(
                Reports.stats(List.of(
                        booking("-0.3", "storage", createdDay),
                        booking("0", "traffic", createdDay),
                        booking("-0.3", "storage", createdDay + DAY),
                        booking("0", "traffic", createdDay + DAY))),
                reply.text());
    }

    @Test
    void smallChargesKeepSixDecimals() {
        TestStack.setAccountCounter(owner.id(), "storageUsed", 1_000_000L); // 1 MB: 0.00003 a day
        Reply reply = call(
                handler,
                get("credit-stats", owner.key(), "start", Long.toString(createdDay), "end", Long.toString(createdDay)));
        assertEquals(
                Reports.stats(List.of(booking("-0.00003", "storage", createdDay), booking("0", "traffic", createdDay))),
                reply.text());
    }

    @Test
    void bookingsAreByDayOnly() {
        Reply reply = call(
                handler,
                get("credit-stats", owner.key(), "start", "1541030400", "end", "1541203200", "interval", "hour"));
        assertEquals(400, reply.status());
        assertEquals(Expected.error("Invalid parameter interval: hour is not allowed."), reply.text());
        Reply missing = call(handler, get("credit-stats", owner.key(), "start", "1541030400"));
        assertEquals(400, missing.status());
        assertEquals(Expected.error("Missing required parameter: end."), missing.text());
    }
}
