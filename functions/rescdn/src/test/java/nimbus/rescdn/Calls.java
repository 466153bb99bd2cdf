package nimbus.rescdn;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import nimbus.local.kit.Events;
import nimbus.shared.http.ApiFunction;
import nimbus.shared.http.Json;

/** Invokes a handler with a ResCDN sample event and reads its answer. */
final class Calls {
    record Reply(int status, byte[] body, Map<String, String> headers) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        Map<String, Object> json() {
            return Json.parseObject(body);
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> zones() {
            return (List<Map<String, Object>>) json().get("zones");
        }

        String header(String name) {
            return headers == null ? null : headers.get(name);
        }
    }

    private Calls() {}

    static Reply call(ApiFunction handler, APIGatewayProxyRequestEvent event) {
        APIGatewayProxyResponseEvent response = handler.handleRequest(event, null);
        return new Reply(response.getStatusCode(), Events.body(response), response.getHeaders());
    }

    /** The sample event events/rescdn/{name}.json with the caller's key in X-ResCDN-Key (null: no header). */
    static APIGatewayProxyRequestEvent event(String name, String key) {
        return Events.withHeader(Events.load("rescdn/" + name + ".json"), "X-ResCDN-Key", key);
    }

    /** The get-zone event for the {id} segment {@code id}. */
    static APIGatewayProxyRequestEvent zone(String key, String id) {
        return Events.withPathParameter(event("get-zone", key), "id", id);
    }

    /** The create-zone event with this JSON body. */
    static APIGatewayProxyRequestEvent create(String key, String json) {
        return Events.withBody(event("create-zone", key), "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /** The create-zone event for a zone named {@code name} with the seed's origin. */
    static APIGatewayProxyRequestEvent createNamed(String key, String name) {
        return create(key, "{\"name\":\"" + name + "\",\"origin\":\"https://your-origin.com\"}");
    }

    static String error(String message) {
        return "{\"error\":\"" + message + "\"}";
    }
}
