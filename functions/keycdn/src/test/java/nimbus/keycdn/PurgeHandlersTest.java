package nimbus.keycdn;

import static nimbus.keycdn.Calls.call;
import static nimbus.keycdn.Calls.event;
import static nimbus.keycdn.Calls.form;
import static nimbus.keycdn.Calls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import nimbus.keycdn.Calls.Reply;
import nimbus.local.kit.TestClock;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.purge.Purge;
import nimbus.shared.purge.PurgeStatus;
import nimbus.shared.purge.PurgeTable;
import nimbus.shared.zone.Zone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The three purges as the seed (and a Go client) send them: each answers at once, after recording the purge as
 * queued; what the purge worker then does is PurgeWorkerHandlerTest's. A clock that moves one second per call keeps
 * the 1-per-second purge limit out of the way, except where it is the subject.
 */
class PurgeHandlersTest {
    private final TestClock clock = new TestClock(Instant.parse("2031-05-06T07:08:09Z"));
    private final ApplicationContext context = TestStack.contextWith(clock);
    private final PurgeZoneHandler zonePurge = new PurgeZoneHandler(context);
    private final PurgeZoneUrlsHandler urlPurge = new PurgeZoneUrlsHandler(context);
    private final PurgeZoneTagsHandler tagPurge = new PurgeZoneTagsHandler(context);
    private final TestAccount owner = Stored.account();

    @AfterEach
    void close() {
        context.close();
    }

    private Reply purge(
            PurgeHandler handler, com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent e) {
        clock.advance(Duration.ofSeconds(1));
        return call(handler, e);
    }

    private static List<Purge> purges(Zone zone) {
        return TestStack.context().getBean(PurgeTable.class).listByZone(zone.id());
    }

    private static String success(String description) {
        return "{\"status\":\"success\",\"description\":\"" + description + "\"}";
    }

    @Test
    void aZonePurgeAnswersAsTheSeedAndQueuesTheWholeZone() {
        Zone zone = Stored.pull(owner, "examplepull");
        Reply reply = purge(zonePurge, event("purge-zone", owner.key(), zone.id()));
        assertEquals(200, reply.status(), reply.text());
        assertEquals(success("Cache has been cleared for zone examplepull."), reply.text());
        List<Purge> recorded = purges(zone);
        assertEquals(1, recorded.size());
        assertTrue(recorded.get(0).wholeZone());
        assertEquals(PurgeStatus.QUEUED, recorded.get(0).status());
        assertEquals(List.of("/" + zone.id() + "/*"), recorded.get(0).cdnPaths());
    }

    @Test
    void urlPurgesTakeTheZonesHostAndAliasesWithOrWithoutSchemeAndDropTheQuery() {
        Zone zone = Stored.pull(owner, "urls");
        var alias = Stored.alias(zone);
        String body = "{\"urls\":[\"" + zone.hostname() + "/css/style.css\",\"https://" + zone.hostname()
                + "/js/app.js?v=2\",\"" + alias.name() + "/img/logo.svg\",\"" + zone.hostname() + "/a b.css\"]}";
        Reply reply = purge(urlPurge, json(event("purge-zone-urls", owner.key(), zone.id()), body));
        assertEquals(200, reply.status(), reply.text());
        assertEquals(success("Cache has been cleared for URL(s)."), reply.text());
        assertEquals(
                List.of("/css/style.css", "/js/app.js", "/img/logo.svg", "/a%20b.css"),
                purges(zone).get(0).paths());
    }

    @Test
    void urlsComeAsFormFieldsAndPhpBracketArraysToo() {
        Zone zone = Stored.push(owner, "forms");
        String h = zone.hostname();
        assertEquals(
                200,
                purge(
                                urlPurge,
                                form(
                                        event("purge-zone-urls", owner.key(), zone.id()),
                                        "urls%5B0%5D=" + h + "/a.css&urls%5B1%5D=" + h + "/b.css"))
                        .status());
        assertEquals(
                200,
                purge(urlPurge, form(event("purge-zone-urls", owner.key(), zone.id()), "urls[]=" + h + "/c.css"))
                        .status());
        assertEquals(
                List.of(List.of("/a.css", "/b.css"), List.of("/c.css")),
                purges(zone).stream().map(Purge::paths).toList());
    }

    @Test
    void cacheKeySuffixesOfTheZonesSettingsAreTakenOffAndQueryKeepingZonesPurgeEveryVariant() {
        Zone zone = Stored.zones()
                .create(
                        owner.id(),
                        "variants",
                        nimbus.shared.zone.ZoneKind.PULL,
                        "https://example.com",
                        Map.of(
                                "cachekeydevice",
                                "enabled",
                                "cachekeywebp",
                                "enabled",
                                "cachekeycountry",
                                "enabled",
                                "cacheignorequerystring",
                                "disabled"));
        String h = zone.hostname();
        String body = "{\"urls\":[\"" + h + "/css/style.cssmobile\",\"" + h + "/img/logo.pngwebpUS\",\"" + h
                + "/img/photo.webp\"]}";
        assertEquals(
                200,
                purge(urlPurge, json(event("purge-zone-urls", owner.key(), zone.id()), body))
                        .status());
        assertEquals(
                List.of("/css/style.css*", "/img/logo.png*", "/img/photo.webp*"),
                purges(zone).get(0).paths());
    }

    @Test
    void aTagPurgeClearsTheWholeZone() {
        Zone zone = Stored.pull(owner, "tags");
        Reply reply = purge(tagPurge, json(event("purge-zone-tags", owner.key(), zone.id()), "{\"tags\":[\"css\"]}"));
        assertEquals(200, reply.status(), reply.text());
        assertEquals(success("Cache has been cleared for tag(s)."), reply.text());
        assertTrue(purges(zone).get(0).wholeZone());
    }

    @Test
    void badInputIs400AndRecordsNothing() {
        Zone zone = Stored.pull(owner, "bad");
        Zone other = Stored.pull(owner, "other");
        Map<String, String> bodies = Map.of(
                "{}",
                "urls",
                "{\"urls\":[]}",
                "urls",
                "{\"urls\":[\"" + other.hostname() + "/x.css\"]}",
                "urls",
                "{\"urls\":[\"elsewhere.example.com/x.css\"]}",
                "urls",
                "{\"urls\":[\"" + zone.hostname() + "/x*.css\"]}",
                "path",
                "{\"urls\":[1]}",
                "urls");
        bodies.forEach((body, field) -> {
            Reply reply = purge(urlPurge, json(event("purge-zone-urls", owner.key(), zone.id()), body));
            assertEquals(400, reply.status(), body + " -> " + reply.text());
            assertEquals("error", reply.json().get("status"));
            assertTrue(reply.description().contains(field), reply.text());
        });
        StringBuilder many = new StringBuilder("{\"urls\":[");
        for (int i = 0; i <= 1000; i++)
            many.append(i == 0 ? "" : ",")
                    .append("\"")
                    .append(zone.hostname())
                    .append("/")
                    .append(i)
                    .append("\"");
        assertEquals(
                400,
                purge(urlPurge, json(event("purge-zone-urls", owner.key(), zone.id()), many + "]}"))
                        .status());
        assertEquals(
                400,
                purge(tagPurge, json(event("purge-zone-tags", owner.key(), zone.id()), "{\"tags\":[]}"))
                        .status());
        assertEquals(List.of(), purges(zone));
    }

    @Test
    void anotherAccountsZoneIs403AndNothingIsPurged() {
        Zone theirs = Stored.pull(Stored.account(), "theirs");
        Reply reply = purge(zonePurge, event("purge-zone", owner.key(), theirs.id()));
        assertEquals(403, reply.status());
        assertEquals(ViewZoneHandlerTest.NO_ZONE, reply.text());
        Reply urls = purge(
                urlPurge,
                json(
                        event("purge-zone-urls", owner.key(), theirs.id()),
                        "{\"urls\":[\"" + theirs.hostname() + "/a\"]}"));
        assertEquals(403, urls.status());
        assertEquals(List.of(), purges(theirs));
    }

    @Test
    void purgesAreLimitedToOneASecondPerKey() {
        Zone zone = Stored.pull(owner, "limited");
        assertEquals(
                200,
                purge(zonePurge, event("purge-zone", owner.key(), zone.id())).status());
        Reply second = call(zonePurge, event("purge-zone", owner.key(), zone.id()));
        assertEquals(429, second.status());
        assertEquals(
                "{\"status\":\"error\",\"description\":\"Rate limit exceeded: at most 1 request per second.\","
                        + "\"error_message\":\"Rate limit exceeded: at most 1 request per second.\"}",
                second.text());
        assertEquals("1", second.header("Retry-After"));
        assertEquals("60", second.header("X-Rate-Limit-Limit"));
        assertEquals(1, purges(zone).size());
        assertEquals(
                200,
                purge(zonePurge, event("purge-zone", owner.key(), zone.id())).status());
        assertEquals(2, purges(zone).size());
    }

    @Test
    void deletingAZoneQueuesAPurgeOfAllOfIt() {
        Zone zone = Stored.pull(owner, "deleted");
        assertEquals(
                200,
                call(new DeleteZoneHandler(context), event("delete-zone", owner.key(), zone.id()))
                        .status());
        List<Purge> recorded = purges(zone);
        assertEquals(1, recorded.size());
        assertTrue(recorded.get(0).wholeZone());
    }
}
