package nimbus.aether;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nimbus.local.kit.Events;
import nimbus.shared.http.ApiFunction;
import nimbus.shared.http.Json;

/** Invokes a handler with an AetherCDN sample event and reads its answer. */
final class Calls {
    record Reply(int status, byte[] body, Map<String, String> headers) {
        Map<String, Object> json() {
            return Json.parseObject(body);
        }

        boolean success() {
            return Boolean.TRUE.equals(json().get("success"));
        }

        @SuppressWarnings("unchecked")
        String errorCode() {
            return (String) ((Map<String, Object>) json().get("error")).get("code");
        }

        @SuppressWarnings("unchecked")
        String errorMessage() {
            return (String) ((Map<String, Object>) json().get("error")).get("message");
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> list(String name) {
            return (List<Map<String, Object>>) json().get(name);
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> object(String name) {
            return (Map<String, Object>) json().get(name);
        }

        String header(String name) {
            return headers == null
                    ? null
                    : headers.entrySet().stream()
                            .filter(e -> e.getKey().equalsIgnoreCase(name))
                            .map(Map.Entry::getValue)
                            .findFirst()
                            .orElse(null);
        }
    }

    private Calls() {}

    static Reply call(ApiFunction handler, APIGatewayProxyRequestEvent event) {
        APIGatewayProxyResponseEvent response = handler.handleRequest(event, null);
        return new Reply(response.getStatusCode(), Events.body(response), response.getHeaders());
    }

    /** The sample event events/aether/{name}.json with the caller's key as X-API-Key (null removes it). */
    static APIGatewayProxyRequestEvent event(String name, String key) {
        return Events.withHeader(Events.load("aether/" + name + ".json"), "X-API-Key", key);
    }

    static APIGatewayProxyRequestEvent event(String name, String key, String id) {
        return Events.withPathParameter(event(name, key), "id", id);
    }

    static APIGatewayProxyRequestEvent json(APIGatewayProxyRequestEvent event, String json) {
        return Events.withBody(event, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /** Replaces the query string (both maps, as API Gateway fills both). */
    static APIGatewayProxyRequestEvent query(APIGatewayProxyRequestEvent event, Map<String, String> params) {
        Map<String, String> single = new HashMap<>(params);
        Map<String, List<String>> multi = new HashMap<>();
        params.forEach((k, v) -> multi.put(k, new ArrayList<>(List.of(v))));
        event.setQueryStringParameters(single.isEmpty() ? null : single);
        event.setMultiValueQueryStringParameters(multi.isEmpty() ? null : multi);
        return event;
    }
}
