package nimbus.keycdn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micronaut.context.ApplicationContext;
import java.time.Instant;
import java.util.List;
import nimbus.keycdn.Calls.Reply;
import nimbus.local.kit.TestClock;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** 60 requests per 60 s window per key, with the seed's headers in their exact case; time moved, never waited. */
class RateLimitTest {
    private static final Instant WINDOW = Instant.parse("2031-03-04T05:06:00Z");

    private final TestClock clock = new TestClock(WINDOW.plusSeconds(10));
    private ApplicationContext context;
    private ListZonesHandler list;
    private ViewZoneHandler view;
    private AddZoneHandler add;

    @BeforeEach
    void contextWithTheTestClock() {
        System.clearProperty("NIMBUS_KEYCDN_RATE_LIMIT");
        context = TestStack.contextWith(clock);
        list = new ListZonesHandler(context);
        view = new ViewZoneHandler(context);
        add = new AddZoneHandler(context);
    }

    @AfterEach
    void close() {
        context.close();
    }

    private static void assertCounted(Reply reply, int status, long remaining) {
        assertEquals(status, reply.status(), reply.text());
        assertEquals("60", reply.header("X-Rate-Limit-Limit"));
        assertEquals(Long.toString(remaining), reply.header("X-Rate-Limit-Remaining"));
        assertNull(reply.header("Retry-After"));
    }

    @Test
    void theSixtyFirstCallInAWindowIs429AndTheNextWindowStartsAfresh() {
        TestAccount caller = Stored.account();
        for (int i = 1; i <= 60; i++)
            assertCounted(Calls.call(list, Calls.event("list-zones", caller.key())), 200, 60 - i);
        Reply limited = Calls.call(list, Calls.event("list-zones", caller.key()));
        assertEquals(429, limited.status());
        assertEquals(Expected.error("Rate limit exceeded: at most 60 requests per 60 seconds."), limited.text());
        assertEquals("60", limited.header("X-Rate-Limit-Limit"));
        assertEquals("0", limited.header("X-Rate-Limit-Remaining"));
        assertEquals("50", limited.header("Retry-After"));
        // A refused write is refused before it runs.
        assertEquals(429, Calls.call(add, Calls.event("add-zone", caller.key())).status());
        assertEquals(List.of(), Stored.zones().list(caller.id()));
        // Another key has its own budget.
        assertCounted(
                Calls.call(list, Calls.event("list-zones", Stored.account().key())), 200, 59);

        clock.set(WINDOW.plusSeconds(60));
        assertCounted(Calls.call(list, Calls.event("list-zones", caller.key())), 200, 59);
    }

    @Test
    void errorsAfterTheCountCarryTheHeadersInTheSeedsCase() {
        TestAccount caller = Stored.account();
        Reply ok = Calls.call(list, Calls.event("list-zones", caller.key()));
        assertCounted(ok, 200, 59);
        // The exact case, not just case-insensitively equal.
        assertEquals(
                List.of("X-Rate-Limit-Limit", "X-Rate-Limit-Remaining"),
                ok.headers().keySet().stream()
                        .filter(h -> h.toLowerCase().startsWith("x-rate"))
                        .sorted()
                        .toList());
        Reply forbidden = Calls.call(view, Calls.event("view-zone", caller.key(), "999999999"));
        assertCounted(forbidden, 403, 58);
        Reply bad = Calls.call(add, Calls.form(Calls.event("add-zone", caller.key()), "type=pull"));
        assertCounted(bad, 400, 57);
    }
}
