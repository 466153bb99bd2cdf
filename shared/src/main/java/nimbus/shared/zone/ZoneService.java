package nimbus.shared.zone;

import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import nimbus.shared.Settings;
import nimbus.shared.error.Conflict;
import nimbus.shared.error.InvalidInput;
import nimbus.shared.error.NotFound;
import nimbus.shared.error.Subject;
import nimbus.shared.purge.PurgeService;
import nimbus.shared.tls.Certificates;
import nimbus.shared.tls.KeyVault;

/**
 * Zones of an account: the implicit files zone, and the push and pull zones the zone dialects
 * create. Each named zone gets a hostname {@code <name in lower case>-<hex number>.<zone domain>}, registered
 * so that no two zones of any account share one; renaming a zone later leaves its hostname as it is (clients
 * and aliases keep pointing at it). Aliases are extra hostnames of a zone, registered the same way, each with a
 * numeric id of its own. Names follow the richest seed: 1 to 20 ASCII letters and digits.
 */
@Singleton
public class ZoneService {
    public static final int MAX_NAME = 20;
    /** The longest origin URL, as the richest seed allows. */
    public static final int MAX_ORIGIN_URL = 128;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]+");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    /** The longest DNS label: a {@link HostnameStyle#LABEL} zone's name. */
    public static final int MAX_LABEL = 63;
    /** Test-mode zones' hostnames are under {@code test.<zone domain>}, apart from every live hostname. */
    public static final String TEST_SUBDOMAIN = "test";

    private static final Pattern IPV4 =
            Pattern.compile("((25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])");
    private static final Pattern HOSTNAME =
            Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");

    /** The longest alias hostname, as the seed's Add Zone Alias allows. */
    public static final int MAX_ALIAS_NAME = 128;
    /** Aliases a zone may have: a zone delete removes them (and their hostnames) in one transaction. */
    public static final int MAX_ALIASES = 20;
    /** Referrers a zone may have: 2 + 2 x 20 + 50 actions keep a zone delete inside DynamoDB's 100. */
    public static final int MAX_REFERRERS = 50;

    private final ZoneTable zones;
    private final ReferrerTable referrers;
    // A provider: only a zone delete needs purges (and their queue client), so other operations never build them.
    private final Provider<PurgeService> purges;
    private final Clock clock;
    private final KeyVault vault;

    public ZoneService(
            ZoneTable zones, ReferrerTable referrers, Provider<PurgeService> purges, Clock clock, KeyVault vault) {
        this.zones = zones;
        this.referrers = referrers;
        this.purges = purges;
        this.clock = clock;
        this.vault = vault;
    }

    /**
     * What a create or update does to the zone's custom certificate: {@code checked} (to seal and store) when one was
     * given, {@code drop} when the zone leaves the custom certificate (its key and certificate are removed).
     */
    private record CertificateChange(Certificates.Checked checked, boolean drop) {
        static final CertificateChange NONE = new CertificateChange(null, false);
    }

    /**
     * The custom certificate rules, checked before anything is written. {@code valid} are the validated changes
     * without the key ({@code key}: the given PEM key, or null); {@code stored} the zone's settings (empty for a new
     * zone). With {@code sslcert} custom (given, or as stored), a key and certificate must be given together, and
     * must be given at all when the zone has none yet; they are then checked ({@link Certificates#check}). With any
     * other {@code sslcert}, neither may be given, and setting one drops what the zone stored. A checked pair puts
     * {@code sslcert=custom} into {@code valid}.
     */
    private CertificateChange certificateChange(Map<String, String> valid, String key, Map<String, String> stored) {
        String choice = valid.getOrDefault(
                ZoneSettings.CERTIFICATE,
                stored.getOrDefault(ZoneSettings.CERTIFICATE, ZoneSettings.DEFAULTS.get(ZoneSettings.CERTIFICATE)));
        String cert = valid.get(ZoneSettings.CUSTOM_CERT);
        if (!ZoneSettings.CUSTOM.equals(choice)) {
            if (key != null)
                throw InvalidInput.rejected(
                        ZoneSettings.CUSTOM_KEY, InvalidInput.Detail.ONLY_WITH_CUSTOM_CERTIFICATE, 0);
            if (cert != null)
                throw InvalidInput.rejected(
                        ZoneSettings.CUSTOM_CERT, InvalidInput.Detail.ONLY_WITH_CUSTOM_CERTIFICATE, 0);
            return new CertificateChange(null, valid.containsKey(ZoneSettings.CERTIFICATE));
        }
        if (key == null && cert == null && stored.containsKey(ZoneSettings.CUSTOM_CERT)) return CertificateChange.NONE;
        if (key == null) throw InvalidInput.missing(ZoneSettings.CUSTOM_KEY);
        if (cert == null) throw InvalidInput.missing(ZoneSettings.CUSTOM_CERT);
        // Written with the pair, so that a concurrent switch away that lands first cannot leave a stored key on a
        // zone whose certificate is not the custom one.
        valid.put(ZoneSettings.CERTIFICATE, ZoneSettings.CUSTOM);
        return new CertificateChange(
                Certificates.check(ZoneSettings.CUSTOM_KEY, key, ZoneSettings.CUSTOM_CERT, cert, clock.instant()),
                false);
    }

    /** The sealed private key of {@code change} for zone {@code zoneId}, or null when there is none to store. */
    private byte[] seal(CertificateChange change, String zoneId) {
        return change.checked() == null ? null : vault.seal(change.checked().privateKeyPkcs8(), zoneId);
    }

    public Zone create(String accountId, String name, ZoneKind kind, String originUrl) {
        return create(accountId, name, kind, originUrl, Map.of());
    }

    /**
     * A new push or pull zone with {@code settings} (validated, then stored over {@link ZoneSettings#DEFAULTS}). A pull
     * zone needs an origin URL; a push zone ignores one. A live zone with a {@link HostnameStyle#NUMBERED} hostname.
     */
    public Zone create(String accountId, String name, ZoneKind kind, String originUrl, Map<String, String> settings) {
        return create(
                new NewZone(accountId, name, kind, originUrl, "originurl", settings, HostnameStyle.NUMBERED, false));
    }

    /**
     * A new zone as {@code request} describes it: its name validated for its {@link HostnameStyle}, its origin URL
     * (pull zones; a refusal names {@link NewZone#originField()}), its settings; its hostname claimed across all
     * accounts (a hostname in use is a conflict). A test-mode zone's hostname is under {@link #TEST_SUBDOMAIN}. A
     * custom certificate's private key is checked against its certificate, sealed with KMS ({@link KeyVault}) and
     * stored as that ciphertext only: it is never a setting.
     */
    public Zone create(NewZone request) {
        ZoneKind kind = request.kind();
        if (kind == ZoneKind.FILES) throw InvalidInput.notAllowed("type", kind.slug());
        String validName =
                request.style() == HostnameStyle.LABEL ? validLabel(request.name()) : validName(request.name());
        String validOrigin = kind == ZoneKind.PULL ? validOriginUrl(request.originUrl(), request.originField()) : null;
        Map<String, String> valid = new LinkedHashMap<>(ZoneSettings.validate(request.settings()));
        String key = valid.remove(ZoneSettings.CUSTOM_KEY);
        CertificateChange certificate = certificateChange(valid, key, Map.of());
        Map<String, String> all = ZoneSettings.withDefaults(valid);
        long number = zones.nextNumber();
        String label = request.style() == HostnameStyle.LABEL
                ? validName
                : validName.toLowerCase(Locale.ROOT) + "-" + Long.toHexString(number);
        String domain = request.testMode() ? TEST_SUBDOMAIN + "." + Settings.zoneDomain() : Settings.zoneDomain();
        Zone zone = new Zone(
                Long.toString(number),
                request.accountId(),
                kind,
                validName,
                label + "." + domain,
                validOrigin,
                0,
                0,
                0,
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                all,
                request.testMode());
        zones.create(zone, seal(certificate, zone.id()));
        return zone;
    }

    /**
     * Changes the account's push or pull zone: a null name or origin URL, and every setting not in {@code changes},
     * stay as they are. Changes are validated first (nothing is written if one is bad) and merged into the stored
     * settings field by field, so two updates of different fields both land. A pull zone keeps needing an origin;
     * a push zone ignores one. The hostname never changes, a rename included. The files zone is not changeable.
     */
    public Zone update(String accountId, String zoneId, String name, String originUrl, Map<String, String> changes) {
        Zone zone = require(accountId, zoneId);
        if (zone.kind() == ZoneKind.FILES) throw InvalidInput.notAllowed("zone", zoneId);
        String validName = name == null ? null : validName(name);
        String validOrigin = zone.kind() == ZoneKind.PULL && originUrl != null ? validOriginUrl(originUrl) : null;
        Map<String, String> validChanges = new LinkedHashMap<>(ZoneSettings.validate(changes));
        String key = validChanges.remove(ZoneSettings.CUSTOM_KEY);
        CertificateChange certificate = certificateChange(validChanges, key, zone.settings());
        return zones.update(zone, validName, validOrigin, validChanges, seal(certificate, zoneId), certificate.drop())
                .orElseThrow(() -> new NotFound(Subject.ZONE));
    }

    /** The account's live zone; another account's zone, and a test-mode one, read exactly like a missing one. */
    public Zone require(String accountId, String zoneId) {
        return require(accountId, zoneId, false);
    }

    /**
     * The account's zone of the live data set or of the test-mode one ({@code testMode}); another account's zone, and
     * one of the other data set, read exactly like a missing one.
     */
    public Zone require(String accountId, String zoneId, boolean testMode) {
        if (zoneId == null || zoneId.length() > 64) throw new NotFound(Subject.ZONE);
        return zones.find(zoneId)
                .filter(z -> z.accountId().equals(accountId) && z.testMode() == testMode)
                .orElseThrow(() -> new NotFound(Subject.ZONE));
    }

    public Zone filesZone(String accountId) {
        return require(accountId, Zone.filesZoneId(accountId));
    }

    /** The live zones an account created (its files zone is implicit and left out). */
    public List<Zone> list(String accountId) {
        return list(accountId, false);
    }

    /** The zones an account created in the live data set or the test-mode one ({@code testMode}), oldest first. */
    public List<Zone> list(String accountId, boolean testMode) {
        return zones.listByAccount(accountId).stream()
                .filter(z -> z.kind() != ZoneKind.FILES && z.testMode() == testMode)
                .toList();
    }

    /**
     * Deletes an empty zone, frees its hostnames and deletes its aliases and referrers, in one transaction. A zone
     * holds at most {@link #MAX_ALIASES} aliases and {@link #MAX_REFERRERS} referrers, so that transaction stays
     * within DynamoDB's 100 actions. Its cache is purged first: a purge of a zone that then stays (the delete refused)
     * costs only a refill, while a deleted zone's cached copies must never outlive it.
     */
    public void delete(String accountId, String zoneId) {
        Zone zone = require(accountId, zoneId);
        if (zone.kind() == ZoneKind.FILES) throw InvalidInput.notAllowed("zone", zoneId);
        if (zone.fileCount() > 0) throw Conflict.notEmpty(Subject.ZONE, zone.fileCount());
        purges.get().wholeZone(zone);
        zones.delete(
                zone,
                referrers.listByAccount(accountId).stream()
                        .filter(r -> r.zoneId().equals(zoneId))
                        .map(Referrer::id)
                        .toList());
    }

    /**
     * A new alias of the account's zone: {@code hostname} (at most {@link #MAX_ALIAS_NAME} characters; field
     * "name") is claimed for it, and a hostname any account uses already is a conflict. Its id is the next number of
     * the deployment-wide alias sequence. A zone holds at most {@link #MAX_ALIASES} aliases (field "aliases").
     */
    public Alias addAlias(String accountId, String zoneId, String hostname) {
        String host = validHostname(hostname, "name", MAX_ALIAS_NAME);
        if (zoneId == null || zoneId.length() > 64) throw new NotFound(Subject.ZONE);
        Alias alias = new Alias(
                Long.toString(zones.nextNumber("alias")),
                zoneId,
                accountId,
                host,
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        zones.addAlias(alias, MAX_ALIASES);
        return alias;
    }

    /** The account's alias; another account's reads exactly like a missing one. */
    public Alias alias(String accountId, String aliasId) {
        if (aliasId == null || aliasId.length() > 64) throw new NotFound(Subject.ALIAS);
        return zones.findAlias(aliasId)
                .filter(a -> a.accountId().equals(accountId))
                .orElseThrow(() -> new NotFound(Subject.ALIAS));
    }

    /** The account's aliases, oldest first. */
    public List<Alias> aliases(String accountId) {
        return zones.listAliases(accountId);
    }

    /**
     * Changes the account's alias: a new hostname (null: as it is) is claimed and the old one released at once, and
     * it may move to another zone of the account ({@code zoneId}; null: as it is).
     */
    public Alias editAlias(String accountId, String aliasId, String zoneId, String hostname) {
        String host = hostname == null ? null : validHostname(hostname, "name", MAX_ALIAS_NAME);
        if (zoneId != null && zoneId.length() > 64) throw new NotFound(Subject.ZONE);
        Alias before = alias(accountId, aliasId);
        Alias after = new Alias(
                before.id(),
                zoneId == null ? before.zoneId() : zoneId,
                accountId,
                host == null ? before.name() : host,
                before.createdAt());
        zones.editAlias(before, after, MAX_ALIASES);
        return after;
    }

    /** Deletes the account's alias and frees its hostname. */
    public void deleteAlias(String accountId, String aliasId) {
        zones.deleteAlias(alias(accountId, aliasId));
    }

    /** Deletes the account's alias of {@code zoneId} that claims {@code hostname}. */
    public void removeAlias(String accountId, String zoneId, String hostname) {
        require(accountId, zoneId);
        String host = hostname == null ? "" : hostname.trim().toLowerCase(Locale.ROOT);
        Alias alias = zones.aliasIdOf(host)
                .flatMap(zones::findAlias)
                .filter(a -> a.accountId().equals(accountId) && a.zoneId().equals(zoneId))
                .orElseThrow(() -> new NotFound(Subject.HOSTNAME));
        zones.deleteAlias(alias);
    }

    /** A DNS label in lower case (field "name"): 1 to 63 letters, digits and inner hyphens. */
    private static String validLabel(String name) {
        if (name == null || name.isBlank()) throw InvalidInput.missing("name");
        String label = name.trim().toLowerCase(Locale.ROOT);
        if (label.length() > MAX_LABEL) throw InvalidInput.tooLong("name", MAX_LABEL);
        if (!LABEL.matcher(label).matches()) throw InvalidInput.malformed("name");
        return label;
    }

    private static String validName(String name) {
        if (name == null || name.isBlank()) throw InvalidInput.missing("name");
        String trimmed = name.trim();
        if (trimmed.length() > MAX_NAME) throw InvalidInput.tooLong("name", MAX_NAME);
        if (!NAME.matcher(trimmed).matches()) throw InvalidInput.malformed("name");
        return trimmed;
    }

    /** An absolute http(s) URL of scheme and host (and port) only, as the richest seed asks; a trailing "/" is dropped. */
    private static String validOriginUrl(String originUrl) {
        return validOriginUrl(originUrl, "originurl");
    }

    /** As {@link #validOriginUrl(String)}; a refusal names {@code field}. */
    private static String validOriginUrl(String originUrl, String field) {
        if (originUrl == null || originUrl.isBlank()) throw InvalidInput.missing(field);
        String url = originUrl.trim();
        if (url.length() > MAX_ORIGIN_URL) throw InvalidInput.tooLong(field, MAX_ORIGIN_URL);
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw InvalidInput.malformed(field);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        boolean bare = (uri.getRawPath() == null
                        || uri.getRawPath().isEmpty()
                        || uri.getRawPath().equals("/"))
                && uri.getRawQuery() == null
                && uri.getRawFragment() == null
                && uri.getRawUserInfo() == null;
        if (!(scheme.equals("http") || scheme.equals("https"))
                || !bare
                || !(HOSTNAME.matcher(host).matches() || IPV4.matcher(host).matches()))
            throw InvalidInput.malformed(field);
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /**
     * A hostname in lower case without a trailing dot, at most {@code max} characters; {@code field} names it in a
     * refusal.
     */
    static String validHostname(String hostname, String field, int max) {
        if (hostname == null || hostname.isBlank()) throw InvalidInput.missing(field);
        String host = hostname.trim().toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) host = host.substring(0, host.length() - 1);
        if (host.length() > max) throw InvalidInput.tooLong(field, max);
        if (!HOSTNAME.matcher(host).matches()) throw InvalidInput.malformed(field);
        return host;
    }
}
