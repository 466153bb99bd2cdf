package nimbus.keycdn;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nimbus.shared.usage.Amount;
import nimbus.shared.usage.Booking;
import nimbus.shared.usage.Requests;
import nimbus.shared.zone.Alias;
import nimbus.shared.zone.Referrer;
import nimbus.shared.zone.Zone;
import nimbus.shared.zone.ZoneKind;

/**
 * The seed's shapes: {@code {"status": "success", "description", "data"}}, a zone as View Zone has it.
 * Every scalar is a JSON string ({@code "id": "1000"}, {@code "expire": "0"}), switches are
 * {@code "enabled"}/{@code "disabled"}, an unset value is {@code null}: a Go client decodes zones into
 * string maps. A pull zone has the origin and cache fields, a push zone {@code dirlist} instead (the
 * seed's List Zones example).
 */
final class KeyCdnJson {
    /** The fields every zone has, after id, name, status and type, in the seed's order. */
    static final List<String> COMMON = List.of(
            "forcedownload",
            "cors",
            "gzip",
            "imgproc",
            "expire",
            "blockbadbots",
            "allowemptyreferrer",
            "blockreferrer",
            "securetoken",
            "securetokenkey",
            "securetokenip",
            "sslcert",
            "customsslkey",
            "customsslcert",
            "forcessl");

    /** A pull zone's further fields, after originurl. */
    static final List<String> PULL = List.of(
            "originshield",
            "cachemaxexpire",
            "cacheignorecachecontrol",
            "cacheignorequerystring",
            "cachehostheader",
            "cachekeyscheme",
            "cachekeyhost",
            "cachekeycookie",
            "cachekeydevice",
            "cachekeywebp",
            "cachekeycountry",
            "cachebr",
            "cachecookies",
            "cachestripcookies",
            "cachexpullkey",
            "cachecanonical",
            "cacherobots",
            "cacheerrorpages");

    /** A push zone's further field. */
    static final List<String> PUSH = List.of("dirlist");

    static final String RECEIVED = "Data successfully received.";
    static final String ADDED = "Zone successfully added.";
    static final String CHANGED = "Zone successfully changed.";
    static final String DELETED = "Zone successfully deleted.";

    static final String ALIAS_ADDED = "Zone Alias successfully added.";
    static final String ALIAS_CHANGED = "Zone Alias successfully changed.";
    static final String ALIAS_DELETED = "Zone Alias successfully deleted.";
    static final String REFERRER_ADDED = "Zone Referrer successfully added.";
    static final String REFERRER_CHANGED = "Zone Referrer successfully changed.";
    static final String REFERRER_DELETED = "Zone Referrer successfully deleted.";

    private KeyCdnJson() {}

    /** {@code data.zonealiases}: each {@code id, zone_id, name}, in the seed's List Zone Aliases order. */
    static Map<String, Object> aliasesData(List<Alias> aliases) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(
                "zonealiases",
                aliases.stream().map(a -> listed(a.id(), a.zoneId(), a.name())).toList());
        return data;
    }

    /** {@code data.zonealias}: {@code id, name, zone_id}, in the seed's Add and Edit Zone Alias order. */
    static Map<String, Object> aliasData(Alias alias) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("zonealias", single(alias.id(), alias.zoneId(), alias.name()));
        return data;
    }

    /** {@code data.zonereferrers}: each {@code id, zone_id, name}, as List Zone Referrers has them. */
    static Map<String, Object> referrersData(List<Referrer> referrers) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(
                "zonereferrers",
                referrers.stream()
                        .map(r -> listed(r.id(), r.zoneId(), r.name()))
                        .toList());
        return data;
    }

    /** {@code data.zonereferrer}: {@code id, name, zone_id}, as Add and Edit Zone Referrer have it. */
    static Map<String, Object> referrerData(Referrer referrer) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("zonereferrer", single(referrer.id(), referrer.zoneId(), referrer.name()));
        return data;
    }

    private static Map<String, Object> listed(String id, String zoneId, String name) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("zone_id", zoneId);
        json.put("name", name);
        return json;
    }

    private static Map<String, Object> single(String id, String zoneId, String name) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("name", name);
        json.put("zone_id", zoneId);
        return json;
    }

    /** {@code data.stats}: each {@code amount, timestamp}, as the seed's traffic, storage and ip reports. */
    static Map<String, Object> amountsData(List<Amount> rows) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(
                "stats",
                rows.stream()
                        .map(r -> {
                            Map<String, Object> json = new LinkedHashMap<>();
                            json.put("amount", Long.toString(r.amount()));
                            json.put("timestamp", Long.toString(r.timestamp()));
                            return json;
                        })
                        .toList());
        return data;
    }

    /**
     * {@code data.stats} of the status report: the seed's example fields ({@code totalcachehit, totalcachemiss,
     * totalsuccess, totalerror}) and those its parameter table lists ({@code total2xx} to {@code total5xx}).
     */
    static Map<String, Object> requestsData(List<Requests> rows) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(
                "stats",
                rows.stream()
                        .map(r -> {
                            Map<String, Object> json = new LinkedHashMap<>();
                            json.put("totalcachehit", Long.toString(r.cacheHits()));
                            json.put("totalcachemiss", Long.toString(r.cacheMisses()));
                            json.put("totalsuccess", Long.toString(r.successes()));
                            json.put("totalerror", Long.toString(r.errors()));
                            json.put("total2xx", Long.toString(r.status2xx()));
                            json.put("total3xx", Long.toString(r.status3xx()));
                            json.put("total4xx", Long.toString(r.status4xx()));
                            json.put("total5xx", Long.toString(r.status5xx()));
                            json.put("timestamp", Long.toString(r.timestamp()));
                            return json;
                        })
                        .toList());
        return data;
    }

    /** {@code data.stats} of the credits report: each {@code amount, type, timestamp}. */
    static Map<String, Object> bookingsData(List<Booking> bookings) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(
                "stats",
                bookings.stream()
                        .map(b -> {
                            Map<String, Object> json = new LinkedHashMap<>();
                            json.put("amount", credits(b.amount()));
                            json.put("type", b.kind().name().toLowerCase(Locale.ROOT));
                            json.put("timestamp", Long.toString(b.timestamp()));
                            return json;
                        })
                        .toList());
        return data;
    }

    /** {@code data.amount}, the credit balance. */
    static Map<String, Object> balanceData(BigDecimal balance) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("amount", credits(balance));
        return data;
    }

    /** Credits as the seed writes them ({@code "-0.01"}, {@code "100"}): no exponent, no trailing zeros. */
    static String credits(BigDecimal amount) {
        return amount.signum() == 0 ? "0" : amount.stripTrailingZeros().toPlainString();
    }

    static Map<String, Object> success(String description, Object data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "success");
        body.put("description", description);
        body.put("data", data);
        return body;
    }

    static Map<String, Object> zoneData(Zone zone) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("zone", zone(zone));
        return data;
    }

    static Map<String, Object> zonesData(List<Zone> zones) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("zones", zones.stream().map(KeyCdnJson::zone).toList());
        return data;
    }

    static Map<String, Object> zone(Zone zone) {
        Map<String, String> settings = zone.settings() == null ? Map.of() : zone.settings();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", zone.id());
        json.put("name", zone.name());
        json.put("status", value(settings, "status"));
        json.put("type", zone.kind().slug());
        COMMON.forEach(field -> json.put(field, value(settings, field)));
        if (zone.kind() == ZoneKind.PULL) {
            json.put("originurl", zone.originUrl());
            PULL.forEach(field -> json.put(field, value(settings, field)));
        } else {
            PUSH.forEach(field -> json.put(field, value(settings, field)));
        }
        return json;
    }

    /** A stored setting; absent or empty is unset, {@code null} on the wire. A private key is never shown. */
    private static String value(Map<String, String> settings, String field) {
        if (field.equals("customsslkey")) return null;
        String value = settings.get(field);
        return value == null || value.isEmpty() ? null : value;
    }

    /** A push-zone upload: where each part goes (parts already received carry no URL). */
    static Map<String, Object> upload(nimbus.shared.upload.LargeUploads.Started started) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", started.session().id());
        json.put("path", started.session().name());
        json.put("size", started.session().size());
        json.put("part_size", started.session().partSize());
        json.put(
                "expires_at",
                started.session()
                        .deadline()
                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        .toString());
        json.put(
                "parts",
                started.parts().stream()
                        .map(p -> {
                            Map<String, Object> part = new LinkedHashMap<>();
                            part.put("part_number", p.number());
                            part.put("size", p.size());
                            part.put("uploaded", p.uploaded());
                            if (p.url() != null) part.put("url", p.url());
                            return part;
                        })
                        .toList());
        return json;
    }

    /** A push zone's file. */
    static Map<String, Object> zoneFile(nimbus.shared.zone.ZoneFile file) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("path", file.path());
        json.put("size", file.size());
        json.put("sha256", file.sha256());
        json.put("content_type", file.contentType());
        json.put(
                "modified",
                file.modified()
                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        .toString());
        return json;
    }
}
