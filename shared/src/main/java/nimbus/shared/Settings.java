package nimbus.shared;

import java.util.Optional;

/**
 * Deployment settings. Each is read from the environment (as Lambda sets it from template.yaml) and,
 * failing that, from a JVM system property of the same name (as the local gateway and the tests set it).
 */
public final class Settings {
    private Settings() {}

    public static Optional<String> optional(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) value = System.getProperty(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public static String required(String name) {
        return optional(name).orElseThrow(() -> new IllegalStateException("setting " + name + " is not set"));
    }

    public static long longValue(String name, long fallback) {
        return optional(name).map(Long::parseLong).orElse(fallback);
    }

    public static String tableName() {
        return required("NIMBUS_TABLE");
    }

    public static String assetsBucket() {
        return required("NIMBUS_ASSETS_BUCKET");
    }

    /** Public CDN base URL, without a trailing slash, e.g. https://cdn.example.com. */
    public static String cdnBaseUrl() {
        String url = optional("NIMBUS_CDN_BASE_URL").orElse("https://cdn.example.com");
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The domain zone hostnames live under: NIMBUS_ZONE_DOMAIN, else the CDN base URL's host. */
    public static String zoneDomain() {
        return optional("NIMBUS_ZONE_DOMAIN")
                .orElseGet(() -> java.net.URI.create(cdnBaseUrl()).getHost());
    }
}
