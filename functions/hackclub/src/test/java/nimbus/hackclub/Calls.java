package nimbus.hackclub;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import nimbus.shared.http.ApiFunction;
import nimbus.shared.http.Json;

/** Invokes a handler with an event and reads its JSON answer. */
final class Calls {
    record Reply(int status, Map<String, Object> json, Map<String, String> headers) {
        String error() {
            return (String) json.get("error");
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> list(String name) {
            return (List<Map<String, Object>>) json.get(name);
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> object(String name) {
            return (Map<String, Object>) json.get(name);
        }

        long number(String name) {
            return ((Number) json.get(name)).longValue();
        }
    }

    private Calls() {}

    static Reply call(ApiFunction handler, APIGatewayProxyRequestEvent event) {
        APIGatewayProxyResponseEvent response = handler.handleRequest(event, null);
        String body = response.getBody();
        return new Reply(
                response.getStatusCode(),
                Json.parseObject(body.getBytes(StandardCharsets.UTF_8)),
                response.getHeaders());
    }
}
