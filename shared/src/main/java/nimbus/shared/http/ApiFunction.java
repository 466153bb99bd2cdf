package nimbus.shared.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import nimbus.shared.LeanContexts;
import nimbus.shared.auth.Authenticator;
import nimbus.shared.error.DomainException;
import nimbus.shared.error.ServerFault;
import nimbus.shared.error.Unavailable;
import nimbus.shared.store.Writes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Base of every API Lambda function: one proxy event in, one proxy response out. Failures are
 * typed {@link DomainException}s, rendered here once in the dialect's {@link ErrorFormat}; a failing
 * AWS call is {@link Unavailable} (the client may retry); anything else is logged and answered as a
 * {@link ServerFault}, never with a stack trace.
 */
public abstract class ApiFunction
        extends MicronautRequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>
        implements RequestStreamHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ApiFunction.class);
    private static final int PRIMING_ROUNDS = 20;

    private final SnapStartHooks snapStartHooks = new SnapStartHooks(this);

    protected ApiFunction() {
        super();
    }

    /** For tests and the local gateway: the caller's started context (a test's, or one per function in the gateway). */
    protected ApiFunction(ApplicationContext context) {
        super(context);
    }

    /**
     * Runs the request path with {@link #primingEvent()}, which ends in a 401 after at most one key
     * lookup: classes load, the JIT warms, the DynamoDB client and its connection are set up. It
     * writes nothing and caches nothing (unknown keys are never cached), so a snapshot taken after
     * it holds no secret, key or random state.
     */
    public void prime() {
        for (int i = 0; i < PRIMING_ROUNDS; i++) execute(primingEvent());
        warmDependencies();
        forgetCaches();
    }

    /** What this operation needs beyond the request path, loaded before the snapshot (none by default). */
    protected void warmDependencies() {}

    /** An unauthenticated request; dialects override it with a well-formed unknown key. */
    protected APIGatewayProxyRequestEvent primingEvent() {
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod("GET")
                .withPath("/")
                .withHeaders(new HashMap<>());
    }

    /** Drops what one container learnt about keys, so a restored snapshot starts without it. */
    public void forgetCaches() {
        applicationContext.findBean(Authenticator.class).ifPresent(Authenticator::forgetAll);
    }

    /**
     * What Lambda calls. Lambda's Java runtime picks this three-argument {@code handleRequest} over the typed one
     * (whose parameter it only sees as the type variable {@code I}, so it would hand over a Map that the framework
     * cannot convert): the event's JSON is read here, once, and the answer written back.
     */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        APIGatewayProxyRequestEvent event = ProxyEventJson.request(Json.parseObject(input.readAllBytes()));
        output.write(Json.write(ProxyEventJson.response(handleRequest(event, context))));
    }

    /** {@link LeanContexts}: no environment deduction, no eager singletons. */
    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return LeanContexts.builder();
    }

    @Override
    public APIGatewayProxyResponseEvent execute(APIGatewayProxyRequestEvent event) {
        if (event.getRequestContext() != null && event.getRequestContext().getRequestId() != null) {
            MDC.put("requestId", event.getRequestContext().getRequestId());
        }
        try {
            return respond(new ApiRequest(event)).toEvent();
        } catch (DomainException e) {
            return errorFormat().render(e).toEvent();
        } catch (SdkException | Writes.OutcomeUnknown e) {
            LOG.error("AWS call failed in {}: {}", getClass().getSimpleName(), e.toString());
            return errorFormat().render(new Unavailable()).toEvent();
        } catch (RuntimeException e) {
            LOG.error("unhandled failure in {}", getClass().getSimpleName(), e);
            return errorFormat().render(new ServerFault()).toEvent();
        } finally {
            MDC.remove("requestId");
        }
    }

    protected abstract ApiResponse respond(ApiRequest request);

    protected abstract ErrorFormat errorFormat();
}
