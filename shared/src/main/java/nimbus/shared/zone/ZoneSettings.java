package nimbus.shared.zone;

import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import nimbus.shared.error.InvalidInput;

/**
 * A zone's settings: the union of the seeds' zone settings, whose richest list (the richest seed's "add zone"
 * parameter table) is followed here parameter by parameter, with its allowed values, ranges, lengths and defaults.
 * Values are canonical strings: switches are {@code enabled}/{@code disabled}, numbers are decimal integers.
 * The zone's name, kind and origin URL are not settings: {@link ZoneService} owns those.
 */
public final class ZoneSettings {
    private ZoneSettings() {}

    /** The longest accepted minutes value of {@code expire} and {@code cachemaxexpire} (a year). */
    public static final long MAX_MINUTES = 525949;

    private static final List<String> SWITCH = List.of("enabled", "disabled");
    private static final Pattern ALPHANUMERIC = Pattern.compile("[A-Za-z0-9]+");
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");

    /** The zone's certificate choice: {@code shared}, {@code custom}, {@code letsencrypt} or {@code disabled}. */
    public static final String CERTIFICATE = "sslcert";
    /** The value of {@link #CERTIFICATE} that serves the zone's own certificate. */
    public static final String CUSTOM = "custom";
    /** The custom certificate's private key: checked, then stored encrypted and never shown (not a stored setting). */
    public static final String CUSTOM_KEY = "customsslkey";
    /** The custom certificate and its intermediates, PEM. */
    public static final String CUSTOM_CERT = "customsslcert";

    private sealed interface Rule {}

    /** One of a fixed set of values, matched exactly. */
    private record OneOf(List<String> allowed) implements Rule {}

    /** A whole number in {@code [min, max]}. */
    private record Range(long min, long max) implements Rule {}

    /** ASCII letters and digits, {@code min} to {@code max} of them. */
    private record Alphanumeric(int min, int max) implements Rule {}

    /** A PEM private key, RSA or EC: PKCS #8, PKCS #1 or SEC 1 ({@link nimbus.shared.tls.Certificates}). */
    private record PrivateKey() implements Rule {}

    /** One or more PEM X.509 certificates (the certificate, then any intermediates). */
    private record Certificates() implements Rule {}

    private static final Map<String, Rule> RULES = new LinkedHashMap<>();
    private static final Map<String, String> DEFAULTS_IN_ORDER = new LinkedHashMap<>();

    private static void setting(String name, Rule rule, String defaultValue) {
        RULES.put(name, rule);
        if (defaultValue != null) DEFAULTS_IN_ORDER.put(name, defaultValue);
    }

    private static void onOff(String name, String defaultValue) {
        setting(name, new OneOf(SWITCH), defaultValue);
    }

    static {
        setting("status", new OneOf(List.of("active", "inactive")), "active");
        onOff("forcedownload", "disabled");
        onOff("cors", "disabled");
        onOff("gzip", "disabled");
        onOff("imgproc", "disabled");
        setting("expire", new Range(-1, MAX_MINUTES), "0");
        onOff("blockbadbots", "disabled");
        onOff("allowemptyreferrer", "enabled");
        onOff("blockreferrer", "disabled");
        onOff("securetoken", "disabled");
        setting("securetokenkey", new Alphanumeric(4, 15), null);
        onOff("securetokenip", "disabled");
        setting("sslcert", new OneOf(List.of("shared", "custom", "letsencrypt", "disabled")), "shared");
        setting("customsslkey", new PrivateKey(), null);
        setting("customsslcert", new Certificates(), null);
        onOff("forcessl", "disabled");
        onOff("originshield", "disabled");
        setting("cachemaxexpire", new Range(1, MAX_MINUTES), "1440");
        onOff("cacheignorecachecontrol", "enabled");
        onOff("cacheignorequerystring", "enabled");
        onOff("cachehostheader", "disabled");
        onOff("cachekeyscheme", "disabled");
        onOff("cachekeyhost", "disabled");
        setting("cachekeycookie", new Alphanumeric(1, 32), null);
        onOff("cachekeydevice", "disabled");
        onOff("cachekeywebp", "disabled");
        onOff("cachekeycountry", "disabled");
        onOff("cachebr", "disabled");
        onOff("cachecookies", "disabled");
        onOff("cachestripcookies", "disabled");
        // The richest seed defaults the X-Pull value to its own brand name, which the domain does not speak:
        // the domain's default is this deployment's name, and a dialect that must echo its seed passes its own.
        setting("cachexpullkey", new Alphanumeric(4, 15), "Nimbus");
        onOff("cachecanonical", "disabled");
        onOff("cacherobots", "disabled");
        onOff("cacheerrorpages", "enabled");
        onOff("dirlist", "disabled");
    }

    /** Every setting name, in the seed table's order; those without a default are unset until given. */
    public static final Set<String> NAMES = Collections.unmodifiableSet(new LinkedHashSet<>(RULES.keySet()));

    /**
     * Every setting that has a default, with it, in the seed table's order. {@code securetokenkey},
     * {@code customsslkey}, {@code customsslcert} and {@code cachekeycookie} have none (the seed shows null).
     */
    public static final Map<String, String> DEFAULTS = Collections.unmodifiableMap(DEFAULTS_IN_ORDER);

    /**
     * The canonical values of {@code changes}, in the seed table's order; the first bad one (in that order; unknown
     * names first) throws {@link InvalidInput} with {@code field} = its name.
     */
    public static Map<String, String> validate(Map<String, String> changes) {
        if (changes == null || changes.isEmpty()) return Map.of();
        for (String name : changes.keySet()) {
            if (name == null || !RULES.containsKey(name)) throw InvalidInput.notAllowed(name, name);
        }
        Map<String, String> valid = new LinkedHashMap<>();
        RULES.forEach((name, rule) -> {
            if (changes.containsKey(name)) valid.put(name, canonical(name, rule, changes.get(name)));
        });
        return Collections.unmodifiableMap(valid);
    }

    /** {@link #DEFAULTS} overlaid with {@code given} (taken as it is: validate it first). */
    public static Map<String, String> withDefaults(Map<String, String> given) {
        Map<String, String> all = new LinkedHashMap<>(DEFAULTS);
        if (given != null) all.putAll(given);
        return Collections.unmodifiableMap(all);
    }

    private static String canonical(String name, Rule rule, String raw) {
        String value = raw == null ? "" : raw.trim();
        if (rule instanceof OneOf oneOf) {
            if (!oneOf.allowed().contains(value)) throw InvalidInput.notAllowed(name, value);
            return value;
        }
        if (rule instanceof Range range) {
            if (!INTEGER.matcher(value).matches()) throw InvalidInput.malformed(name);
            BigInteger number = new BigInteger(value);
            if (number.compareTo(BigInteger.valueOf(range.min())) < 0
                    || number.compareTo(BigInteger.valueOf(range.max())) > 0)
                throw InvalidInput.notAllowed(name, value);
            return number.toString();
        }
        if (rule instanceof Alphanumeric text) {
            if (value.length() > text.max()) throw InvalidInput.tooLong(name, text.max());
            if (value.length() < text.min() || !ALPHANUMERIC.matcher(value).matches())
                throw InvalidInput.malformed(name);
            return value;
        }
        boolean valid = rule instanceof PrivateKey
                ? nimbus.shared.tls.Certificates.isPrivateKey(value)
                : nimbus.shared.tls.Certificates.areCertificates(value);
        if (!valid) throw InvalidInput.malformed(name);
        return value;
    }
}
