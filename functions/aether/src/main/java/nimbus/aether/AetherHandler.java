package nimbus.aether;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.util.Map;
import nimbus.shared.Settings;
import nimbus.shared.auth.Authenticator;
import nimbus.shared.auth.Credentials;
import nimbus.shared.auth.Principal;
import nimbus.shared.auth.RateLimiter;
import nimbus.shared.error.DomainException;
import nimbus.shared.error.MissingScope;
import nimbus.shared.http.ApiFunction;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;
import nimbus.shared.http.ErrorFormat;

/**
 * An AetherCDN operation: an {@code ak_} key as Bearer or {@code X-API-Key}, counted against the
 * per-key limit ({@code NIMBUS_AETHER_RATE_LIMIT} a minute, 120 by default), then checked for the
 * operation's scope. Every answer after the count, errors included, carries the X-RateLimit-* headers.
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

    /** One of {@link AetherKeys#knownScopes()}. */
    protected abstract String requiredScope();

    protected abstract ApiResponse handle(ApiRequest request, Principal caller);

    @Override
    protected final ApiResponse respond(ApiRequest request) {
        String secret = request.header("X-API-Key")
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .orElseGet(() -> Credentials.bearer(request));
        Principal caller = authenticator.authenticate(secret, AetherKeys.FORMAT);
        RateLimiter.Decision limit = rateLimiter.enforce(
                "aether:" + caller.keyId(), Settings.longValue("NIMBUS_AETHER_RATE_LIMIT", 120), 60);
        ApiResponse response;
        try {
            if (!caller.hasScope(requiredScope())) throw new MissingScope(requiredScope());
            response = handle(request, caller);
        } catch (DomainException e) {
            response = AetherErrors.INSTANCE.render(e);
        }
        return RateLimitHeaders.add(response, limit);
    }

    /** A well-formed key that exists nowhere: priming runs the key lookup and ends in a 401. */
    @Override
    protected APIGatewayProxyRequestEvent primingEvent() {
        return super.primingEvent().withHeaders(Map.of("X-API-Key", AetherKeys.FORMAT.prefix() + "0".repeat(43)));
    }

    @Override
    protected final ErrorFormat errorFormat() {
        return AetherErrors.INSTANCE;
    }
}
