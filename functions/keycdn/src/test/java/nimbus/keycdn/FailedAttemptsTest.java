package nimbus.keycdn;

import static nimbus.keycdn.Calls.call;
import static nimbus.keycdn.Calls.from;
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

/**
 * COMPAT.md's 451: 10 failed authentications from one IP in a 600 s window block that IP, a valid key included,
 * until the window ends; other IPs are not affected. Time is moved, never waited.
 */
class FailedAttemptsTest {
    private static final Instant WINDOW = Instant.parse("2031-07-08T09:00:00Z"); // a multiple of 600 s
    private static final String BAD_KEY = "sk_prod_" + "7".repeat(43);

    private final TestClock clock = new TestClock(WINDOW.plusSeconds(100));
    private final String ip = Calls.newSource();
    private ApplicationContext context;
    private ListZonesHandler list;
    private AddZoneHandler add;

    @BeforeEach
    void contextWithTheTestClock() {
        System.clearProperty("NIMBUS_KEYCDN_FAILED_AUTH_LIMIT");
        context = TestStack.contextWith(clock);
        list = new ListZonesHandler(context);
        add = new AddZoneHandler(context);
    }

    @AfterEach
    void close() {
        context.close();
    }

    private Reply listFrom(String source, String key) {
        return call(list, from(Calls.event("list-zones", key), source));
    }

    private static void assertBlocked(Reply reply, long seconds) {
        assertEquals(451, reply.status(), reply.text());
        assertEquals(
                Expected.error("Too many failed attempts: this IP is blocked for " + seconds + " seconds."),
                reply.text());
        assertEquals(Long.toString(seconds), reply.header("Retry-After"));
        assertNull(reply.header("X-Rate-Limit-Remaining"));
    }

    @Test
    void tenFailuresBlockTheIpForEveryKeyUntilTheWindowEnds() {
        TestAccount owner = Stored.account();
        for (int i = 1; i <= 10; i++) {
            Reply failed = listFrom(ip, i % 2 == 0 ? BAD_KEY : null);
            assertEquals(401, failed.status(), "attempt " + i);
            assertEquals(Expected.error("Unauthorized: invalid API key."), failed.text());
        }
        // Blocked: a wrong key, a valid key and a write alike, and nothing is written.
        clock.set(WINDOW.plusSeconds(400));
        assertBlocked(listFrom(ip, BAD_KEY), 200);
        assertBlocked(listFrom(ip, owner.key()), 200);
        assertBlocked(call(add, from(Calls.event("add-zone", owner.key()), ip)), 200);
        assertEquals(List.of(), Stored.zones().list(owner.id()));
        // Other IPs are not affected, with either key.
        Reply elsewhere = listFrom(Calls.newSource(), owner.key());
        assertEquals(200, elsewhere.status());
        // The valid key's own rate count was not spent by the refusals: this is its first counted call.
        assertEquals("59", elsewhere.header("X-Rate-Limit-Remaining"));
        assertEquals(401, listFrom(Calls.newSource(), BAD_KEY).status());

        // The next window starts afresh.
        clock.set(WINDOW.plusSeconds(600));
        Reply after = listFrom(ip, owner.key());
        assertEquals(200, after.status(), after.text());
    }

    @Test
    void nineFailuresAndTheValidKeyStillWorks() {
        TestAccount owner = Stored.account();
        for (int i = 1; i <= 9; i++) assertEquals(401, listFrom(ip, BAD_KEY).status());
        assertEquals(200, listFrom(ip, owner.key()).status());
        // Successes do not reset the count: the tenth failure blocks.
        assertEquals(401, listFrom(ip, BAD_KEY).status());
        assertBlocked(listFrom(ip, owner.key()), 500);
    }

    @Test
    void theLimitIsASetting() {
        System.setProperty("NIMBUS_KEYCDN_FAILED_AUTH_LIMIT", "2");
        try {
            assertEquals(401, listFrom(ip, BAD_KEY).status());
            assertEquals(401, listFrom(ip, BAD_KEY).status());
            assertBlocked(listFrom(ip, Stored.account().key()), 500);
        } finally {
            System.clearProperty("NIMBUS_KEYCDN_FAILED_AUTH_LIMIT");
        }
    }
}
