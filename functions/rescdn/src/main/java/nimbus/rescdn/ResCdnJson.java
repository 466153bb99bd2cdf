package nimbus.rescdn;

import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import nimbus.shared.usage.Usage;
import nimbus.shared.zone.Zone;

/**
 * The seed's shapes: a zone is {@code {id, name, subdomain, origin, created, active}} with the id in the seed's
 * {@code zone_...} style ({@code zone_} and the zone's number in base 36, which {@link #zoneNumber} reads back),
 * {@code created} ISO-8601 UTC to the second; usage is {@code {period_start, period_end, requests, bandwidth_bytes,
 * cache_hit_rate}}.
 */
final class ResCdnJson {
    static final String ID_PREFIX = "zone_";
    private static final Pattern ID = Pattern.compile("zone_[0-9a-z]{1,13}");

    private ResCdnJson() {}

    /** {@code zone_} and the zone number in base 36. */
    static String zoneId(Zone zone) {
        return ID_PREFIX + Long.toString(Long.parseLong(zone.id()), 36);
    }

    /** The zone number an id of {@link #zoneId} names; null for anything else (which names no zone). */
    static String zoneNumber(String id) {
        if (id == null || !ID.matcher(id).matches()) return null;
        String digits = id.substring(ID_PREFIX.length());
        long number;
        try {
            number = Long.parseLong(digits, 36);
        } catch (NumberFormatException tooBig) {
            return null;
        }
        // Only the canonical spelling: "zone_0a" is not "zone_a".
        return Long.toString(number, 36).equals(digits) ? Long.toString(number) : null;
    }

    static Map<String, Object> zone(Zone zone) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", zoneId(zone));
        json.put("name", zone.name());
        json.put("subdomain", zone.hostname());
        json.put("origin", zone.originUrl());
        json.put(
                "created", DateTimeFormatter.ISO_INSTANT.format(zone.createdAt().truncatedTo(ChronoUnit.SECONDS)));
        json.put("active", true);
        return json;
    }

    static Map<String, Object> zones(List<Zone> zones) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put(
                "zones",
                zones.stream()
                        .filter(z -> z.id().matches("[0-9]{1,18}"))
                        .map(ResCdnJson::zone)
                        .toList());
        return json;
    }

    static Map<String, Object> usage(Usage usage) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("period_start", usage.period().start().toString());
        json.put("period_end", usage.period().end().toString());
        json.put("requests", usage.requests());
        json.put("bandwidth_bytes", usage.bandwidthBytes());
        json.put("cache_hit_rate", usage.cacheHitRate());
        return json;
    }
}
