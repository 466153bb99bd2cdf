package nimbus.keycdn;

import java.util.LinkedHashMap;
import java.util.Map;
import nimbus.shared.error.Blocked;
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
 * KeyCDN errors: always the seed's envelope, {@code {"status": "error", "description": ...}}, never an
 * empty body (clients throw on one), with the same text as {@code error_message} for the clients that read
 * that. Statuses from the seed's summary and the WordPress plugin's handling (COMPAT.md): 401 invalid key,
 * 403 for a zone id that is not one of the caller's zones (unknown and another account's read the same), 404
 * for a zone alias or referrer id that is not one of the caller's (the same rule, the seed's generic not-found),
 * 400 for bad input (the description names the parameter), 413 for a body over 64 KB, 429 rate limited, 451 for a source IP blocked after too many failed
 * authentications (with {@code Retry-After}),
 * 503 / 500 when we fail.
 */
final class KeyCdnErrors implements ErrorFormat {
    static final KeyCdnErrors INSTANCE = new KeyCdnErrors();

    private record Answer(int status, String description) {}

    @Override
    public ApiResponse render(DomainException e) {
        Answer answer = answer(e);
        ApiResponse response = ApiResponse.json(answer.status(), body(answer.description()));
        if (e instanceof Blocked b) response.header("Retry-After", Long.toString(b.retryAfterSeconds()));
        if (e instanceof RateLimited r) {
            RateLimitHeaders.add(response, r.decision());
            response.header("Retry-After", Long.toString(r.decision().retryAfterSeconds()));
        }
        return response;
    }

    static Map<String, Object> body(String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "error");
        body.put("description", description);
        body.put("error_message", description);
        return body;
    }

    private static Answer answer(DomainException e) {
        if (e instanceof Unauthenticated) return new Answer(401, "Unauthorized: invalid API key.");
        if (e instanceof Blocked b) {
            return new Answer(
                    451, "Too many failed attempts: this IP is blocked for " + b.retryAfterSeconds() + " seconds.");
        }
        if (e instanceof NotFound n) {
            return n.subject() == Subject.ZONE
                    ? new Answer(403, "Access denied: no such zone.")
                    : new Answer(404, "The requested item does not exist.");
        }
        if (e instanceof RateLimited r) {
            long limit = r.decision().limit();
            long window = r.decision().windowSeconds();
            return new Answer(
                    429,
                    "Rate limit exceeded: at most " + limit + (limit == 1 ? " request" : " requests")
                            + (window == 1 ? " per second." : " per " + window + " seconds."));
        }
        if (e instanceof InvalidInput i) return new Answer(400, invalid(i));
        if (e instanceof PayloadTooLarge) return new Answer(413, "Maximum body size is 64 KB.");
        if (e instanceof Conflict c) return conflict(c);
        if (e instanceof MissingScope) return new Answer(403, "Access denied.");
        if (e instanceof QuotaExceeded) return new Answer(400, "Storage quota exceeded.");
        if (e instanceof UploadRefused u) return refused(u);
        if (e instanceof RangeNotSatisfiable) return new Answer(416, "Requested range not satisfiable.");
        if (e instanceof FetchFailed) return new Answer(400, "The origin could not be fetched.");
        if (e instanceof Unavailable) return new Answer(503, "Service temporarily unavailable, please try again.");
        if (e instanceof ServerFault) return new Answer(500, "Internal server error.");
        throw new IllegalStateException("unmapped " + e.getClass());
    }

    private static Answer refused(UploadRefused u) {
        return switch (u.reason()) {
            case EXPIRED -> new Answer(410, "Upload expired: start a new one.");
            case INCOMPLETE -> new Answer(409, "Upload incomplete: parts " + u.missingParts() + " are missing.");
            case SIZE_MISMATCH -> new Answer(422, "Expected " + u.expected() + " bytes, received " + u.actual() + ".");
            case CHECKSUM_MISMATCH -> new Answer(422, "The bytes received do not match the sha256 given.");
        };
    }

    /** Every 400 names the parameter, as the seed's "Often missing a required parameter" suggests clients need. */
    static String invalid(InvalidInput i) {
        String field = i.field();
        if (i.detail() != InvalidInput.Detail.NONE) return certificate(field, i);
        return switch (field) {
            case "json" -> "The request body is not valid JSON.";
            case "form" -> "The request body is not a valid form.";
            case "base64" -> "The request body is not valid base64.";
            case "aliases" -> "A zone can have at most " + i.limit() + " zone aliases.";
            case "referrers" -> "A zone can have at most " + i.limit() + " zone referrers.";
            case "end" ->
                i.problem() == InvalidInput.Problem.TOO_MANY
                        ? "Invalid parameter end: at most " + i.limit() + " intervals from start to end."
                        : i.problem() == InvalidInput.Problem.MISSING
                                ? "Missing required parameter: end."
                                : "Invalid parameter end.";
            default ->
                switch (i.problem()) {
                    case MISSING -> "Missing required parameter: " + field + ".";
                    case TOO_LONG -> "Invalid parameter " + field + ": at most " + i.limit() + " characters.";
                    case TOO_MANY -> "Invalid parameter " + field + ": at most " + i.limit() + " values.";
                    case CONTROL_CHARACTERS -> "Invalid parameter " + field + ": control characters.";
                    case MALFORMED -> "Invalid parameter " + field + ".";
                    case NOT_ALLOWED ->
                        i.value() == null || i.value().isBlank()
                                ? "Invalid parameter " + field + "."
                                : "Invalid parameter " + field + ": " + i.value() + " is not allowed.";
                };
        };
    }

    /** A custom certificate or key refused: what is wrong with it, naming the parameter. */
    private static String certificate(String field, InvalidInput i) {
        String why = switch (i.detail()) {
            case KEY_MISMATCH -> "the private key does not match the certificate in customsslcert";
            case NOT_YET_VALID -> "the certificate is not valid yet";
            case EXPIRED -> "the certificate has expired";
            case BROKEN_CHAIN -> "the chain is broken: each certificate must be signed by the one that follows it";
            case KEY_TOO_LARGE ->
                "the private key is too large (at most " + i.limit() + " bytes as PKCS #8; RSA up to 4096 bits, or EC)";
            case ONLY_WITH_CUSTOM_CERTIFICATE -> "only allowed with sslcert=custom";
            case NONE -> "";
        };
        return "Invalid parameter " + field + ": " + why + ".";
    }

    private static Answer conflict(Conflict c) {
        return switch (c.reason()) {
            case NOT_EMPTY -> new Answer(400, "The zone still holds " + c.count() + " file(s): delete them first.");
            case ALREADY_EXISTS -> new Answer(400, c.value() + " is already in use.");
            case CHANGED_MEANWHILE ->
                new Answer(
                        409,
                        switch (c.subject()) {
                            case ALIAS -> "The zone alias changed meanwhile, please try again.";
                            case REFERRER -> "The zone referrer changed meanwhile, please try again.";
                            default -> "The zone changed meanwhile, please try again.";
                        });
        };
    }
}
