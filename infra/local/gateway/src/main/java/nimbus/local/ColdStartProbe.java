package nimbus.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.lang.management.ManagementFactory;
import nimbus.local.kit.Events;

/**
 * Measures one cold start: from this JVM's start to the first response of a real handler, built
 * the way Lambda builds it (no-arg constructor, its own application context), AWS calls included.
 * Usage: {@code ColdStartProbe <handler class> <event file under events/> <secret key>}, with the
 * AWS and NIMBUS_* settings in the environment (e.g. from a running local stack).
 */
public final class ColdStartProbe {
    private ColdStartProbe() {}

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long mainAt = System.currentTimeMillis();
        RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler =
                (RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>)
                        Class.forName(args[0]).getConstructor().newInstance();
        long constructedAt = System.currentTimeMillis();
        APIGatewayProxyRequestEvent event = Events.withKey(Events.load(args[1]), args[2]);
        long eventAt = System.currentTimeMillis();
        APIGatewayProxyResponseEvent response = handler.handleRequest(event, null);
        long done = System.currentTimeMillis();
        System.out.println("status=" + response.getStatusCode() + " coldStartMillis=" + (done - jvmStart)
                + " jvm=" + (mainAt - jvmStart) + " init=" + (constructedAt - mainAt) + " invoke=" + (done - eventAt));
    }
}
