package nimbus.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.ApplicationContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import nimbus.local.kit.Events;
import nimbus.local.kit.Faults;
import nimbus.local.kit.LocalAws;
import nimbus.local.kit.TestClock;
import nimbus.local.kit.TestStack;
import nimbus.shared.Settings;
import nimbus.shared.account.AccountService;
import nimbus.shared.account.QuotaTier;
import nimbus.shared.files.FileRecord;
import nimbus.shared.files.FileService;
import nimbus.shared.files.NewFile;
import nimbus.shared.usage.Amount;
import nimbus.shared.usage.Interval;
import nimbus.shared.usage.Period;
import nimbus.shared.usage.Requests;
import nimbus.shared.usage.UsageService;
import nimbus.shared.zone.Zone;
import nimbus.shared.zone.ZoneKind;
import nimbus.shared.zone.ZoneService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The log-ingest function fed real log objects from the local logs bucket: what each zone and account is credited,
 * and that a log object counts once however often (and however ambiguously) it is delivered.
 */
class LogIngestHandlerTest {
    private static final Instant HOUR = Instant.parse("2031-07-08T09:00:00Z");
    private static final String FIELDS = "#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host)"
            + " cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type"
            + " x-edge-request-id x-host-header cs-protocol cs-bytes time-taken";

    private final TestClock clock = new TestClock(Instant.parse("2031-07-08T12:00:00Z"));
    private final ApplicationContext context = TestStack.contextWith(clock);
    private final String bucket = LocalAws.shared().resources().physicalName("LogsBucket");

    @AfterEach
    void close() {
        context.close();
    }

    private static String account(String name) {
        return TestStack.context()
                .getBean(AccountService.class)
                .create(name + "-" + System.nanoTime() + "@example.test", name, QuotaTier.VERIFIED)
                .id();
    }

    private static Zone zone(String accountId, String name) {
        return TestStack.context().getBean(ZoneService.class).create(accountId, name, ZoneKind.PUSH, null, Map.of());
    }

    private static String line(String time, long bytes, String host, String uri, int status, String result) {
        return String.join(
                "\t",
                "2031-07-08",
                time,
                "FRA56-P1",
                Long.toString(bytes),
                "192.0.2.1",
                "GET",
                "d1.cloudfront.net",
                uri,
                Integer.toString(status),
                "-",
                "curl/8.0",
                "-",
                "-",
                result,
                "id==",
                host,
                "https",
                "90",
                "0.001");
    }

    private String putLog(String... lines) {
        String key = "cdn/E2EXAMPLE.2031-07-08-09." + System.nanoTime() + ".gz";
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(("#Version: 1.0\n" + FIELDS + "\n" + String.join("\n", lines) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestStack.context()
                .getBean(S3Client.class)
                .putObject(p -> p.bucket(bucket).key(key), RequestBody.fromBytes(gz.toByteArray()));
        return key;
    }

    private void deliver(ApplicationContext in, String key) {
        new LogIngestHandler(in).handleRequest(Events.s3ObjectCreated(bucket, key), null);
    }

    private UsageService usage() {
        return context.getBean(UsageService.class);
    }

    private Period theHour() {
        long t = HOUR.getEpochSecond();
        return new Period(t, t, Interval.HOUR, clock.instant().getEpochSecond());
    }

    @Test
    void eachRequestIsCreditedToTheZoneOfItsHostAndToItsAccount() {
        String owner = account("owner");
        String other = account("other");
        Zone mine = zone(owner, "mine");
        Zone theirs = zone(other, "theirs");
        String key = putLog(
                line("09:01:00", 1000, mine.hostname(), "/a.css", 200, "Hit"),
                line("09:02:00", 500, mine.hostname().toUpperCase() + ":443", "/b.css", 200, "Miss"),
                line("09:03:00", 100, mine.hostname(), "/gone", 404, "RefreshHit"),
                line("09:04:00", 7000, theirs.hostname(), "/c.js", 200, "Miss"),
                line("09:05:00", 9999, "nobody.example.org", "/x", 200, "Miss"),
                "not a log line");
        deliver(context, key);

        assertEquals(List.of(new Amount(HOUR.getEpochSecond(), 1600)), usage().traffic(owner, mine.id(), theHour()));
        assertEquals(List.of(new Amount(HOUR.getEpochSecond(), 1600)), usage().traffic(owner, null, theHour()));
        assertEquals(
                List.of(new Requests(HOUR.getEpochSecond(), 2, 1, 2, 0, 1, 0)),
                usage().requests(owner, mine.id(), theHour()));
        assertEquals(List.of(new Amount(HOUR.getEpochSecond(), 7000)), usage().traffic(other, null, theHour()));
        var month = usage().current(owner, false);
        assertEquals(3, month.requests());
        assertEquals(1600, month.bandwidthBytes());
        assertEquals(2.0 / 3.0, month.cacheHitRate(), 1e-9);
    }

    @Test
    void filesHostRequestsAreCreditedToTheFileOwner() {
        String owner = account("files");
        FileRecord file = TestStack.context()
                .getBean(FileService.class)
                .upload(owner, new NewFile("cat.png", "image/png", new byte[] {1, 2, 3}));
        String filesHost = URI.create(Settings.cdnBaseUrl()).getHost();
        deliver(
                context,
                putLog(
                        line("09:10:00", 3, filesHost, "/" + file.id() + "/cat.png", 200, "Miss"),
                        line("09:11:00", 3, filesHost, "/" + file.id() + "/cat.png", 200, "Hit"),
                        line("09:12:00", 50, filesHost, "/no-such-file/x.png", 404, "Error")));
        assertEquals(List.of(new Amount(HOUR.getEpochSecond(), 6)), usage().traffic(owner, null, theHour()));
        assertEquals(List.of(new Amount(HOUR.getEpochSecond(), 6)), usage().traffic(owner, file.zoneId(), theHour()));
    }

    @Test
    void aLogObjectDeliveredTwiceCountsOnce() {
        String owner = account("twice");
        Zone zone = zone(owner, "twice");
        String key = putLog(line("09:20:00", 10, zone.hostname(), "/a", 200, "Hit"));
        deliver(context, key);
        deliver(context, key);
        assertEquals(List.of(new Amount(HOUR.getEpochSecond(), 10)), usage().traffic(owner, zone.id(), theHour()));
    }

    @Test
    void aCommitWhoseAnswerWasLostCountsOnceWhenDeliveredAgain() {
        String owner = account("lost");
        Zone zone = zone(owner, "lost");
        String key = putLog(line("09:30:00", 10, zone.hostname(), "/a", 200, "Miss"));
        Faults faults = new Faults().inject("TransactWriteItems", Faults.Kind.RESPONSE_LOST, 1, 3);
        try (ApplicationContext failing = TestStack.contextWith(clock, faults)) {
            try {
                deliver(failing, key); // every answer lost: the invocation fails, as Lambda would see it
            } catch (RuntimeException expected) {
                // Lambda retries the event
            }
        }
        deliver(context, key);
        assertEquals(List.of(new Amount(HOUR.getEpochSecond(), 10)), usage().traffic(owner, zone.id(), theHour()));
    }

    /**
     * 3 zones over 24 hours are 100 counters (72 zone-hours, 3 zone-days, 24 account-hours, 1 account-day): two
     * transactions, each counted once, redelivered or not.
     */
    @Test
    void aLogObjectOfManyCountersIsCountedInPartsAndOnce() {
        String owner = account("many");
        List<Zone> zones = List.of(zone(owner, "manya"), zone(owner, "manyb"), zone(owner, "manyc"));
        List<String> lines = new java.util.ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            int hour = i % 24;
            lines.add(line(
                    String.format("%02d:%02d:00", hour, i % 60),
                    100,
                    zones.get(i % 3).hostname(),
                    "/f",
                    200,
                    "Hit"));
        }
        String key = putLog(lines.toArray(String[]::new));
        long started = System.nanoTime();
        deliver(context, key);
        long millis = (System.nanoTime() - started) / 1_000_000;
        deliver(context, key);
        System.out.println("[log ingest] 10,000 lines, 3 zones x 24 hours (100 counters, 2 parts) counted in " + millis
                + " ms on moto");

        long day = Instant.parse("2031-07-08T00:00:00Z").getEpochSecond();
        Period wholeDay = new Period(day, day, Interval.DAY, clock.instant().getEpochSecond());
        assertEquals(List.of(new Amount(day, 1_000_000)), usage().traffic(owner, null, wholeDay));
        long perZone = zones.stream()
                .mapToLong(z -> usage().traffic(owner, z.id(), wholeDay).get(0).amount())
                .sum();
        assertEquals(1_000_000, perZone);
    }
}
