package nimbus.rescdn;

import java.util.LinkedHashMap;
import java.util.Map;
import nimbus.shared.error.Conflict;
import nimbus.shared.error.DomainException;
import nimbus.shared.error.FetchFailed;
import nimbus.shared.error.InvalidInput;
import nimbus.shared.error.MissingScope;
import nimbus.shared.error.NotFound;
import nimbus.shared.error.PayloadTooLarge;
import nimbus.shared.error.QuotaExceeded;
import nimbus.shared.error.RangeNotSatisfiable;
import nimbus.shared.error.RateLimited;
import nimbus.shared.error.ServerFault;
import nimbus.shared.error.Subject;
import nimbus.shared.error.Unauthenticated;
import nimbus.shared.error.Unavailable;
import nimbus.shared.error.UploadRefused;
import nimbus.shared.http.ApiResponse;
import nimbus.shared.http.ErrorFormat;

/**
 * ResCDN errors: the seed's {@code {"error": "..."}} with its status table: 401 missing or invalid key (the seed's
 * exact words, "authentication required"), 403 a key without the operation's scope, 404 a zone that is not one of
 * the caller's (unknown, another account's and the other mode's read the same), 429 over 100 requests a minute
 * (with {@code Retry-After}), 500 when we fail. Beyond the table: 400 bad input (the message names the field), 409 a
 * zone name any account uses already, 413 a body over 64 KB, 503 when a backing service fails (the client may
 * retry).
 */
final class ResCdnErrors implements ErrorFormat {
    static final ResCdnErrors INSTANCE = new ResCdnErrors();

    private record Answer(int status, String message) {}

    @Override
    public ApiResponse render(DomainException e) {
        Answer answer = answer(e);
        ApiResponse response = ApiResponse.json(answer.status(), body(answer.message()));
        if (e instanceof RateLimited r)
            response.header("Retry-After", Long.toString(r.decision().retryAfterSeconds()));
        return response;
    }

    static Map<String, Object> body(String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        return body;
    }

    private static Answer answer(DomainException e) {
        if (e instanceof Unauthenticated) return new Answer(401, "authentication required");
        if (e instanceof MissingScope m) return new Answer(403, "this key lacks the " + m.scope() + " permission");
        if (e instanceof NotFound n)
            return new Answer(404, n.subject() == Subject.ZONE ? "zone not found" : "not found");
        if (e instanceof RateLimited r)
            return new Answer(429, "rate limit exceeded: " + r.decision().limit() + " requests per minute per key");
        if (e instanceof InvalidInput i) return new Answer(400, invalid(i));
        if (e instanceof Conflict c) return conflict(c);
        if (e instanceof PayloadTooLarge) return new Answer(413, "request body too large: at most 64 KB");
        if (e instanceof QuotaExceeded) return new Answer(400, "storage quota exceeded");
        if (e instanceof UploadRefused u) return refused(u);
        if (e instanceof RangeNotSatisfiable) return new Answer(416, "requested range not satisfiable");
        if (e instanceof FetchFailed) return new Answer(400, "the origin could not be fetched");
        if (e instanceof Unavailable) return new Answer(503, "service temporarily unavailable, please retry");
        if (e instanceof ServerFault) return new Answer(500, "internal server error");
        throw new IllegalStateException("unmapped " + e.getClass());
    }

    private static Answer refused(UploadRefused u) {
        return switch (u.reason()) {
            case EXPIRED -> new Answer(410, "upload expired: start a new one");
            case INCOMPLETE -> new Answer(409, "upload incomplete: parts " + u.missingParts() + " are missing");
            case SIZE_MISMATCH -> new Answer(422, "expected " + u.expected() + " bytes, received " + u.actual());
            case CHECKSUM_MISMATCH -> new Answer(422, "the bytes received do not match the sha256 given");
        };
    }

    /** Every 400 names the field and what it must be. */
    static String invalid(InvalidInput i) {
        String field = i.field();
        if (field.equals("json")) return "request body is not valid JSON";
        if (field.equals("form")) return "request body is not a valid form";
        if (field.equals("base64")) return "request body is not valid base64";
        return switch (i.problem()) {
            case MISSING -> field + " is required";
            case TOO_LONG -> field + " is too long: at most " + i.limit() + " characters";
            case TOO_MANY -> field + ": at most " + i.limit() + " values";
            case CONTROL_CHARACTERS -> field + " must not contain control characters";
            case MALFORMED -> malformed(field);
            case NOT_ALLOWED ->
                i.value() == null || i.value().isBlank()
                        ? field + " is not allowed"
                        : field + ": " + i.value() + " is not allowed";
        };
    }

    private static String malformed(String field) {
        return switch (field) {
            case "name" -> "name must be a DNS label: lower-case letters, digits and inner hyphens";
            case "origin" -> "origin must be an http or https URL of a host, without a path";
            case "path" -> "path must start with /";
            default -> field + " is invalid";
        };
    }

    private static Answer conflict(Conflict c) {
        return switch (c.reason()) {
            case ALREADY_EXISTS -> new Answer(409, "name already taken: " + c.value());
            case NOT_EMPTY -> new Answer(409, "the zone still holds " + c.count() + " file(s)");
            case CHANGED_MEANWHILE -> new Answer(409, "the zone changed meanwhile, please retry");
        };
    }
}
