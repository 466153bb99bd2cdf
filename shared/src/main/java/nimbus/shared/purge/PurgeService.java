package nimbus.shared.purge;

import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import nimbus.shared.Ids;
import nimbus.shared.error.InvalidInput;
import nimbus.shared.error.Unavailable;
import nimbus.shared.zone.HostEntry;
import nimbus.shared.zone.Zone;
import nimbus.shared.zone.ZoneTable;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Purges of a zone's cached copies. A purge is recorded (status "queued"), put on the purge queue, and answered at
 * once; the purge worker turns queued purges into CDN invalidations. The cache key at the edge is the zone and the
 * path, so one path clears every variant of it (encodings, devices, cookies); a zone that keeps query strings in its
 * cache key ({@code cacheignorequerystring} disabled) clears a path's variants with a prefix wildcard.
 */
@Singleton
public class PurgeService {
    /** URLs or paths in one purge: with the 64 KB body limit, one purge always fits one invalidation. */
    public static final int MAX_PATHS = 1000;
    /** The longest URL or path accepted. */
    public static final int MAX_PATH_LENGTH = 2048;

    private static final Pattern SCHEME = Pattern.compile("(?i)^https?://");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}$");
    private static final Pattern DEVICE = Pattern.compile("(desktop|tablet|mobile)$");
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9/\\-._~!$&'()+,;=:@%]");

    private final PurgeTable purges;
    private final PurgeQueue queue;
    private final ZoneTable zones;
    private final Clock clock;

    public PurgeService(PurgeTable purges, PurgeQueue queue, ZoneTable zones, Clock clock) {
        this.purges = purges;
        this.queue = queue;
        this.zones = zones;
        this.clock = clock;
    }

    /** Clears everything the zone has cached. */
    public Purge wholeZone(Zone zone) {
        return submit(zone, true, List.of());
    }

    /**
     * Clears the URLs given, each without or with a scheme ({@code host/path?query}); the host must be the zone's
     * own or one of its aliases (field "urls"). Cache-key suffixes the zone's settings add to a URL (country, webp,
     * device, br) are taken off, as the path already clears every variant.
     */
    public Purge urls(Zone zone, List<String> urls) {
        checkCount("urls", urls);
        Map<String, Boolean> ownHosts = new HashMap<>();
        Set<String> paths = new LinkedHashSet<>();
        for (String url : urls) {
            String rest = SCHEME.matcher(checked("urls", url)).replaceFirst("");
            int slash = rest.indexOf('/');
            String host = (slash < 0 ? rest : rest.substring(0, slash)).toLowerCase(Locale.ROOT);
            if (!ownHosts.computeIfAbsent(host, h -> isHostOf(zone, h))) throw InvalidInput.notAllowed("urls", url);
            paths.add(cachePath(zone, slash < 0 ? "/" : withoutSuffixes(zone, rest.substring(slash))));
        }
        return submitPaths(zone, paths);
    }

    /** Clears the paths given, each starting with {@code /} (field "path"). */
    public Purge paths(Zone zone, List<String> paths) {
        checkCount("path", paths);
        Set<String> clean = new LinkedHashSet<>();
        for (String path : paths) {
            if (!checked("path", path).startsWith("/")) throw InvalidInput.malformed("path");
            clean.add(cachePath(zone, path));
        }
        return submitPaths(zone, clean);
    }

    /**
     * Clears what was cached under the given cache tags. CloudFront invalidates by path only, so a tag purge clears
     * the whole zone: more than asked, never less.
     */
    public Purge tags(Zone zone, List<String> tags) {
        checkCount("tags", tags);
        tags.forEach(tag -> checked("tags", tag));
        return wholeZone(zone);
    }

    /** The zone's purges, oldest first, as recorded (their status included). */
    public List<Purge> list(Zone zone) {
        return purges.listByZone(zone.id());
    }

    private Purge submitPaths(Zone zone, Set<String> paths) {
        // More wildcards than CloudFront keeps in flight would never be accepted: clear the zone instead.
        if (InvalidationBatch.wildcards(paths) > InvalidationBatch.MAX_WILDCARDS) return wholeZone(zone);
        return submit(zone, false, new ArrayList<>(paths));
    }

    private Purge submit(Zone zone, boolean wholeZone, List<String> paths) {
        Purge purge = new Purge(
                Ids.newId(),
                zone.accountId(),
                zone.id(),
                wholeZone,
                paths,
                PurgeStatus.QUEUED,
                null,
                null,
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
        purges.record(purge);
        try {
            queue.send(purge.id());
        } catch (SdkException e) {
            // Recorded but not queued: nothing would ever apply it, so the caller is told to try again.
            purges.fail(List.of(purge.id()));
            throw new Unavailable();
        }
        return purge;
    }

    private boolean isHostOf(Zone zone, String host) {
        if (host.equals(zone.hostname())) return true;
        return zones.resolveHost(host)
                .map(HostEntry::zoneId)
                .filter(zone.id()::equals)
                .isPresent();
    }

    /** The path as the edge caches it: percent-encoded where unsafe, query dropped or turned into a wildcard. */
    private static String cachePath(Zone zone, String path) {
        int query = path.indexOf('?');
        String bare = query < 0 ? path : path.substring(0, query);
        if (bare.contains("*")) throw InvalidInput.notAllowed("path", path);
        String encoded = encode(bare);
        boolean keepsQuery = "disabled".equals(zone.settings().get("cacheignorequerystring"));
        return keepsQuery ? encoded + "*" : encoded;
    }

    private static String withoutSuffixes(Zone zone, String path) {
        Map<String, String> s = zone.settings();
        String p = path;
        if ("enabled".equals(s.get("cachekeycountry"))) p = COUNTRY.matcher(p).replaceFirst("");
        if ("enabled".equals(s.get("cachekeywebp")) && p.endsWith("webp") && !p.endsWith(".webp"))
            p = p.substring(0, p.length() - 4);
        if ("enabled".equals(s.get("cachekeydevice"))) p = DEVICE.matcher(p).replaceFirst("");
        if ("enabled".equals(s.get("cachebr")) && p.endsWith("br")) p = p.substring(0, p.length() - 2);
        return p.isEmpty() ? "/" : p;
    }

    private static String encode(String path) {
        StringBuilder out = new StringBuilder();
        path.codePoints().forEach(cp -> {
            String ch = new String(Character.toChars(cp));
            if (!UNSAFE.matcher(ch).matches()) {
                out.append(ch);
            } else {
                for (byte b : ch.getBytes(StandardCharsets.UTF_8)) out.append(String.format("%%%02X", b & 0xff));
            }
        });
        return out.toString();
    }

    private static void checkCount(String field, List<String> values) {
        if (values == null || values.isEmpty()) throw InvalidInput.missing(field);
        if (values.size() > MAX_PATHS) throw InvalidInput.tooMany(field, MAX_PATHS, values.size());
    }

    private static String checked(String field, String value) {
        if (value == null || value.isBlank()) throw InvalidInput.missing(field);
        if (value.length() > MAX_PATH_LENGTH) throw InvalidInput.tooLong(field, MAX_PATH_LENGTH);
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) throw InvalidInput.controlCharacters(field);
        return value.trim();
    }
}
