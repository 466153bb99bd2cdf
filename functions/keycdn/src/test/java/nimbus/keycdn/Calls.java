package nimbus.keycdn;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import nimbus.local.kit.Events;
import nimbus.shared.http.ApiFunction;
import nimbus.shared.http.Json;

/** Invokes a handler with a KeyCDN sample event and reads its answer. */
final class Calls {
    record Reply(int status, byte[] body, Map<String, String> headers) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        Map<String, Object> json() {
            return Json.parseObject(body);
        }

        String description() {
            return (String) json().get("description");
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> data() {
            return (Map<String, Object>) json().get("data");
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> zone() {
            return (Map<String, Object>) data().get("zone");
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> zones() {
            return (List<Map<String, Object>>) data().get("zones");
        }

        /** A header by its exact name (the case is part of the contract). */
        String header(String name) {
            return headers == null ? null : headers.get(name);
        }
    }

    private Calls() {}

    static Reply call(ApiFunction handler, APIGatewayProxyRequestEvent event) {
        APIGatewayProxyResponseEvent response = handler.handleRequest(event, null);
        return new Reply(response.getStatusCode(), Events.body(response), response.getHeaders());
    }

    /** {@code Authorization: Basic base64(KEY:)}, as {@code curl -u KEY:} sends it. */
    static String basic(String key) {
        return "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
    }

    private static final AtomicLong SOURCES = new AtomicLong();

    /**
     * The sample event events/keycdn/{name}.json with the caller's key as the Basic user (null: no header), from a
     * source IP no other call used: failed attempts of one test never block another's ({@link #from} sets one).
     */
    static APIGatewayProxyRequestEvent event(String name, String key) {
        return fromNewSource(Events.withHeader(
                Events.load("keycdn/" + name + ".json"), "Authorization", key == null ? null : basic(key)));
    }

    /** The event from a source IP no other call used. */
    static APIGatewayProxyRequestEvent fromNewSource(APIGatewayProxyRequestEvent event) {
        return from(event, newSource());
    }

    /** An IPv6 documentation address no other call of this JVM used. */
    static String newSource() {
        return "2001:db8::" + Long.toHexString(System.nanoTime() & 0xffff) + ":"
                + Long.toHexString(SOURCES.incrementAndGet());
    }

    /** The event as sent from {@code ip} ({@code requestContext.identity.sourceIp}). */
    static APIGatewayProxyRequestEvent from(APIGatewayProxyRequestEvent event, String ip) {
        event.getRequestContext().getIdentity().setSourceIp(ip);
        return event;
    }

    /** The sample event for zone {@code id}: the path segment is {@code id + ".json"}, as clients send it. */
    static APIGatewayProxyRequestEvent event(String name, String key, String id) {
        return segment(event(name, key), id + ".json");
    }

    /** The {id} segment exactly as given. */
    static APIGatewayProxyRequestEvent segment(APIGatewayProxyRequestEvent event, String segment) {
        return Events.withPathParameter(event, "id", segment);
    }

    static APIGatewayProxyRequestEvent json(APIGatewayProxyRequestEvent event, String json) {
        return Events.withBody(event, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    static APIGatewayProxyRequestEvent form(APIGatewayProxyRequestEvent event, String form) {
        return Events.withBody(event, "application/x-www-form-urlencoded", form.getBytes(StandardCharsets.UTF_8));
    }

    /** Replaces the query string (both maps, as API Gateway fills both). */
    static APIGatewayProxyRequestEvent query(APIGatewayProxyRequestEvent event, Map<String, String> params) {
        Map<String, List<String>> multi = new HashMap<>();
        params.forEach((k, v) -> multi.put(k, new ArrayList<>(List.of(v))));
        event.setQueryStringParameters(params.isEmpty() ? null : new HashMap<>(params));
        event.setMultiValueQueryStringParameters(multi.isEmpty() ? null : multi);
        return event;
    }

    /** Pretty JSON as the handlers write it (compact, in the same key order), for exact comparisons. */
    static String compact(String json) {
        return new String(Json.write(Json.parseObject(json.getBytes(StandardCharsets.UTF_8))), StandardCharsets.UTF_8);
    }
}
