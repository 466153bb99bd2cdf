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
}
