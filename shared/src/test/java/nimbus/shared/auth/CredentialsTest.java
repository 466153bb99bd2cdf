package nimbus.shared.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import java.util.List;
import java.util.Map;
import nimbus.shared.http.ApiRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Where clients put their API key: {@code Authorization: Bearer KEY} or Rails' {@code Token token="KEY"}. */
class CredentialsTest {
    private static final String KEY = "sk_cdn_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static ApiRequest withAuthorization(String value) {
        return new ApiRequest(new APIGatewayProxyRequestEvent().withHeaders(Map.of("Authorization", value)));
    }

    @ParameterizedTest(name = "[{index}] Authorization: {0}")
    @ValueSource(
            strings = {
                "Bearer " + KEY,
                "bearer " + KEY,
                "BEARER " + KEY,
                "Bearer   " + KEY + "  ",
                "  Bearer " + KEY,
                "Token token=" + KEY,
                "Token token=\"" + KEY + "\"",
                "Token token=\"" + KEY + "\", other=1",
                "Token token=" + KEY + ",other=\"x\"",
                "token token=\"" + KEY + "\"",
                "Token " + KEY,
                "Token \"" + KEY + "\"",
            })
    void theKeyIsFoundInEachAcceptedForm(String header) {
        assertEquals(KEY, Credentials.bearer(withAuthorization(header)));
    }

    /** Rails (ActionController::HttpAuthentication::Token) ends the token at a ',', ';' or tab before the next pair. */
    @ParameterizedTest(name = "[{index}] Authorization: {0}")
    @ValueSource(
            strings = {
                "Token token=\"" + KEY + "\"; nonce=\"abc\"",
                "Token token=\"" + KEY + "\"\tnonce=\"abc\"",
                "Token token=" + KEY + ";nonce=abc",
            })
    void theKeyEndsAtEachOfRailsPairDelimiters(String header) {
        assertEquals(KEY, Credentials.bearer(withAuthorization(header)));
    }

    @Test
    void theHeaderNameIsCaseInsensitive() {
        ApiRequest request = new ApiRequest(new APIGatewayProxyRequestEvent()
                .withMultiValueHeaders(Map.of("authorization", List.of("Bearer " + KEY))));
        assertEquals(KEY, Credentials.bearer(request));
    }

    @Test
    void noAuthorizationHeaderIsNull() {
        assertNull(Credentials.bearer(new ApiRequest(new APIGatewayProxyRequestEvent())));
        assertNull(Credentials.bearer(
                new ApiRequest(new APIGatewayProxyRequestEvent().withHeaders(Map.of("X-API-Key", KEY)))));
    }

    @ParameterizedTest(name = "[{index}] Authorization: {0}")
    @ValueSource(strings = {"", "   ", "Basic dXNlcjpwYXNz", KEY, "Bearer" + KEY, "Digest username=x"})
    void anotherSchemeIsNull(String header) {
        assertNull(Credentials.bearer(withAuthorization(header)));
    }
}
