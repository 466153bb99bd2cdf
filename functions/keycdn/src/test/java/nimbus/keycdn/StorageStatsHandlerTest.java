package nimbus.keycdn;

import static nimbus.keycdn.Calls.call;
import static nimbus.keycdn.Reports.DAY;
import static nimbus.keycdn.Reports.HOUR;
import static nimbus.keycdn.Reports.get;
import static nimbus.keycdn.Reports.row;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.ApplicationContext;
import java.util.List;
import nimbus.keycdn.Calls.Reply;
import nimbus.local.kit.TestClock;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.files.FileRecord;
import nimbus.shared.files.FileService;
import nimbus.shared.files.NewFile;
import nimbus.shared.zone.Zone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Storage is the stored bytes now, for every interval since the zone or account was created; 0 before. */
class StorageStatsHandlerTest {
    private final TestAccount owner = Stored.account();
    private final long created = owner.account().createdAt().getEpochSecond();
    private final long createdDay = Reports.floor(created, DAY);
    private final TestClock clock = new TestClock(owner.account().createdAt().plusSeconds(2 * DAY));
    private final ApplicationContext context = TestStack.contextWith(clock);
    private final StorageStatsHandler handler = new StorageStatsHandler(context);

    @AfterEach
    void close() {
        context.close();
    }

    private Reply days(String... zone) {
        String[] params = zone.length == 0
                ? new String[] {"start", Long.toString(createdDay - 2 * DAY), "end", Long.toString(created + 2 * DAY)}
                : new String[] {
                    "zone_id",
                    zone[0],
                    "start",
                    Long.toString(createdDay - 2 * DAY),
                    "end",
                    Long.toString(created + 2 * DAY)
                };
        return call(handler, get("storage-stats", owner.key(), params));
    }

    private String accountDays(long bytes) {
        return Reports.stats(List.of(
                row(0, createdDay - 2 * DAY),
                row(0, createdDay - DAY),
                row(bytes, createdDay),
                row(bytes, createdDay + DAY),
                row(bytes, createdDay + 2 * DAY)));
    }

    @Test
    void theAccountsStoredBytesFollowEveryWriteAndDelete() {
        FileService files = TestStack.context().getBean(FileService.class);
        assertEquals(accountDays(0), days().text());
        FileRecord first = files.upload(owner.id(), new NewFile("a.txt", "text/plain", new byte[1234]));
        files.upload(owner.id(), new NewFile("b.txt", "text/plain", new byte[766]));
        Reply reply = days();
        assertEquals(200, reply.status());
        assertEquals(accountDays(2000), reply.text());
        files.delete(owner.id(), first.id());
        assertEquals(accountDays(766), days().text());
    }

    @Test
    void aZonesFigureIsTheZonesCounterSinceTheZoneWasCreated() {
        Zone zone = Stored.push(owner, "stored");
        long zoneDay = Reports.floor(zone.createdAt().getEpochSecond(), DAY);
        TestStack.setZoneCounter(zone.id(), "storageUsed", 538923008L);
        Reply reply = days(zone.id());
        assertEquals(200, reply.status());
        List<String> rows = new java.util.ArrayList<>();
        for (long t = createdDay - 2 * DAY; t <= createdDay + 2 * DAY; t += DAY)
            rows.add(row(t >= zoneDay ? 538923008L : 0, t));
        assertEquals(Reports.stats(rows), reply.text());
    }

    @Test
    void byHourTheHoursBeforeTheCreationAreZero() {
        long createdHour = Reports.floor(created, HOUR);
        Reply reply = call(
                handler,
                get(
                        "storage-stats",
                        owner.key(),
                        "interval",
                        "hour",
                        "start",
                        Long.toString(createdHour - HOUR),
                        "end",
                        Long.toString(createdHour + HOUR)));
        TestStack.setAccountCounter(owner.id(), "storageUsed", 10);
        assertEquals(Reports.stats(Reports.rows(0, createdHour - HOUR, HOUR, 3)), reply.text());
        reply = call(
                handler,
                get(
                        "storage-stats",
                        owner.key(),
                        "interval",
                        "hour",
                        "start",
                        Long.toString(createdHour - HOUR),
                        "end",
                        Long.toString(createdHour + HOUR)));
        assertEquals(
                Reports.stats(List.of(row(0, createdHour - HOUR), row(10, createdHour), row(10, createdHour + HOUR))),
                reply.text());
    }

    @Test
    void anotherAccountsZoneReadsExactlyAsAnUnknownOne() {
        Zone theirs = Stored.push(Stored.account(), "theirs");
        TestStack.setZoneCounter(theirs.id(), "storageUsed", 99);
        for (String id : new String[] {theirs.id(), "999999999999"}) {
            Reply reply = days(id);
            assertEquals(403, reply.status());
            assertEquals(ViewZoneHandlerTest.NO_ZONE, reply.text());
        }
    }
}
