package nimbus.keycdn;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nimbus.shared.Settings;
import nimbus.shared.auth.FailedAttempts;
import nimbus.shared.auth.Principal;
import nimbus.shared.auth.RateLimiter;
import nimbus.shared.error.DomainException;
import nimbus.shared.error.InvalidInput;
import nimbus.shared.error.NotFound;
import nimbus.shared.error.PayloadTooLarge;
import nimbus.shared.error.Subject;
import nimbus.shared.http.ApiFunction;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;
import nimbus.shared.http.ErrorFormat;
import nimbus.shared.usage.Interval;
import nimbus.shared.usage.Period;
import nimbus.shared.zone.ZoneSettings;

/**
 * A KeyCDN operation: the key as the user name of HTTP Basic auth with an empty password ({@code curl -u
 * KEY:}). {@link #FAILED_AUTH_LIMIT} failed authentications from one source IP in a
 * {@link #FAILED_AUTH_WINDOW_SECONDS} window block that IP (451, a valid key included) until the window ends. Each
 * request is counted against the per-key limit ({@code NIMBUS_KEYCDN_RATE_LIMIT} per 60 s window, 60 by
 * default, as the seed says). Every answer after the count, errors included, carries
 * {@code X-Rate-Limit-Limit} and {@code X-Rate-Limit-Remaining}. A body over 64 KB is refused (413) before
 * anything else. The {@code {id}} path segment arrives as {@code 1000.json}: {@link #pathId} strips the
 * suffix here, once for every operation.
 */
public abstract class KeyCdnHandler extends ApiFunction {
    /** The seed: "Maximum body size is 64 KB". */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private static final Pattern PATH_ID = Pattern.compile("([0-9]{1,18})\\.json");
    private static final Pattern NUMERIC = Pattern.compile("[0-9]{1,18}");

    /** Failed authentications from one source IP in a window that block it (COMPAT.md: 451). */
    static final long FAILED_AUTH_LIMIT = 10;

    /** The fixed window failed authentications are counted in; a block lasts until its window ends. */
    static final long FAILED_AUTH_WINDOW_SECONDS = 600;

    @Inject
    protected FailedAttempts failedAttempts;

    @Inject
    protected RateLimiter rateLimiter;

    protected KeyCdnHandler() {}

    protected KeyCdnHandler(ApplicationContext context) {
        super(context);
    }

    protected abstract ApiResponse handle(ApiRequest request, Principal caller);

    @Override
    protected final ApiResponse respond(ApiRequest request) {
        if (request.body().length > MAX_BODY_BYTES) throw new PayloadTooLarge("body", MAX_BODY_BYTES);
        Principal caller = failedAttempts.authenticate(
                "keycdn-auth",
                request.sourceIp(),
                basicUser(request),
                KeyCdnKeys.FORMAT,
                Settings.longValue("NIMBUS_KEYCDN_FAILED_AUTH_LIMIT", FAILED_AUTH_LIMIT),
                FAILED_AUTH_WINDOW_SECONDS);
        RateLimiter.Decision limit =
                rateLimiter.enforce("keycdn:" + caller.keyId(), Settings.longValue("NIMBUS_KEYCDN_RATE_LIMIT", 60), 60);
        ApiResponse response;
        try {
            response = handle(request, caller);
        } catch (DomainException e) {
            response = KeyCdnErrors.INSTANCE.render(e);
        }
        return RateLimitHeaders.add(response, limit);
    }

    /**
     * The user name of {@code Authorization: Basic base64(KEY:)}; the password is not read (curl's
     * {@code -u KEY:} sends it empty). Null when there is no such header or it does not decode.
     */
    static String basicUser(ApiRequest request) {
        String header = request.header("Authorization").orElse("").trim();
        if (!header.regionMatches(true, 0, "Basic ", 0, 6)) return null;
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(header.substring(6).trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
        String credentials = new String(decoded, StandardCharsets.UTF_8);
        int colon = credentials.indexOf(':');
        return colon < 0 ? credentials : credentials.substring(0, colon);
    }

    /**
     * The zone id of the {@code {id}} segment, {@code 1000.json}: the digits before {@code .json}. Anything
     * else names no zone: not found, as an unknown id is.
     */
    protected static String zoneId(ApiRequest request) {
        return pathId(request, Subject.ZONE);
    }

    /** The zone id of a route whose {@code {id}} segment is the bare number ({@code /zones/{id}/files.json}). */
    protected static String bareZoneId(ApiRequest request) {
        String id = request.pathParameter("id").orElse("");
        if (!NUMERIC.matcher(id).matches()) throw new NotFound(Subject.ZONE);
        return id;
    }

    /**
     * The id of the {@code {id}} segment of a zone alias or referrer route, as {@link #zoneId} reads it; anything
     * else names no {@code subject}: not found, as an unknown id is.
     */
    protected static String pathId(ApiRequest request, Subject subject) {
        Matcher m = PATH_ID.matcher(request.pathParameter("id").orElse(""));
        if (!m.matches()) throw new NotFound(subject);
        return m.group(1);
    }

    /**
     * The {@code zone_id} parameter of the alias and referrer operations: digits (the seed's {numeric}); absent
     * is null, or missing when {@code required}. A number that is not one of the caller's zones is the domain's
     * "no such zone".
     */
    protected static String zoneIdParam(ApiRequest request, boolean required) {
        String value = request.param("zone_id").map(String::trim).orElse("");
        if (value.isEmpty()) {
            if (required || request.has("zone_id")) throw InvalidInput.missing("zone_id");
            return null;
        }
        if (!NUMERIC.matcher(value).matches()) throw InvalidInput.malformed("zone_id");
        return value;
    }

    /**
     * The optional {@code zone_id} of a report: absent or blank is the whole account (a client that fills every
     * optional parameter sends it empty), digits name a zone, anything else is malformed.
     */
    protected static String reportZoneId(ApiRequest request) {
        String value = request.param("zone_id").map(String::trim).orElse("");
        return value.isEmpty() ? null : zoneIdParam(request, true);
    }

    /**
     * The report period of {@code start}, {@code end} (unix seconds) and {@code interval} ({@code hour} or
     * {@code day}; {@code fallback} when absent), from the query string or a form or JSON body.
     */
    protected static Period period(ApiRequest request, Interval fallback, Instant now) {
        Interval interval = Interval.parse(request.param("interval").orElse(null), fallback);
        return Period.of(
                request.param("start").orElse(null), request.param("end").orElse(null), interval, now);
    }

    /**
     * The zone settings the request names (JSON, form or query; {@link ZoneSettings#NAMES}), as sent: a JSON null
     * is "". Other parameters are not read here (name, type and originurl are the handlers'). A custom certificate
     * ({@code sslcert=custom}, {@code customsslkey}, {@code customsslcert}) is checked and its key sealed by the domain
     * ({@link nimbus.shared.zone.ZoneService}); the key is never shown again.
     */
    protected static Map<String, String> settings(ApiRequest request) {
        Map<String, String> given = new LinkedHashMap<>();
        for (String name : ZoneSettings.NAMES) {
            if (request.has(name)) given.put(name, request.param(name).orElse(""));
        }
        return given;
    }

    /** A well-formed key that exists nowhere: priming runs the key lookup and ends in a 401. */
    @Override
    protected APIGatewayProxyRequestEvent primingEvent() {
        String credentials = KeyCdnKeys.FORMAT.prefix() + "0".repeat(43) + ":";
        return super.primingEvent()
                .withHeaders(Map.of(
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8))));
    }

    @Override
    protected final ErrorFormat errorFormat() {
        return KeyCdnErrors.INSTANCE;
    }
}
