package nimbus.hackclub;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.util.Map;
import nimbus.shared.auth.Authenticator;
import nimbus.shared.auth.Credentials;
import nimbus.shared.auth.Principal;
import nimbus.shared.http.ApiFunction;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;
import nimbus.shared.http.ErrorFormat;

/** A Hack Club CDN v4 operation: authenticated by an {@code sk_cdn_} bearer key, errors as {@code {"error"}}. */
public abstract class HackClubHandler extends ApiFunction {
    @Inject
    protected Authenticator authenticator;

    private final HackClubErrors errors = new HackClubErrors(notFoundMessage(), failurePrefix());

    protected HackClubHandler() {}

    protected HackClubHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected final ApiResponse respond(ApiRequest request) {
        Principal caller = authenticator.authenticate(Credentials.bearer(request), HackClubKeys.FORMAT);
        return handle(request, caller);
    }

    protected abstract ApiResponse handle(ApiRequest request, Principal caller);

    /** How this operation words a missing upload; the reference's generic rescue says "Not found". */
    protected String notFoundMessage() {
        return "Not found";
    }

    /** "Upload failed: " for the operations whose reference action turns every failure into a 422; null otherwise. */
    protected String failurePrefix() {
        return null;
    }

    /** A well-formed key that exists nowhere: priming runs the key lookup and ends in a 401. */
    @Override
    protected APIGatewayProxyRequestEvent primingEvent() {
        return super.primingEvent()
                .withHeaders(Map.of("Authorization", "Bearer " + HackClubKeys.FORMAT.prefix() + "0".repeat(64)));
    }

    @Override
    protected final ErrorFormat errorFormat() {
        return errors;
    }

    final HackClubErrors errors() {
        return errors;
    }
}
