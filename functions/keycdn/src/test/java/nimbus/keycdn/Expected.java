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

    static String error(String description) {
        return "{\"status\":\"error\",\"description\":\"" + description + "\",\"error_message\":\"" + description
                + "\"}";
    }
}
