package nimbus.shared.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent.ProxyRequestContext;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent.RequestIdentity;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * API Gateway's REST proxy event and response in their JSON form, as Lambda hands them to a stream handler:
 * the fields the proxy integration sends, read by name (the event classes carry no serializer metadata, and
 * Lambda's own serializer would need joda-time in every jar).
 */
public final class ProxyEventJson {
    private ProxyEventJson() {}

    public static APIGatewayProxyRequestEvent request(Map<String, Object> json) {
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                .withResource(string(json, "resource"))
                .withPath(string(json, "path"))
                .withHttpMethod(string(json, "httpMethod"))
                .withHeaders(strings(json.get("headers")))
                .withMultiValueHeaders(lists(json.get("multiValueHeaders")))
                .withQueryStringParameters(strings(json.get("queryStringParameters")))
                .withMultiValueQueryStringParameters(lists(json.get("multiValueQueryStringParameters")))
                .withPathParameters(strings(json.get("pathParameters")))
                .withStageVariables(strings(json.get("stageVariables")))
                .withBody(string(json, "body"))
                .withIsBase64Encoded(Boolean.TRUE.equals(json.get("isBase64Encoded")));
        if (json.get("requestContext") instanceof Map<?, ?> context) {
            Map<String, Object> c = object(context);
            ProxyRequestContext requestContext = new ProxyRequestContext()
                    .withRequestId(string(c, "requestId"))
                    .withResourcePath(string(c, "resourcePath"))
                    .withHttpMethod(string(c, "httpMethod"))
                    .withPath(string(c, "path"))
                    .withStage(string(c, "stage"))
                    .withAccountId(string(c, "accountId"))
                    .withApiId(string(c, "apiId"))
                    .withProtocol(string(c, "protocol"));
            if (c.get("identity") instanceof Map<?, ?> identity) {
                Map<String, Object> i = object(identity);
                requestContext.setIdentity(new RequestIdentity()
                        .withSourceIp(string(i, "sourceIp"))
                        .withUserAgent(string(i, "userAgent")));
            }
            event.setRequestContext(requestContext);
        }
        return event;
    }

    /** The event's JSON form, the fields {@link #request(Map)} reads (the local gateway measures it as Lambda would). */
    public static Map<String, Object> request(APIGatewayProxyRequestEvent event) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("resource", event.getResource());
        json.put("path", event.getPath());
        json.put("httpMethod", event.getHttpMethod());
        json.put("headers", event.getHeaders());
        json.put("multiValueHeaders", event.getMultiValueHeaders());
        json.put("queryStringParameters", event.getQueryStringParameters());
        json.put("multiValueQueryStringParameters", event.getMultiValueQueryStringParameters());
        json.put("pathParameters", event.getPathParameters());
        json.put("stageVariables", event.getStageVariables());
        ProxyRequestContext c = event.getRequestContext();
        if (c != null) {
            Map<String, Object> context = new LinkedHashMap<>();
            context.put("requestId", c.getRequestId());
            context.put("resourcePath", c.getResourcePath());
            context.put("httpMethod", c.getHttpMethod());
            context.put("path", c.getPath());
            context.put("stage", c.getStage());
            context.put("accountId", c.getAccountId());
            context.put("apiId", c.getApiId());
            context.put("protocol", c.getProtocol());
            RequestIdentity i = c.getIdentity();
            if (i != null) {
                Map<String, Object> identity = new LinkedHashMap<>();
                identity.put("sourceIp", i.getSourceIp());
                identity.put("userAgent", i.getUserAgent());
                context.put("identity", identity);
            }
            json.put("requestContext", context);
        }
        json.put("body", event.getBody());
        json.put("isBase64Encoded", Boolean.TRUE.equals(event.getIsBase64Encoded()));
        return json;
    }

    public static Map<String, Object> response(APIGatewayProxyResponseEvent response) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("statusCode", response.getStatusCode());
        if (response.getHeaders() != null) json.put("headers", response.getHeaders());
        if (response.getMultiValueHeaders() != null) json.put("multiValueHeaders", response.getMultiValueHeaders());
        json.put("body", response.getBody());
        json.put("isBase64Encoded", Boolean.TRUE.equals(response.getIsBase64Encoded()));
        return json;
    }

    private static String string(Map<String, Object> json, String name) {
        Object value = json.get(name);
        return value == null ? null : value.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    private static Map<String, String> strings(Object value) {
        if (!(value instanceof Map<?, ?> map)) return null;
        Map<String, String> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k.toString(), v == null ? null : v.toString()));
        return out;
    }

    private static Map<String, List<String>> lists(Object value) {
        if (!(value instanceof Map<?, ?> map)) return null;
        Map<String, List<String>> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(
                k.toString(),
                v instanceof List<?> list
                        ? list.stream()
                                .map(e -> e == null ? null : e.toString())
                                .toList()
                        : null));
        return out;
    }
}
