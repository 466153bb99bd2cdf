package nimbus.keycdn;

import static nimbus.keycdn.Calls.call;
import static nimbus.keycdn.Reports.DAY;
import static nimbus.keycdn.Reports.HOUR;
import static nimbus.keycdn.Reports.get;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.ApplicationContext;
import java.time.Instant;
import java.util.Map;
import nimbus.keycdn.Calls.Reply;
import nimbus.local.kit.TestClock;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.zone.Zone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TrafficStatsHandlerTest {
    private static final Instant NOW = Instant.parse("2031-03-04T05:06:07Z");
    private static final String SEED_EXAMPLE = Reports.stats(Reports.rows(0, 1541030400L, DAY, 3));

    private final TestClock clock = new TestClock(NOW);
    private final ApplicationContext context = TestStack.contextWith(clock);
    private final TrafficStatsHandler handler = new TrafficStatsHandler(context);
    private final TestAccount owner = Stored.account();

    @AfterEach
    void close() {
        context.close();
    }

    @Test
    void theSeedsExampleRangeHasOneZeroRowPerDayWithStringScalars() {
        Reply reply = call(handler, get("traffic-stats", owner.key(), "start", "1541030400", "end", "1541203200"));
        assertEquals(200, reply.status());
        assertEquals(SEED_EXAMPLE, reply.text());
        Zone zone = Stored.pull(owner, "traffic");
        assertEquals(
                SEED_EXAMPLE,
                call(
                                handler,
                                get(
                                        "traffic-stats",
                                        owner.key(),
                                        "zone_id",
                                        zone.id(),
                                        "start",
                                        "1541030400",
                                        "end",
                                        "1541203200"))
                        .text());
    }

    @Test
    void theParametersMayComeAsAFormBodyOnTheGet() {
        Reply reply = call(
                handler,
                Calls.form(
                        Calls.query(Calls.event("traffic-stats", owner.key()), Map.of()),
                        "start=1541030400&end=1541203200"));
        assertEquals(200, reply.status());
        assertEquals(SEED_EXAMPLE, reply.text());
    }

    @Test
    void withoutStartAndEndTheLatestTwentyFourIntervalsUpToNow() {
        long today = Reports.floor(NOW.getEpochSecond(), DAY);
        assertEquals(
                Reports.stats(Reports.rows(0, today - 23 * DAY, DAY, 24)),
                call(handler, get("traffic-stats", owner.key())).text());
        long hour = Reports.floor(NOW.getEpochSecond(), HOUR);
        assertEquals(
                Reports.stats(Reports.rows(0, hour - 23 * HOUR, HOUR, 24)),
                call(handler, get("traffic-stats", owner.key(), "interval", "hour"))
                        .text());
    }

    @Test
    void intervalsThatHaveNotBegunAreLeftOut() {
        long today = Reports.floor(NOW.getEpochSecond(), DAY);
        assertEquals(
                Reports.stats(Reports.rows(0, today - DAY, DAY, 2)),
                call(
                                handler,
                                get(
                                        "traffic-stats",
                                        owner.key(),
                                        "start",
                                        Long.toString(today - DAY),
                                        "end",
                                        Long.toString(today + 5 * DAY)))
                        .text());
    }

    @Test
    void badParametersAre400sThatNameTheParameter() {
        String[][] cases = {
            {"Missing required parameter: start.", "end", "1541203200"},
            {"Missing required parameter: end.", "start", "1541030400"},
            {"Invalid parameter start.", "start", "yesterday", "end", "1541203200"},
            {"Invalid parameter end.", "start", "1541030400", "end", "-1"},
            {"Invalid parameter end.", "start", "1541203200", "end", "1541030400"},
            {
                "Invalid parameter interval: week is not allowed.",
                "start",
                "1541030400",
                "end",
                "1541203200",
                "interval",
                "week"
            },
            {"Invalid parameter zone_id.", "zone_id", "abc", "start", "1541030400", "end", "1541203200"},
            {
                "Invalid parameter end: at most 744 intervals from start to end.",
                "start",
                "0",
                "end",
                "2678400",
                "interval",
                "hour"
            },
        };
        for (String[] c : cases) {
            String[] pairs = java.util.Arrays.copyOfRange(c, 1, c.length);
            Reply reply = call(handler, get("traffic-stats", owner.key(), pairs));
            assertEquals(400, reply.status(), String.join(" ", pairs));
            assertEquals(Expected.error(c[0]), reply.text(), String.join(" ", pairs));
        }
        // 31 days of hours is the most one report holds.
        assertEquals(
                200,
                call(handler, get("traffic-stats", owner.key(), "start", "0", "end", "2674800", "interval", "hour"))
                        .status());
    }

    @Test
    void anotherAccountsZoneReadsExactlyAsAnUnknownOne() {
        Zone theirs = Stored.pull(Stored.account(), "theirs");
        for (String id : new String[] {theirs.id(), "999999999999"}) {
            Reply reply = call(
                    handler,
                    get("traffic-stats", owner.key(), "zone_id", id, "start", "1541030400", "end", "1541203200"));
            assertEquals(403, reply.status());
            assertEquals(ViewZoneHandlerTest.NO_ZONE, reply.text());
        }
    }
}
