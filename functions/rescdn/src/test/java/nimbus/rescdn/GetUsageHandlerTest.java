package nimbus.rescdn;

import static nimbus.rescdn.Calls.call;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.ApplicationContext;
import java.time.Instant;
import nimbus.local.kit.TestClock;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.rescdn.Calls.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The current billing period is the calendar month in UTC, as the injected clock has it; counts are zeros. */
class GetUsageHandlerTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-03-14T10:00:00Z"));
    private ApplicationContext context;
    private GetUsageHandler handler;

    @BeforeEach
    void contextWithTheTestClock() {
        context = TestStack.contextWith(clock);
        handler = new GetUsageHandler(context);
    }

    @AfterEach
    void close() {
        context.close();
    }

    private static String usage(String start, String end) {
        return "{\"period_start\":\"" + start + "\",\"period_end\":\"" + end
                + "\",\"requests\":0,\"bandwidth_bytes\":0,\"cache_hit_rate\":0.0}";
    }

    @Test
    void theSeedsShapeForTheCurrentMonth() {
        TestAccount owner = Stored.account();
        Reply reply = call(handler, Calls.event("get-usage", owner.key()));
        assertEquals(200, reply.status(), reply.text());
        assertEquals(usage("2026-03-01", "2026-03-31"), reply.text());
    }

    @Test
    void theMonthTurnsAtMidnightUtc() {
        TestAccount owner = Stored.account();
        clock.set(Instant.parse("2028-02-29T23:59:59Z"));
        assertEquals(
                usage("2028-02-01", "2028-02-29"),
                call(handler, Calls.event("get-usage", owner.key())).text());
        clock.set(Instant.parse("2028-03-01T00:00:00Z"));
        assertEquals(
                usage("2028-03-01", "2028-03-31"),
                call(handler, Calls.event("get-usage", owner.key())).text());
    }

    @Test
    void aTestKeyGetsTheSameShape() {
        TestAccount owner = Stored.account();
        Reply reply = call(handler, Calls.event("get-usage", Stored.testKey(owner)));
        assertEquals(usage("2026-03-01", "2026-03-31"), reply.text());
    }
}
