package nimbus.aether;

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
import nimbus.shared.error.Unauthenticated;
import nimbus.shared.error.Unavailable;
import nimbus.shared.error.UploadRefused;
import nimbus.shared.files.FileDetails;
import nimbus.shared.files.FolderRecord;
import nimbus.shared.http.ApiResponse;
import nimbus.shared.http.ErrorFormat;

/**
 * AetherCDN errors: {@code {"success": false, "error": {"code", "message"}}} with the seed's codes
 * (unauthorized, forbidden, not_found, bad_request, rate_limited, server_error) where one fits, and
 * quota_exceeded, folder_not_empty, conflict and payload_too_large where none does.
 */
final class AetherErrors implements ErrorFormat {
    static final AetherErrors INSTANCE = new AetherErrors();

    private record Answer(int status, String code, String message) {}

    @Override
    public ApiResponse render(DomainException e) {
        Answer answer = answer(e);
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", answer.code());
        error.put("message", answer.message());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", false);
        body.put("error", error);
        ApiResponse response = ApiResponse.json(answer.status(), body);
        if (e instanceof RangeNotSatisfiable r) response.header("Content-Range", "bytes */" + r.size());
        if (e instanceof RateLimited r) {
            RateLimitHeaders.add(response, r.decision());
            response.header("Retry-After", Long.toString(r.decision().retryAfterSeconds()));
        }
        return response;
    }

    private static Answer answer(DomainException e) {
        if (e instanceof Unauthenticated) return new Answer(401, "unauthorized", "Invalid API key");
        if (e instanceof MissingScope m)
            return new Answer(403, "forbidden", "This API key lacks the " + m.scope() + " scope");
        if (e instanceof NotFound n) return new Answer(404, "not_found", thing(n) + " not found");
        if (e instanceof RateLimited r) {
            return new Answer(
                    429,
                    "rate_limited",
                    "Too many requests: at most " + r.decision().limit() + " per minute");
        }
        if (e instanceof QuotaExceeded q) return quota(q);
        if (e instanceof UploadRefused u) return refused(u);
        if (e instanceof InvalidInput i) return new Answer(400, "bad_request", invalid(i));
        if (e instanceof Conflict c) return conflict(c);
        if (e instanceof PayloadTooLarge)
            return new Answer(413, "payload_too_large", "Too many parts in multipart body");
        if (e instanceof RangeNotSatisfiable) return new Answer(416, "bad_request", "Requested range not satisfiable");
        if (e instanceof FetchFailed) return new Answer(422, "bad_request", "The file could not be fetched");
        if (e instanceof Unavailable) return new Answer(503, "server_error", "Storage is unavailable, try again");
        if (e instanceof ServerFault) return new Answer(500, "server_error", "Internal server error");
        throw new IllegalStateException("unmapped " + e.getClass());
    }

    private static String thing(NotFound n) {
        return switch (n.subject()) {
            case FOLDER -> "Folder";
            case FILE -> "File";
            case UPLOAD -> "Upload";
            default -> "Resource";
        };
    }

    private static Answer quota(QuotaExceeded q) {
        if (q.reason() == QuotaExceeded.Reason.FILE_TOO_LARGE) {
            return new Answer(
                    402,
                    "quota_exceeded",
                    "File size exceeds your limit of " + HumanSize.of(q.usage().maxFileBytes()) + " per file");
        }
        return new Answer(402, "quota_exceeded", "Storage quota exceeded");
    }

    private static String invalid(InvalidInput i) {
        if (i.field().equals("tag")) return "Tags must be 1-" + FileDetails.MAX_TAG_LENGTH + " characters";
        if (i.field().equals("name") && i.problem() != InvalidInput.Problem.MISSING) {
            return "Folder name must be 1-" + FolderRecord.MAX_NAME + " characters without control characters";
        }
        return switch (i.problem()) {
            case MISSING ->
                i.field().equals("file")
                        ? "Missing file: send it as the multipart field \"file\""
                        : "Missing " + i.field() + " parameter";
            case TOO_LONG ->
                capitalized(i.field()) + " is longer than " + i.limit()
                        + (i.field().equals("filename") ? " bytes" : " characters");
            case TOO_MANY -> "At most " + i.limit() + " " + i.field();
            case CONTROL_CHARACTERS ->
                i.field().equals("filename")
                        ? "Filename contains a NUL byte"
                        : capitalized(i.field()) + " contains control characters";
            case MALFORMED ->
                switch (i.field()) {
                    case "multipart" -> "Malformed multipart body";
                    case "json" -> "Request body is not valid JSON";
                    case "form" -> "Malformed form body";
                    case "base64" -> "Request body is not valid base64";
                    case "limit", "offset" -> i.field() + " must be a whole number";
                    default -> capitalized(i.field()) + " is invalid";
                };
            case NOT_ALLOWED ->
                switch (i.field()) {
                    case "limit" -> "limit must be at least 1";
                    case "offset" -> "offset must not be negative";
                    default -> capitalized(i.field()) + " is not allowed: " + i.value();
                };
        };
    }

    private static Answer refused(UploadRefused u) {
        return switch (u.reason()) {
            case EXPIRED -> new Answer(410, "upload_expired", "Upload expired: start a new one");
            case INCOMPLETE ->
                new Answer(409, "upload_incomplete", "Upload incomplete: parts " + u.missingParts() + " are missing");
            case SIZE_MISMATCH ->
                new Answer(422, "size_mismatch", "Expected " + u.expected() + " bytes, received " + u.actual());
            case CHECKSUM_MISMATCH ->
                new Answer(422, "checksum_mismatch", "The bytes received do not match the sha256 given");
        };
    }

    private static Answer conflict(Conflict c) {
        return switch (c.reason()) {
            case NOT_EMPTY ->
                new Answer(
                        409,
                        "folder_not_empty",
                        "Folder is not empty: move or delete its " + c.count() + " file(s) first");
            case CHANGED_MEANWHILE ->
                new Answer(409, "conflict", "The file changed or was deleted meanwhile; try again");
            case ALREADY_EXISTS -> new Answer(409, "conflict", c.value() + " already exists");
        };
    }

    private static String capitalized(String field) {
        return Character.toUpperCase(field.charAt(0)) + field.substring(1);
    }
}
