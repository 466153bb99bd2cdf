package nimbus.bench.runner;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The cold-start child for a framework handler, run with only the function's shaded jar and this
 * class on the classpath. In Lambda's order: construct the handler with its no-arg constructor (init),
 * read the event, invoke once. The event is read with the JDK only ({@link MiniJson}), as Lambda's
 * runtime reads it with its own serializer: the function's JSON stack is not involved. Usage: {@code ColdRunner <handler class> <event.json> [<raw body file>]};
 * a body file becomes the event's base64 body, as API Gateway delivers binary media types.
 * Prints {@code status=<code> millisSinceJvmStart=<n>} followed by the phases (ms from JVM start to
 * main, then each phase's own ms).
 */
public final class ColdRunner {
    private ColdRunner() {}

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long atMain = System.currentTimeMillis();
        RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler =
                (RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>)
                        Class.forName(args[0]).getConstructor().newInstance();
        long afterInit = System.currentTimeMillis();
        APIGatewayProxyRequestEvent event =
                event((Map<String, Object>) MiniJson.parse(Files.readString(Path.of(args[1]))));
        if (args.length > 2) {
            event.setBody(Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(args[2]))));
            event.setIsBase64Encoded(true);
        }
        long afterEvent = System.currentTimeMillis();
        APIGatewayProxyResponseEvent response = handler.handleRequest(event, null);
        long end = System.currentTimeMillis();
        System.out.println("status=" + response.getStatusCode() + " millisSinceJvmStart=" + (end - jvmStart)
                + " toMain=" + (atMain - jvmStart) + " init=" + (afterInit - atMain)
                + " event=" + (afterEvent - afterInit) + " invoke=" + (end - afterEvent));
        System.out.flush();
        System.exit(0);
    }

    /** The proxy event from its JSON form (the fields API Gateway's REST proxy integration sends). */
    @SuppressWarnings("unchecked")
    static APIGatewayProxyRequestEvent event(Map<String, Object> json) {
        APIGatewayProxyRequestEvent e = new APIGatewayProxyRequestEvent();
        e.setResource((String) json.get("resource"));
        e.setPath((String) json.get("path"));
        e.setHttpMethod((String) json.get("httpMethod"));
        e.setHeaders((Map<String, String>) (Map<String, ?>) json.get("headers"));
        e.setMultiValueHeaders((Map<String, List<String>>) (Map<String, ?>) json.get("multiValueHeaders"));
        e.setQueryStringParameters((Map<String, String>) (Map<String, ?>) json.get("queryStringParameters"));
        e.setMultiValueQueryStringParameters(
                (Map<String, List<String>>) (Map<String, ?>) json.get("multiValueQueryStringParameters"));
        e.setPathParameters((Map<String, String>) (Map<String, ?>) json.get("pathParameters"));
        e.setStageVariables((Map<String, String>) (Map<String, ?>) json.get("stageVariables"));
        e.setBody((String) json.get("body"));
        e.setIsBase64Encoded((Boolean) json.get("isBase64Encoded"));
        Map<String, Object> rc = (Map<String, Object>) json.get("requestContext");
        if (rc != null) {
            APIGatewayProxyRequestEvent.ProxyRequestContext c = new APIGatewayProxyRequestEvent.ProxyRequestContext();
            c.setResourcePath((String) rc.get("resourcePath"));
            c.setHttpMethod((String) rc.get("httpMethod"));
            c.setPath((String) rc.get("path"));
            c.setStage((String) rc.get("stage"));
            c.setRequestId((String) rc.get("requestId"));
            c.setAccountId((String) rc.get("accountId"));
            c.setApiId((String) rc.get("apiId"));
            c.setProtocol((String) rc.get("protocol"));
            Map<String, Object> id = (Map<String, Object>) rc.get("identity");
            if (id != null) {
                APIGatewayProxyRequestEvent.RequestIdentity identity =
                        new APIGatewayProxyRequestEvent.RequestIdentity();
                identity.setSourceIp((String) id.get("sourceIp"));
                identity.setUserAgent((String) id.get("userAgent"));
                c.setIdentity(identity);
            }
            e.setRequestContext(c);
        }
        return e;
    }
}
