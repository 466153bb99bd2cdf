package nimbus.aether;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micronaut.context.ApplicationContext;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import nimbus.aether.Calls.Reply;
import nimbus.local.kit.TestClock;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.http.ApiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The per-key fixed window (a minute), against moto, with the handlers' clock in the test's hands: time is
 * moved across a window boundary, never waited out.
 */
class RateLimitTest {
    private static final String LIMIT = "NIMBUS_AETHER_RATE_LIMIT";
    /** The start of a one-minute window. */
    private static final Instant WINDOW = Instant.parse("2031-03-04T05:06:00Z");

    private static final long RESET = WINDOW.getEpochSecond() + 60;

    private final TestClock clock = new TestClock(WINDOW.plusSeconds(10));
    private final Map<Operation, ApiFunction> handlers = new EnumMap<>(Operation.class);
    private ApplicationContext context;
    private String previousLimit;

    @BeforeEach
    void contextWithTheTestClock() {
        context = TestStack.contextWith(clock);
        previousLimit = System.getProperty(LIMIT);
    }

    @AfterEach
    void restore() {
        if (previousLimit == null) System.clearProperty(LIMIT);
        else System.setProperty(LIMIT, previousLimit);
        context.close();
    }

    private Reply call(Operation op, String key) {
        ApiFunction handler = handlers.computeIfAbsent(op, o -> o.handler(context));
        return Calls.call(handler, op.event(key));
    }

    private static void assertAllowed(Reply reply, int status, long limit, long remaining, long reset) {
        assertEquals(status, reply.status(), new String(reply.body()));
        assertEquals(Long.toString(limit), reply.header("X-RateLimit-Limit"));
        assertEquals(Long.toString(remaining), reply.header("X-RateLimit-Remaining"));
        assertEquals(Long.toString(reset), reply.header("X-RateLimit-Reset"));
        assertNull(reply.header("Retry-After"));
    }

    private static void assertLimited(Reply reply, long limit, long reset, long retryAfter) {
        assertEquals(429, reply.status());
        assertFalse(reply.success());
        assertEquals("rate_limited", reply.errorCode());
        assertEquals("Too many requests: at most " + limit + " per minute", reply.errorMessage());
        assertEquals(Long.toString(limit), reply.header("X-RateLimit-Limit"));
        assertEquals("0", reply.header("X-RateLimit-Remaining"));
        assertEquals(Long.toString(reset), reply.header("X-RateLimit-Reset"));
        assertEquals(Long.toString(retryAfter), reply.header("Retry-After"));
    }

    @Test
    void theFourthCallInAWindowIs429AndTheCountResetsWithTheNextWindow() {
        System.setProperty(LIMIT, "3");
        TestAccount caller = Stored.account();
        for (int i = 0; i < 3; i++) assertAllowed(call(Operation.LIST_FILES, caller.key()), 200, 3, 2 - i, RESET);
        assertLimited(call(Operation.LIST_FILES, caller.key()), 3, RESET, 50);

        clock.set(WINDOW.plusSeconds(59).plusMillis(999)); // the last instant of the window: still refused
        assertLimited(call(Operation.LIST_FILES, caller.key()), 3, RESET, 1);

        clock.set(WINDOW.plusSeconds(60)); // the next window: a fresh count
        assertAllowed(call(Operation.LIST_FILES, caller.key()), 200, 3, 2, RESET + 60);
        assertAllowed(call(Operation.LIST_FILES, caller.key()), 200, 3, 1, RESET + 60);
        assertAllowed(call(Operation.LIST_FILES, caller.key()), 200, 3, 0, RESET + 60);
        assertLimited(call(Operation.LIST_FILES, caller.key()), 3, RESET + 60, 60);
    }

    @Test
    void anotherKeyHasItsOwnBudget() {
        System.setProperty(LIMIT, "1");
        TestAccount spender = Stored.account();
        assertAllowed(call(Operation.LIST_FILES, spender.key()), 200, 1, 0, RESET);
        assertLimited(call(Operation.LIST_FILES, spender.key()), 1, RESET, 50);
        assertAllowed(call(Operation.LIST_FILES, Stored.account().key()), 200, 1, 0, RESET);
    }

    @Test
    void everyOperationCountsAgainstTheSameKeyBudget() {
        System.setProperty(LIMIT, "3");
        TestAccount caller = Stored.account();
        assertAllowed(call(Operation.USER_STATS, caller.key()), 200, 3, 2, RESET);
        assertAllowed(call(Operation.LIST_FOLDERS, caller.key()), 200, 3, 1, RESET);
        assertAllowed(call(Operation.CREATE_FOLDER, caller.key()), 201, 3, 0, RESET);
        assertLimited(call(Operation.LIST_FILES, caller.key()), 3, RESET, 50);
        // A refused write is refused before it runs: still the one folder.
        assertLimited(call(Operation.CREATE_FOLDER, caller.key()), 3, RESET, 50);
        assertEquals(1, TestStack.reload(caller.id()).folderCount());
    }

    @Test
    void errorsAndSuccessesCarryTheDefaultLimitHeaders() {
        System.clearProperty(LIMIT);
        TestAccount caller = Stored.account();
        assertAllowed(call(Operation.LIST_FILES, caller.key()), 200, 120, 119, RESET);
        Reply notFound = call(Operation.DOWNLOAD_FILE, caller.key());
        assertEquals("not_found", notFound.errorCode());
        assertAllowed(notFound, 404, 120, 118, RESET);
        Reply badRequest = Calls.call(
                handlers.get(Operation.LIST_FILES),
                Calls.query(Operation.LIST_FILES.event(caller.key()), Map.of("limit", "abc")));
        assertEquals("bad_request", badRequest.errorCode());
        assertAllowed(badRequest, 400, 120, 117, RESET);
        Reply forbidden = call(Operation.LIST_FILES, Stored.account(Set.of()).key());
        assertEquals("forbidden", forbidden.errorCode());
        assertAllowed(forbidden, 403, 120, 119, RESET);
    }
}
