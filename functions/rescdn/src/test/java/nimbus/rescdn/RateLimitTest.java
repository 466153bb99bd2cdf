package nimbus.rescdn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.ApplicationContext;
import java.time.Instant;
import java.util.List;
import nimbus.local.kit.TestClock;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.rescdn.Calls.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** 100 requests per minute per key (the seed's table); time moved, never waited. */
class RateLimitTest {
    private static final Instant WINDOW = Instant.parse("2031-03-04T05:06:00Z");

    private final TestClock clock = new TestClock(WINDOW.plusSeconds(15));
    private ApplicationContext context;
    private ListZonesHandler list;
    private CreateZoneHandler create;

    @BeforeEach
    void contextWithTheTestClock() {
        System.clearProperty("NIMBUS_RESCDN_RATE_LIMIT");
        context = TestStack.contextWith(clock);
        list = new ListZonesHandler(context);
        create = new CreateZoneHandler(context);
    }

    @AfterEach
    void close() {
        context.close();
    }

    @Test
    void theHundredAndFirstCallInAMinuteIs429AndTheNextMinuteStartsAfresh() {
        TestAccount caller = Stored.account();
        for (int i = 1; i <= 100; i++) {
            Reply ok = Calls.call(list, Calls.event("list-zones", caller.key()));
            assertEquals(200, ok.status(), "call " + i);
        }
        Reply limited = Calls.call(list, Calls.event("list-zones", caller.key()));
        assertEquals(429, limited.status());
        assertEquals(Calls.error("rate limit exceeded: 100 requests per minute per key"), limited.text());
        assertEquals("45", limited.header("Retry-After"));
        // A refused write is refused before it runs.
        assertEquals(
                429,
                Calls.call(create, Calls.createNamed(caller.key(), Stored.name()))
                        .status());
        assertEquals(List.of(), Stored.zones().list(caller.id()));
        // Another key of the same account has its own budget.
        assertEquals(
                200,
                Calls.call(list, Calls.event("list-zones", Stored.testKey(caller)))
                        .status());

        clock.set(WINDOW.plusSeconds(60));
        assertEquals(
                200, Calls.call(list, Calls.event("list-zones", caller.key())).status());
    }

    @Test
    void aRefusedKeyIsNotCounted() {
        Reply unauthenticated = Calls.call(list, Calls.event("list-zones", "rk_live_" + "1".repeat(43)));
        assertEquals(401, unauthenticated.status());
        assertEquals(null, unauthenticated.header("Retry-After"));
    }
}
