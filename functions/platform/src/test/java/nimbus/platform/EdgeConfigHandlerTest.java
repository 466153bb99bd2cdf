package nimbus.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nimbus.local.kit.Faults;
import nimbus.local.kit.LocalAws;
import nimbus.local.kit.TableStream;
import nimbus.local.kit.TestClock;
import nimbus.local.kit.TestStack;
import nimbus.shared.Settings;
import nimbus.shared.account.AccountService;
import nimbus.shared.account.QuotaTier;
import nimbus.shared.edge.EdgeConfigStore;
import nimbus.shared.http.Json;
import nimbus.shared.zone.Alias;
import nimbus.shared.zone.ReferrerService;
import nimbus.shared.zone.Zone;
import nimbus.shared.zone.ZoneKind;
import nimbus.shared.zone.ZoneService;
import nimbus.shared.zone.ZoneTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The edge config publisher fed the table's real stream (read from the local stand-in, as Lambda's event source
 * would hand it over): the documents it writes, what it leaves alone, and a failed write retried.
 */
class EdgeConfigHandlerTest {
    private final TestClock clock = new TestClock(Instant.parse("2031-07-08T09:10:11Z"));
    private final ApplicationContext context = TestStack.contextWith(clock);
    private final TableStream stream = TableStream.open(LocalAws.shared().tableName());
    private final String owner = TestStack.context()
            .getBean(AccountService.class)
            .create("edge-" + System.nanoTime() + "@example.test", "Edge Test", QuotaTier.UNVERIFIED)
            .id();

    @AfterEach
    void close() {
        context.close();
        stream.close();
    }

    private StreamsEventResponse publish(ApplicationContext in) {
        return new EdgeConfigHandler(in).handleRequest(TableStream.event(stream.read()), null);
    }

    private static Optional<Map<String, Object>> document(String key) {
        try {
            ResponseBytes<?> bytes = TestStack.context()
                    .getBean(S3Client.class)
                    .getObjectAsBytes(g -> g.bucket(Settings.required("NIMBUS_EDGE_CONFIG_BUCKET"))
                            .key(key));
            return Optional.of(Json.parseObject(bytes.asByteArray()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    private static ZoneService zones() {
        return TestStack.context().getBean(ZoneService.class);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aZoneItsAliasAndReferrersArePublishedPerHostAndPerZone() {
        Zone zone = zones().create(
                        owner,
                        "edgezone",
                        ZoneKind.PULL,
                        "https://origin.example.com",
                        Map.of("securetoken", "enabled", "securetokenkey", "s3cretKey", "cors", "enabled"));
        Alias alias = zones().addAlias(owner, zone.id(), "cdn-" + System.nanoTime() + ".example.org");
        TestStack.context().getBean(ReferrerService.class).add(owner, zone.id(), "example.net");
        assertEquals(List.of(), publish(context).getBatchItemFailures());

        assertEquals(
                Map.of("zone", zone.id()),
                document(EdgeConfigStore.hostKey(zone.hostname())).orElseThrow());
        assertEquals(
                Map.of("zone", zone.id()),
                document(EdgeConfigStore.hostKey(alias.name())).orElseThrow());
        Map<String, Object> doc = document(EdgeConfigStore.zoneKey(zone.id())).orElseThrow();
        assertEquals("pull", doc.get("kind"));
        assertEquals(zone.hostname(), doc.get("hostname"));
        assertEquals(List.of(alias.name()), doc.get("aliases"));
        assertEquals("https://origin.example.com", doc.get("originUrl"));
        assertEquals(List.of("example.net"), doc.get("referrers"));
        Map<String, Object> settings = (Map<String, Object>) doc.get("settings");
        assertEquals("s3cretKey", settings.get("securetokenkey"));
        assertEquals("enabled", settings.get("cors"));
        assertFalse(settings.containsKey("customsslkey"));
    }

    @Test
    void everyZoneAndTheAccountsFilesZoneArePublishedWithTheirOwnGrantKey() {
        Zone zone = zones().create(owner, "granted", ZoneKind.PUSH, null, Map.of());
        assertEquals(List.of(), publish(context).getBatchItemFailures());
        ZoneTable table = TestStack.context().getBean(ZoneTable.class);
        String key = (String)
                document(EdgeConfigStore.zoneKey(zone.id())).orElseThrow().get("grantKey");
        assertTrue(key.matches("[A-Za-z0-9_-]{43}"), key);
        assertEquals(table.grantKey(zone.id()).orElseThrow(), key);

        // the files zone, created with the account: no hostname, read by id for the account's download grants
        Map<String, Object> files =
                document(EdgeConfigStore.zoneKey(Zone.filesZoneId(owner))).orElseThrow();
        assertEquals("files", files.get("kind"));
        assertNull(files.get("hostname"));
        String filesKey = (String) files.get("grantKey");
        assertEquals(table.grantKey(Zone.filesZoneId(owner)).orElseThrow(), filesKey);
        assertNotEquals(key, filesKey);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSettingsChangeRepublishesButACounterChangeDoesNot() {
        Zone zone = zones().create(owner, "counted", ZoneKind.PULL, "https://example.com", Map.of());
        publish(context);
        String first = (String)
                document(EdgeConfigStore.zoneKey(zone.id())).orElseThrow().get("publishedAt");

        clock.advance(Duration.ofMinutes(1));
        TestStack.setZoneCounter(zone.id(), "fileCount", 7); // as every upload moves the counters
        publish(context);
        assertEquals(
                first,
                document(EdgeConfigStore.zoneKey(zone.id())).orElseThrow().get("publishedAt"));

        zones().update(owner, zone.id(), null, null, Map.of("cors", "enabled"));
        publish(context);
        Map<String, Object> doc = document(EdgeConfigStore.zoneKey(zone.id())).orElseThrow();
        assertEquals("2031-07-08T09:11:11Z", doc.get("publishedAt"));
        assertEquals("enabled", ((Map<String, Object>) doc.get("settings")).get("cors"));
    }

    @Test
    void aDeletedZoneAndAMovedOrRemovedAliasLeaveNothingBehind() {
        Zone zone = zones().create(owner, "goner", ZoneKind.PUSH, null, Map.of());
        Zone other = zones().create(owner, "stayer", ZoneKind.PUSH, null, Map.of());
        Alias alias = zones().addAlias(owner, zone.id(), "moved-" + System.nanoTime() + ".example.org");
        publish(context);
        zones().editAlias(owner, alias.id(), other.id(), null);
        zones().delete(owner, zone.id());
        publish(context);
        assertNull(document(EdgeConfigStore.zoneKey(zone.id())).orElse(null));
        assertNull(document(EdgeConfigStore.hostKey(zone.hostname())).orElse(null));
        assertEquals(
                Map.of("zone", other.id()),
                document(EdgeConfigStore.hostKey(alias.name())).orElseThrow());

        zones().deleteAlias(owner, alias.id());
        publish(context);
        assertNull(document(EdgeConfigStore.hostKey(alias.name())).orElse(null));
    }

    @Test
    void aFailedWriteReportsTheBatchForRetryAndTheRetryPublishes() {
        Zone zone = zones().create(owner, "retried", ZoneKind.PUSH, null, Map.of());
        var records = stream.read();
        Faults faults = new Faults().inject("PutObject", Faults.Kind.NOT_SENT, 1, 10);
        try (ApplicationContext failing = TestStack.contextWith(clock, faults)) {
            StreamsEventResponse response =
                    new EdgeConfigHandler(failing).handleRequest(TableStream.event(records), null);
            assertEquals(
                    records.get(0).dynamodb().sequenceNumber(),
                    response.getBatchItemFailures().get(0).getItemIdentifier());
        }
        assertNull(document(EdgeConfigStore.zoneKey(zone.id())).orElse(null));
        assertEquals(
                List.of(),
                new EdgeConfigHandler(context)
                        .handleRequest(TableStream.event(records), null)
                        .getBatchItemFailures());
        assertEquals(
                zone.id(),
                document(EdgeConfigStore.zoneKey(zone.id())).orElseThrow().get("id"));
    }
}
