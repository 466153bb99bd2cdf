package nimbus.hackclub;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nimbus.shared.account.QuotaUsage;
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
import nimbus.shared.error.Unauthenticated;
import nimbus.shared.error.Unavailable;
import nimbus.shared.error.UploadRefused;
import nimbus.shared.http.ApiResponse;
import nimbus.shared.http.ErrorFormat;

/**
 * Hack Club CDN v4 errors: {@code {"error": "..."}} worded as the reference's rescue paths word them,
 * plus the {@code code}, {@code message} and {@code status} newer revisions add, plus the reference's
 * extra fields ({@code quota}, {@code detail}, {@code details}). Like the reference, an operation
 * may word "not found" its own way, and the upload operations answer an internal failure as a 422
 * "Upload failed: ..." rather than a 503.
 */
final class HackClubErrors implements ErrorFormat {
    private record Answer(int status, String code, String error, Map<String, Object> extra) {}

    private final String notFound;
    private final String failurePrefix;

    /** {@code failurePrefix}: "Upload failed: " where the reference rescues every failure into a 422; null elsewhere. */
    HackClubErrors(String notFound, String failurePrefix) {
        this.notFound = notFound;
        this.failurePrefix = failurePrefix;
    }

    @Override
    public ApiResponse render(DomainException e) {
        Answer answer = answer(e);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", answer.error());
        body.put("code", answer.code());
        body.put("message", answer.code().equals("invalid_auth") ? "Invalid or missing API key" : answer.error());
        body.put("status", answer.status());
        body.putAll(answer.extra());
        ApiResponse response = ApiResponse.json(answer.status(), body);
        if (e instanceof RangeNotSatisfiable r) response.header("Content-Range", "bytes */" + r.size());
        return response;
    }

    /** The wording of a failure, as it appears in {@code error} (and in a batch's per-file reasons). */
    String message(DomainException e) {
        return answer(e).error();
    }

    private Answer answer(DomainException e) {
        if (e instanceof Unauthenticated) return of(401, "invalid_auth", "invalid_auth");
        if (e instanceof MissingScope) return of(403, "forbidden", "Forbidden");
        if (e instanceof NotFound) return of(404, "not_found", notFound);
        if (e instanceof QuotaExceeded q) return quota(q);
        if (e instanceof InvalidInput i) return invalid(i);
        if (e instanceof FetchFailed f) return of(422, "upload_failed", "Upload failed: " + fetchReason(f));
        if (e instanceof Conflict c) return conflict(c);
        if (e instanceof PayloadTooLarge p) return of(413, "payload_too_large", "Too many parts in multipart body");
        if (e instanceof RangeNotSatisfiable)
            return of(416, "range_not_satisfiable", "Requested range not satisfiable");
        if (e instanceof RateLimited) return of(429, "rate_limited", "Too many requests");
        if (e instanceof UploadRefused u) return refused(u);
        if (e instanceof Unavailable && failurePrefix != null) {
            return of(422, "upload_failed", failurePrefix + "storage is unavailable, try again");
        }
        if (e instanceof Unavailable) return of(503, "unavailable", "Storage is unavailable, try again");
        if (e instanceof ServerFault) return of(500, "server_error", "Internal server error");
        throw new IllegalStateException("unmapped " + e.getClass());
    }

    private static Answer quota(QuotaExceeded q) {
        Map<String, Object> extra = Map.of("quota", quota(q.usage()));
        if (q.reason() == QuotaExceeded.Reason.FILE_TOO_LARGE) {
            return new Answer(
                    402,
                    "file_too_large",
                    "File size exceeds your limit of " + HumanSize.of(q.usage().maxFileBytes()) + " per file",
                    extra);
        }
        return new Answer(402, "quota_exceeded", "Storage quota exceeded", extra);
    }

    static Map<String, Object> quota(QuotaUsage usage) {
        Map<String, Object> quota = new LinkedHashMap<>();
        quota.put("storage_used", usage.storageUsed());
        quota.put("storage_limit", usage.storageLimit());
        quota.put("quota_tier", usage.tier().slug());
        quota.put("percentage_used", usage.percentageUsed());
        return quota;
    }

    private static Answer invalid(InvalidInput i) {
        return switch (i.problem()) {
            case MISSING -> of(400, "missing_parameter", "Missing " + parameter(i.field()) + " parameter");
            case TOO_MANY ->
                i.field().equals("files")
                        ? new Answer(
                                400,
                                "too_many_files",
                                "Too many files",
                                Map.of("detail", "Maximum " + i.limit() + " files per batch, got " + i.actual()))
                        : new Answer(
                                400,
                                "too_many_" + i.field(),
                                "Too many " + i.field(),
                                Map.of(
                                        "detail",
                                        "Maximum " + i.limit() + " " + i.field() + " per request, got " + i.actual()));
            case MALFORMED ->
                switch (i.field()) {
                    case "multipart" -> of(400, "malformed_multipart", "Malformed multipart body");
                    case "json" -> of(400, "bad_request", "Request body is not valid JSON");
                    case "form" -> of(400, "bad_request", "Malformed form body");
                    case "base64" -> of(400, "bad_request", "Request body is not valid base64");
                    default -> validation(capitalized(i.field()) + " is invalid");
                };
            case CONTROL_CHARACTERS ->
                i.field().equals("filename")
                        ? of(400, "invalid_filename", "Filename contains a NUL byte")
                        : validation(capitalized(i.field()) + " contains control characters");
            case TOO_LONG ->
                validation(capitalized(i.field()) + " is too long (maximum is " + i.limit()
                        + (i.field().equals("filename") ? " bytes)" : " characters)"));
            case NOT_ALLOWED -> validation(capitalized(i.field()) + " is not allowed: " + i.value());
        };
    }

    /** The reference's 422 for a record that fails validation: {@code details} holds the full messages. */
    private static Answer validation(String detail) {
        return new Answer(422, "validation_failed", "Validation failed", Map.of("details", List.of(detail)));
    }

    private static Answer refused(UploadRefused u) {
        return switch (u.reason()) {
            case EXPIRED -> of(410, "upload_expired", "Upload expired: start a new one");
            case INCOMPLETE ->
                new Answer(
                        409,
                        "upload_incomplete",
                        "Upload incomplete: parts missing",
                        Map.of("missing_parts", u.missingParts()));
            case SIZE_MISMATCH ->
                of(422, "size_mismatch", "Upload failed: expected " + u.expected() + " bytes, received " + u.actual());
            case CHECKSUM_MISMATCH ->
                of(422, "checksum_mismatch", "Upload failed: the bytes received do not match the sha256 given");
        };
    }

    private static Answer conflict(Conflict c) {
        if (c.reason() == Conflict.Reason.ALREADY_EXISTS) return of(409, "conflict", c.value() + " is taken");
        return of(409, "conflict", "The upload changed or was deleted meanwhile; try again");
    }

    /** The reference's messages for a download that failed. */
    private static String fetchReason(FetchFailed f) {
        return switch (f.reason()) {
            case INVALID_URL -> "Invalid URL";
            case UNSUPPORTED_SCHEME -> "URL scheme must be http or https.";
            case CREDENTIALS_IN_URL -> "URL must not contain credentials";
            case INVALID_REDIRECT -> "Invalid redirect location";
            case TOO_MANY_REDIRECTS -> "Too many redirects";
            case UNRESOLVABLE_HOST -> "Couldn't resolve host.";
            case ADDRESS_NOT_ALLOWED -> "IP address not allowed";
            case CONNECT_FAILED -> "Couldn't connect to host";
            case TLS_FAILED -> "TLS connection to host failed";
            case INVALID_AUTHORIZATION -> "Invalid download authorization";
            case UPSTREAM_STATUS -> "Failed to download: " + f.upstreamStatus();
            case TOO_LARGE -> "File too large: exceeds limit of " + HumanSize.of(f.limit());
            case TIMED_OUT -> "Timed out fetching the URL";
            case INTERRUPTED -> "Interrupted while fetching the URL";
            case FAILED -> "Failed to fetch the URL";
        };
    }

    private static String parameter(String field) {
        return field.equals("files") || field.equals("ids") ? field + "[]" : field;
    }

    private static String capitalized(String field) {
        return Character.toUpperCase(field.charAt(0)) + field.substring(1);
    }

    private static Answer of(int status, String code, String error) {
        return new Answer(status, code, error, Map.of());
    }
}
