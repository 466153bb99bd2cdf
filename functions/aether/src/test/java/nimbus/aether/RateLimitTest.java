package nimbus.aether;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import nimbus.aether.Calls.Reply;
import nimbus.local.kit.TestStack.TestAccount;
import org.junit.jupiter.api.Test;

class RateLimitTest {
    private static final String LIMIT = "NIMBUS_AETHER_RATE_LIMIT";

    /** Waits out the end of a minute so a burst of calls lands in one fixed window. */
    private static void awayFromTheMinuteBoundary() throws InterruptedException {
        long second = Instant.now().getEpochSecond() % 60;
        if (second >= 50) Thread.sleep((61 - second) * 1000);
    }

    private static long window() {
        long now = Instant.now().getEpochSecond();
        return now - now % 60;
    }

    @Test
    void theFourthCallInAMinuteIs429WithTheLimitHeaders() throws Exception {
        System.setProperty(LIMIT, "3");
        try {
            for (int attempt = 0; attempt < 2; attempt++) {
                awayFromTheMinuteBoundary();
                TestAccount caller = Stored.account();
                long window = window();
                List<Reply> replies = new ArrayList<>();
                for (int i = 0; i < 4; i++) replies.add(Operation.LIST_FILES.call(caller.key()));
                if (window != window()) continue; // the window rolled over mid-burst: try once more
                for (int i = 0; i < 3; i++) {
                    Reply ok = replies.get(i);
                    assertEquals(200, ok.status());
                    assertEquals("3", ok.header("X-RateLimit-Limit"));
                    assertEquals(Integer.toString(2 - i), ok.header("X-RateLimit-Remaining"));
                    assertNotNull(ok.header("X-RateLimit-Reset"));
                }
                Reply limited = replies.get(3);
                assertEquals(429, limited.status());
                assertFalse(limited.success());
                assertEquals("rate_limited", limited.errorCode());
                assertEquals("3", limited.header("X-RateLimit-Limit"));
                assertEquals("0", limited.header("X-RateLimit-Remaining"));
                assertNotNull(limited.header("Retry-After"));

                // Another key has its own budget.
                assertEquals(
                        200, Operation.LIST_FILES.call(Stored.account().key()).status());
                return;
            }
            throw new AssertionError("the minute rolled over twice");
        } finally {
            System.clearProperty(LIMIT);
        }
    }

    @Test
    void everyOperationCountsAgainstTheSameKeyBudget() throws Exception {
        System.setProperty(LIMIT, "3");
        try {
            for (int attempt = 0; attempt < 2; attempt++) {
                awayFromTheMinuteBoundary();
                TestAccount caller = Stored.account();
                long window = window();
                Reply first = Operation.USER_STATS.call(caller.key());
                Reply second = Operation.LIST_FOLDERS.call(caller.key());
                Reply third = Operation.CREATE_FOLDER.call(caller.key());
                Reply fourth = Operation.LIST_FILES.call(caller.key());
                if (window != window()) continue;
                assertEquals(200, first.status());
                assertEquals("2", first.header("X-RateLimit-Remaining"));
                assertEquals(200, second.status());
                assertEquals(201, third.status());
                assertEquals("0", third.header("X-RateLimit-Remaining"));
                assertEquals(429, fourth.status());
                assertEquals("rate_limited", fourth.errorCode());
                return;
            }
            throw new AssertionError("the minute rolled over twice");
        } finally {
            System.clearProperty(LIMIT);
        }
    }

    @Test
    void errorsAndSuccessesCarryTheDefaultLimitHeaders() {
        TestAccount caller = Stored.account();
        Reply ok = Operation.LIST_FILES.call(caller.key());
        assertEquals(200, ok.status());
        assertEquals("120", ok.header("X-RateLimit-Limit"));
        assertEquals("119", ok.header("X-RateLimit-Remaining"));
        Reply notFound = Operation.DOWNLOAD_FILE.call(caller.key());
        assertEquals(404, notFound.status());
        assertEquals("120", notFound.header("X-RateLimit-Limit"));
        assertEquals("118", notFound.header("X-RateLimit-Remaining"));
        Reply badRequest = Calls.call(
                Operation.LIST_FILES.handler(),
                Calls.query(Operation.LIST_FILES.event(caller.key()), java.util.Map.of("limit", "abc")));
        assertEquals(400, badRequest.status());
        assertEquals("117", badRequest.header("X-RateLimit-Remaining"));
        Reply forbidden =
                Operation.LIST_FILES.call(Stored.account(java.util.Set.of()).key());
        assertEquals(403, forbidden.status());
        assertEquals("120", forbidden.header("X-RateLimit-Limit"));
    }
}
