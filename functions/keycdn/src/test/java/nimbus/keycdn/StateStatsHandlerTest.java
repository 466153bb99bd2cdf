package nimbus.keycdn;

import static nimbus.keycdn.Calls.call;
import static nimbus.keycdn.Reports.DAY;
import static nimbus.keycdn.Reports.HOUR;
import static nimbus.keycdn.Reports.get;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.ApplicationContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import nimbus.keycdn.Calls.Reply;
import nimbus.local.kit.TestClock;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StateStatsHandlerTest {
    private static final Instant NOW = Instant.parse("2031-03-04T05:06:07Z");

    private final TestClock clock = new TestClock(NOW);
    private final ApplicationContext context = TestStack.contextWith(clock);
    private final StateStatsHandler handler = new StateStatsHandler(context);
    private final TestAccount owner = Stored.account();

    @AfterEach
    void close() {
        context.close();
    }

    private static String noRequests(long first, long interval, int count) {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) rows.add(Reports.noRequests(first + i * interval));
        return Reports.stats(rows);
    }

    @Test
    void theGoClientsIntervalHourAloneIsTheLastDayByHour() {
        Reply reply = call(handler, get("state-stats", owner.key(), "interval", "hour"));
        assertEquals(200, reply.status());
        long hour = Reports.floor(NOW.getEpochSecond(), HOUR);
        assertEquals(noRequests(hour - 23 * HOUR, HOUR, 24), reply.text());
    }

    @Test
    void theSeedsExampleRangeByDayHasTheSeedsFieldsAndTheParameterTables() {
        Reply reply = call(handler, get("state-stats", owner.key(), "start", "1541030400", "end", "1541203200"));
        assertEquals(200, reply.status());
        assertEquals(noRequests(1541030400L, DAY, 3), reply.text());
    }

    @Test
    void aZoneOfAnotherAccountIs403() {
        var theirs = Stored.pull(Stored.account(), "theirs");
        Reply reply = call(handler, get("state-stats", owner.key(), "zone_id", theirs.id(), "interval", "hour"));
        assertEquals(403, reply.status());
        assertEquals(ViewZoneHandlerTest.NO_ZONE, reply.text());
    }
}
