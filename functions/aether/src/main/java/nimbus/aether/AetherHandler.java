package nimbus.aether;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.micronaut.context.ApplicationContext;
import java.util.Map;
import jakarta.inject.Inject;
import nimbus.shared.Settings;
import nimbus.shared.auth.Authenticator;
import nimbus.shared.auth.Credentials;
import nimbus.shared.auth.Dialect;
import nimbus.shared.auth.Principal;
import nimbus.shared.auth.RateLimiter;
import nimbus.shared.error.ApiException;
import nimbus.shared.error.ErrorFormat;
import nimbus.shared.http.ApiFunction;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;

/**
 * An AetherCDN operation: an {@code ak_} key as Bearer or {@code X-API-Key}, counted against the
 * per-key limit ({@code NIMBUS_AETHER_RATE_LIMIT} a minute, 120 by default), then checked for the
 * operation's scope. Every answer carries the X-RateLimit-* headers.
 */
public abstract class AetherHandler extends ApiFunction {
    @Inject
    protected Authenticator authenticator;
    @Inject
    protected RateLimiter rateLimiter;

    protected AetherHandler() {}

    protected AetherHandler(ApplicationContext context) {
        super(context);
    }

    /** files:read, files:write or user:read. */
    protected abstract String requiredScope();

    protected abstract ApiResponse handle(ApiRequest request, Principal caller);

    @Override
    protected final ApiResponse respond(ApiRequest request) {
        String secret = request.header("X-API-Key").map(String::trim).filter(s -> !s.isEmpty())
                .orElseGet(() -> Credentials.bearer(request));
        Principal caller = authenticator.authenticate(secret, Dialect.AETHER);
        RateLimiter.Decision limit = rateLimiter.enforce("aether:" + caller.keyId(),
                Settings.longValue("NIMBUS_AETHER_RATE_LIMIT", 120), 60);
        if (!caller.hasScope(requiredScope())) {
            throw ApiException.forbidden("This API key lacks the " + requiredScope() + " scope").withHeaders(limit.headers());
        }
        ApiResponse response;
        try {
            response = handle(request, caller);
        } catch (ApiException e) {
            throw e.withHeaders(limit.headers()); // errors after the count carry the headers too
        }
        limit.headers().forEach(response::header);
        return response;
    }

    /** A well-formed key that exists nowhere: priming runs the key lookup and ends in a 401. */
    @Override
    protected APIGatewayProxyRequestEvent primingEvent() {
        return super.primingEvent().withHeaders(Map.of("X-API-Key", Dialect.AETHER.prefix() + "0".repeat(43)));
    }

    @Override
    protected final ErrorFormat errorFormat() {
        return ErrorFormat.AETHER;
    }
}
