package nimbus.shared.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a handler answers: a status, headers and a JSON or binary body, turned into the proxy response. */
public final class ApiResponse {
    private final int status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final byte[] body;
    private final boolean binary;

    private ApiResponse(int status, byte[] body, boolean binary) {
        this.status = status;
        this.body = body;
        this.binary = binary;
    }

    public static ApiResponse json(int status, Object value) {
        return new ApiResponse(status, Json.write(value), false)
                .header("Content-Type", "application/json; charset=utf-8");
    }

    public static ApiResponse bytes(int status, byte[] body, String contentType) {
        return new ApiResponse(status, body, true).header("Content-Type", contentType);
    }

    public ApiResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public byte[] body() {
        return body;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public APIGatewayProxyResponseEvent toEvent() {
        APIGatewayProxyResponseEvent event =
                new APIGatewayProxyResponseEvent().withStatusCode(status).withHeaders(new LinkedHashMap<>(headers));
        if (binary) {
            event.setBody(Base64.getEncoder().encodeToString(body));
            event.setIsBase64Encoded(true);
        } else {
            event.setBody(new String(body, StandardCharsets.UTF_8));
            event.setIsBase64Encoded(false);
        }
        return event;
    }
}
