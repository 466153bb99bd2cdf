package nimbus.rescdn;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import nimbus.shared.Settings;
import nimbus.shared.auth.Authenticator;
import nimbus.shared.auth.Principal;
import nimbus.shared.auth.RateLimiter;
import nimbus.shared.error.MissingScope;
import nimbus.shared.error.PayloadTooLarge;
import nimbus.shared.http.ApiFunction;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;
import nimbus.shared.http.ErrorFormat;

/**
 * A ResCDN operation: the key in {@code X-ResCDN-Key} ({@code rk_live_} or {@code rk_test_}), counted against the
 * per-key limit ({@code NIMBUS_RESCDN_RATE_LIMIT} per 60 s window, 100 by default, as the seed says), then checked
 * for the operation's scope. A body over 64 KB is refused (413) before anything else.
 */
public abstract class ResCdnHandler extends ApiFunction {
    static final int MAX_BODY_BYTES = 64 * 1024;

    @Inject
    protected Authenticator authenticator;

    @Inject
    protected RateLimiter rateLimiter;

    protected ResCdnHandler() {}

    protected ResCdnHandler(ApplicationContext context) {
        super(context);
    }

    /** One of {@link ResCdnKeys#knownScopes()}. */
    protected abstract String requiredScope();

    protected abstract ApiResponse handle(ApiRequest request, Principal caller);

    @Override
    protected final ApiResponse respond(ApiRequest request) {
        if (request.body().length > MAX_BODY_BYTES) throw new PayloadTooLarge("body", MAX_BODY_BYTES);
        String secret = request.header(ResCdnKeys.HEADER).map(String::trim).orElse(null);
        Principal caller = authenticator.authenticate(secret, ResCdnKeys.of(secret));
        rateLimiter.enforce("rescdn:" + caller.keyId(), Settings.longValue("NIMBUS_RESCDN_RATE_LIMIT", 100), 60);
        if (!caller.hasScope(requiredScope())) throw new MissingScope(requiredScope());
        return handle(request, caller);
    }

    /** A well-formed key that exists nowhere: priming runs the key lookup and ends in a 401. */
    @Override
    protected APIGatewayProxyRequestEvent primingEvent() {
        Map<String, String> headers = new HashMap<>();
        headers.put(ResCdnKeys.HEADER, ResCdnKeys.LIVE.prefix() + "0".repeat(43));
        return super.primingEvent().withHeaders(headers);
    }

    @Override
    protected final ErrorFormat errorFormat() {
        return ResCdnErrors.INSTANCE;
    }
}
