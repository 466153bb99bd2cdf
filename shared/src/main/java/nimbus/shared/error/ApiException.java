package nimbus.shared.error;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A failure a client should see: an HTTP status, a stable machine code and a human message, plus
 * optional extra fields for the body. Each dialect renders it in its own error format.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final Map<String, Object> extra;
    private final Map<String, String> headers = new LinkedHashMap<>();

    public ApiException(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    public ApiException(int status, String code, String message, Map<String, Object> extra) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.extra = new LinkedHashMap<>(extra);
    }

    public int status() { return status; }

    public String code() { return code; }

    public Map<String, Object> extra() { return extra; }

    /** Response headers the error carries (rate-limit state, say). */
    public Map<String, String> headers() { return headers; }

    public ApiException withHeaders(Map<String, String> more) {
        headers.putAll(more);
        return this;
    }

    public static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message);
    }

    public static ApiException missingParameter(String message) {
        return new ApiException(400, "missing_parameter", message);
    }

    public static ApiException unauthorized() {
        return new ApiException(401, "invalid_auth", "Invalid or missing API key");
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, "forbidden", message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message);
    }

    public static ApiException tooLarge(String message) {
        return new ApiException(413, "payload_too_large", message);
    }

    public static ApiException unsupportedMediaType(String message) {
        return new ApiException(415, "unsupported_media_type", message);
    }

    public static ApiException validation(String message) {
        return new ApiException(422, "validation_failed", message);
    }

    public static ApiException uploadFailed(String reason) {
        return new ApiException(422, "upload_failed", "Upload failed: " + reason);
    }
}
