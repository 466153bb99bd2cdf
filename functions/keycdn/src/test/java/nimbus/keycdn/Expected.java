package nimbus.keycdn;

/** The seed's zone shapes with the Add Zone table's defaults (blockbadbots "disabled"), as compact JSON. */
final class Expected {
    private Expected() {}

    static String pull(String id, String name) {
        return pull(id, name, "0");
    }

    static String pull(String id, String name, String expire) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"status\":\"active\",\"type\":\"pull\","
                + common(expire)
                + ",\"originurl\":\"https://example.com\",\"originshield\":\"disabled\","
                + "\"cachemaxexpire\":\"1440\",\"cacheignorecachecontrol\":\"enabled\","
                + "\"cacheignorequerystring\":\"enabled\",\"cachehostheader\":\"disabled\","
                + "\"cachekeyscheme\":\"disabled\",\"cachekeyhost\":\"disabled\",\"cachekeycookie\":null,"
                + "\"cachekeydevice\":\"disabled\",\"cachekeywebp\":\"disabled\",\"cachekeycountry\":\"disabled\","
                + "\"cachebr\":\"disabled\",\"cachecookies\":\"disabled\",\"cachestripcookies\":\"disabled\","
                + "\"cachexpullkey\":\"KeyCDN\",\"cachecanonical\":\"disabled\",\"cacherobots\":\"disabled\","
                + "\"cacheerrorpages\":\"enabled\"}";
    }

    static String push(String id, String name) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"status\":\"active\",\"type\":\"push\"," + common("0")
                + ",\"dirlist\":\"disabled\"}";
    }

    private static String common(String expire) {
        return "\"forcedownload\":\"disabled\",\"cors\":\"disabled\",\"gzip\":\"disabled\",\"imgproc\":\"disabled\","
                + "\"expire\":\"" + expire + "\",\"blockbadbots\":\"disabled\",\"allowemptyreferrer\":\"enabled\","
                + "\"blockreferrer\":\"disabled\",\"securetoken\":\"disabled\",\"securetokenkey\":null,"
                + "\"securetokenip\":\"disabled\",\"sslcert\":\"shared\",\"customsslkey\":null,\"customsslcert\":null,"
                + "\"forcessl\":\"disabled\"";
    }

    /** {@code {"status":"success","description":..., "data":{"zone":...}}}. */
    static String zoneEnvelope(String description, String zone) {
        return "{\"status\":\"success\",\"description\":\"" + description + "\",\"data\":{\"zone\":" + zone + "}}";
    }

    /** The seed's Add and Edit shape: {@code {"status":"success","description":...,"data":{"<kind>":{id, name, zone_id}}}}. */
    static String one(String description, String kind, String id, String name, String zoneId) {
        return "{\"status\":\"success\",\"description\":\"" + description + "\",\"data\":{\"" + kind + "\":{\"id\":\""
                + id + "\",\"name\":\"" + name + "\",\"zone_id\":\"" + zoneId + "\"}}}";
    }

    /** A listed alias or referrer, in the seed's List order: {@code id, zone_id, name}. */
    static String listed(String id, String zoneId, String name) {
        return "{\"id\":\"" + id + "\",\"zone_id\":\"" + zoneId + "\",\"name\":\"" + name + "\"}";
    }

    /** {@code {"status":"success","description":"Data successfully received.","data":{"<kind>":[...]}}}. */
    static String list(String kind, String... items) {
        return "{\"status\":\"success\",\"description\":\"Data successfully received.\",\"data\":{\"" + kind + "\":["
                + String.join(",", items) + "]}}";
    }

    static String deleted(String description) {
        return "{\"status\":\"success\",\"description\":\"" + description + "\",\"data\":[]}";
    }

    /** An alias or referrer id that is not one of the caller's (unknown and another account's alike). */
    static final String NO_ITEM = error("The requested item does not exist.");

    static String error(String description) {
        return "{\"status\":\"error\",\"description\":\"" + description + "\",\"error_message\":\"" + description
                + "\"}";
    }
}
