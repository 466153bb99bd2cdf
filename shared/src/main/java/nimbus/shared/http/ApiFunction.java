package nimbus.shared.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import nimbus.shared.error.ApiException;
import nimbus.shared.error.ErrorFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Base of every API Lambda function: one proxy event in, one proxy response out. Failures are
 * typed {@link ApiException}s, rendered here once in the dialect's error format; a failing AWS call
 * is a 503 the client may retry; anything else is logged and answered with a bare 500, never a
 * stack trace.
 */
public abstract class ApiFunction extends MicronautRequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(ApiFunction.class);

    protected ApiFunction() {
        super();
    }

    /** For tests and the local gateway: many functions share one started context. */
    protected ApiFunction(ApplicationContext context) {
        super(context);
    }

    @Override
    public APIGatewayProxyResponseEvent execute(APIGatewayProxyRequestEvent event) {
        if (event.getRequestContext() != null && event.getRequestContext().getRequestId() != null) {
            MDC.put("requestId", event.getRequestContext().getRequestId());
        }
        try {
            return respond(new ApiRequest(event)).toEvent();
        } catch (ApiException e) {
            ApiResponse response = errorFormat().render(e);
            e.headers().forEach(response::header);
            return response.toEvent();
        } catch (SdkException e) {
            LOG.error("AWS call failed in {}: {}", getClass().getSimpleName(), e.toString());
            return errorFormat().render(new ApiException(503, "unavailable", "Storage is unavailable, try again")).toEvent();
        } catch (RuntimeException e) {
            LOG.error("unhandled failure in {}", getClass().getSimpleName(), e);
            return errorFormat().render(new ApiException(500, "server_error", "Internal server error")).toEvent();
        } finally {
            MDC.remove("requestId");
        }
    }

    protected abstract ApiResponse respond(ApiRequest request);

    protected abstract ErrorFormat errorFormat();
}
