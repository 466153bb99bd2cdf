package nimbus.hackclub;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.micronaut.context.ApplicationContext;
import java.util.Map;
import jakarta.inject.Inject;
import nimbus.shared.auth.Authenticator;
import nimbus.shared.auth.Credentials;
import nimbus.shared.auth.Dialect;
import nimbus.shared.auth.Principal;
import nimbus.shared.error.ErrorFormat;
import nimbus.shared.http.ApiFunction;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;

/** A Hack Club CDN v4 operation: authenticated by an {@code sk_cdn_} bearer key, errors as {@code {"error"}}. */
public abstract class HackClubHandler extends ApiFunction {
    @Inject
    protected Authenticator authenticator;

    protected HackClubHandler() {}

    protected HackClubHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected final ApiResponse respond(ApiRequest request) {
        Principal caller = authenticator.authenticate(Credentials.bearer(request), Dialect.HACKCLUB);
        return handle(request, caller);
    }

    protected abstract ApiResponse handle(ApiRequest request, Principal caller);

    /** A well-formed key that exists nowhere: priming runs the key lookup and ends in a 401. */
    @Override
    protected APIGatewayProxyRequestEvent primingEvent() {
        return super.primingEvent().withHeaders(Map.of("Authorization", "Bearer " + Dialect.HACKCLUB.prefix() + "0".repeat(64)));
    }

    @Override
    protected final ErrorFormat errorFormat() {
        return ErrorFormat.HACKCLUB;
    }
}
