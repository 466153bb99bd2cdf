package nimbus.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.micronaut.context.ApplicationContext;

/** A function that fails per {kind}: throws, answers no statusCode, or answers nothing. */
public class FailingHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    public FailingHandler(ApplicationContext context) {}

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return switch (event.getPathParameters().get("kind")) {
            case "throws" -> throw new IllegalStateException("the function crashed");
            case "no-status" -> new APIGatewayProxyResponseEvent().withBody("{}");
            case "null" -> null;
            default -> new APIGatewayProxyResponseEvent().withStatusCode(200).withBody("fine");
        };
    }
}
