package nimbus.shared.edge;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import nimbus.shared.http.Json;
import nimbus.shared.zone.HostEntry;
import nimbus.shared.zone.KeyedZone;
import nimbus.shared.zone.Referrer;
import nimbus.shared.zone.ReferrerTable;
import nimbus.shared.zone.Zone;
import nimbus.shared.zone.ZoneTable;

/**
 * Keeps the edge's configuration in step with the table: fed the table's changes (its stream), it rewrites the
 * documents they touch from the table's current state ({@link EdgeConfigStore}). A zone's document holds what the edge
 * enforces: kind, hostnames (its own and its aliases), origin, settings (the secure-token key included; a custom TLS
 * private key never), referrers and the grant key its grant tokens are checked with. Files zones are published too
 * (no hostname: the edge reads them by id, for the grant key of the account's download links). A change of a zone's counters alone (every upload moves them) rewrites nothing.
 * Rewriting from current state makes every run idempotent: a batch delivered again, or out of date, writes what the
 * table holds now.
 */
@Singleton
public class EdgeConfigPublisher {
    /** What the edge reads of a zone item: a change to anything else (its counters) is not published. */
    static final List<String> PUBLISHED =
            List.of("kind", "name", "hostname", "originUrl", "settings", "testMode", ZoneTable.GRANT_KEY);
    /** Never published, whatever the settings hold. */
    static final Set<String> SECRET_SETTINGS = Set.of("customsslkey");

    private final ZoneTable zones;
    private final ReferrerTable referrers;
    private final EdgeConfigStore store;
    private final Clock clock;

    public EdgeConfigPublisher(ZoneTable zones, ReferrerTable referrers, EdgeConfigStore store, Clock clock) {
        this.zones = zones;
        this.referrers = referrers;
        this.store = store;
        this.clock = clock;
    }

    /** Applies the changes, in order; the zones whose documents were rewritten. */
    public Set<String> apply(List<ZoneChange> changes) {
        Set<String> touched = new LinkedHashSet<>();
        Map<String, Optional<String>> hosts = new LinkedHashMap<>();
        for (ZoneChange change : changes) {
            if (change.pk().startsWith("ZONE#")) {
                if (change.event().equals("MODIFY") && samePublished(change)) continue;
                touched.add(change.pk().substring("ZONE#".length()));
            } else if (change.pk().startsWith("HOST#")) {
                String hostname = change.pk().substring("HOST#".length());
                String zoneId = (String) change.latest("zoneId");
                hosts.put(hostname, change.event().equals("REMOVE") ? Optional.empty() : Optional.ofNullable(zoneId));
                addIfPresent(touched, change.before().get("zoneId"));
                addIfPresent(touched, change.after().get("zoneId"));
            } else if (change.pk().startsWith("REFERRER#")) {
                addIfPresent(touched, change.before().get("zoneId"));
                addIfPresent(touched, change.after().get("zoneId"));
            }
        }
        hosts.forEach((hostname, zoneId) -> {
            if (zoneId.isPresent())
                store.put(EdgeConfigStore.hostKey(hostname), Json.write(Map.of("zone", zoneId.get())));
            else store.delete(EdgeConfigStore.hostKey(hostname));
        });
        touched.forEach(this::publish);
        return touched;
    }

    /** Writes the zone's document from the table, or removes it when the zone is gone. */
    public void publish(String zoneId) {
        Optional<KeyedZone> found = zones.findWithGrantKey(zoneId);
        if (found.isEmpty()) {
            store.delete(EdgeConfigStore.zoneKey(zoneId));
            return;
        }
        store.put(
                EdgeConfigStore.zoneKey(zoneId),
                Json.write(document(found.get().zone(), found.get().grantKey())));
    }

    private Map<String, Object> document(Zone zone, String grantKey) {
        List<String> aliases = zones.hostsOf(zone.id()).stream()
                .filter(HostEntry::alias)
                .map(HostEntry::hostname)
                .sorted()
                .toList();
        List<String> allowed = referrers.listByAccount(zone.accountId()).stream()
                .filter(r -> r.zoneId().equals(zone.id()))
                .map(Referrer::name)
                .toList();
        Map<String, String> settings = new LinkedHashMap<>(zone.settings());
        SECRET_SETTINGS.forEach(settings::remove);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("id", zone.id());
        doc.put("kind", zone.kind().slug());
        doc.put("name", zone.name());
        doc.put("hostname", zone.hostname());
        doc.put("aliases", aliases);
        doc.put("originUrl", zone.originUrl());
        doc.put("settings", settings);
        doc.put("referrers", allowed);
        // a test-mode zone is never served: the document says so, and the edge refuses it
        doc.put("testMode", zone.testMode());
        // the HMAC key of the zone's grant tokens (GrantTokens); a zone stored before zones had one has none
        if (grantKey != null) doc.put("grantKey", grantKey);
        doc.put("publishedAt", clock.instant().toString());
        return doc;
    }

    private static boolean samePublished(ZoneChange change) {
        for (String attribute : PUBLISHED) {
            if (!Objects.equals(change.before().get(attribute), change.after().get(attribute))) return false;
        }
        return true;
    }

    private static void addIfPresent(Set<String> zoneIds, Object zoneId) {
        if (zoneId instanceof String id && !id.isEmpty()) zoneIds.add(id);
    }
}
