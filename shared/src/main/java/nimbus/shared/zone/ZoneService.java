package nimbus.shared.zone;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import nimbus.shared.Settings;
import nimbus.shared.error.InvalidInput;
import nimbus.shared.error.NotFound;
import nimbus.shared.error.Subject;

/**
 * Zones of an account: the implicit files zone, and the push and pull zones the zone dialects
 * create. Each named zone gets a hostname {@code <name>-<hex number>.<zone domain>}, registered
 * so that no two zones of any account share one.
 */
@Singleton
public class ZoneService {
    public static final int MAX_NAME = 20;
    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern HOSTNAME =
            Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");

    private final ZoneTable zones;

    public ZoneService(ZoneTable zones) {
        this.zones = zones;
    }

    public Zone create(String accountId, String name, ZoneKind kind, String originUrl) {
        if (kind == ZoneKind.FILES) throw InvalidInput.notAllowed("type", kind.slug());
        String validName = validName(name);
        if (kind == ZoneKind.PULL && (originUrl == null || originUrl.isBlank()))
            throw InvalidInput.missing("originurl");
        long number = zones.nextNumber();
        String hostname = validName + "-" + Long.toHexString(number) + "." + Settings.zoneDomain();
        Zone zone = new Zone(
                Long.toString(number),
                accountId,
                kind,
                validName,
                hostname,
                kind == ZoneKind.PULL ? originUrl.trim() : null,
                0,
                0,
                0,
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        zones.create(zone);
        return zone;
    }

    /** The account's zone; another account's zone reads exactly like a missing one. */
    public Zone require(String accountId, String zoneId) {
        if (zoneId == null || zoneId.length() > 64) throw new NotFound(Subject.ZONE);
        return zones.find(zoneId)
                .filter(z -> z.accountId().equals(accountId))
                .orElseThrow(() -> new NotFound(Subject.ZONE));
    }

    public Zone filesZone(String accountId) {
        return require(accountId, Zone.filesZoneId(accountId));
    }

    /** The zones an account created (its files zone is implicit and left out). */
    public List<Zone> list(String accountId) {
        return zones.listByAccount(accountId).stream()
                .filter(z -> z.kind() != ZoneKind.FILES)
                .toList();
    }

    /** Deletes an empty zone and frees its hostnames. */
    public void delete(String accountId, String zoneId) {
        Zone zone = require(accountId, zoneId);
        if (zone.kind() == ZoneKind.FILES) throw InvalidInput.notAllowed("zone", zoneId);
        zones.delete(
                zone, zones.hostsOf(zoneId).stream().map(HostEntry::hostname).toList());
    }

    /** Points an extra hostname at the account's zone; a hostname any account uses already is a conflict. */
    public HostEntry addAlias(String accountId, String zoneId, String hostname) {
        String host = validHostname(hostname);
        HostEntry entry = new HostEntry(host, require(accountId, zoneId).id(), accountId, true);
        zones.addHost(entry);
        return entry;
    }

    public void removeAlias(String accountId, String zoneId, String hostname) {
        require(accountId, zoneId);
        String host = hostname == null ? "" : hostname.trim().toLowerCase(Locale.ROOT);
        if (zones.resolveHost(host)
                .filter(h -> h.alias() && h.zoneId().equals(zoneId))
                .isEmpty()) {
            throw new NotFound(Subject.HOSTNAME);
        }
        zones.removeHost(host, zoneId);
    }

    private static String validName(String name) {
        if (name == null || name.isBlank()) throw InvalidInput.missing("name");
        String trimmed = name.trim();
        if (trimmed.length() > MAX_NAME) throw InvalidInput.tooLong("name", MAX_NAME);
        if (!NAME.matcher(trimmed).matches()) throw InvalidInput.malformed("name");
        return trimmed;
    }

    private static String validHostname(String hostname) {
        if (hostname == null || hostname.isBlank()) throw InvalidInput.missing("hostname");
        String host = hostname.trim().toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) host = host.substring(0, host.length() - 1);
        if (!HOSTNAME.matcher(host).matches()) throw InvalidInput.malformed("hostname");
        return host;
    }
}
