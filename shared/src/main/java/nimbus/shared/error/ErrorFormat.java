package nimbus.shared.error;

import java.util.LinkedHashMap;
import java.util.Map;
import nimbus.shared.http.ApiResponse;

/** How a dialect writes an {@link ApiException}: status and body, in that dialect's error format. */
@FunctionalInterface
public interface ErrorFormat {
    ApiResponse render(ApiException e);

    /**
     * Hack Club CDN v4: {@code {"error": "..."}} as old clients read it, plus the {@code code},
     * {@code message} and {@code status} newer revisions add, plus any extra fields (quota, detail).
     */
    ErrorFormat HACKCLUB = e -> {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.code().equals("invalid_auth") ? "invalid_auth" : e.getMessage());
        body.put("code", e.code());
        body.put("message", e.getMessage());
        body.put("status", e.status());
        body.putAll(e.extra());
        return ApiResponse.json(e.status(), body);
    };

    /**
     * AetherCDN: {@code {"success": false, "error": {"code", "message"}}} with the seed's codes
     * (unauthorized, forbidden, not_found, bad_request, rate_limited, server_error) where one fits.
     */
    ErrorFormat AETHER = e -> {
        String code = switch (e.status()) {
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 429 -> "rate_limited";
            case 402 -> "quota_exceeded";
            case 409 -> e.code();
            default -> e.status() >= 500 ? "server_error" : "bad_request";
        };
        String message = e.code().equals("invalid_auth") ? "Invalid API key" : e.getMessage();
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", false);
        body.put("error", error);
        return ApiResponse.json(e.status(), body);
    };
}
