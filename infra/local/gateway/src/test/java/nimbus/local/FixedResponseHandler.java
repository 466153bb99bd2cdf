package nimbus.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.micronaut.context.ApplicationContext;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A function with a fixed answer per {kind}: what the gateway makes of a handler's response. */
public class FixedResponseHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    static final byte[] ALL_BYTES = new byte[256];

    static {
        for (int i = 0; i < ALL_BYTES.length; i++) ALL_BYTES[i] = (byte) i;
    }

    public FixedResponseHandler(ApplicationContext context) {}

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        String kind = event.getPathParameters().get("kind");
        return switch (kind) {
            case "headers" -> {
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("X-Rate-Limit-Limit", "60");
                headers.put("x-lower-case", "a");
                headers.put("X-MiXeD-cAsE", "b");
                headers.put("Content-Type", "text/plain");
                yield new APIGatewayProxyResponseEvent()
                        .withStatusCode(200)
                        .withHeaders(headers)
                        .withMultiValueHeaders(
                                Map.of("Set-Cookie", List.of("a=1", "b=2"), "X-Rate-Limit-Remaining", List.of("59")))
                        .withBody("hello");
            }
            case "binary" ->
                new APIGatewayProxyResponseEvent()
                        .withStatusCode(200)
                        .withHeaders(Map.of("Content-Type", "application/octet-stream", "Content-Length", "256"))
                        .withBody(Base64.getEncoder().encodeToString(ALL_BYTES))
                        .withIsBase64Encoded(true);
            default ->
                new APIGatewayProxyResponseEvent()
                        .withStatusCode(404)
                        .withHeaders(Map.of("Content-Type", "text/plain; charset=utf-8"))
                        .withBody(kind);
        };
    }
}
