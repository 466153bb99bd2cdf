package nimbus.keycdn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import nimbus.shared.auth.RateLimiter;
import nimbus.shared.error.Conflict;
import nimbus.shared.error.DomainException;
import nimbus.shared.error.FetchFailed;
import nimbus.shared.error.InvalidInput;
import nimbus.shared.error.MissingScope;
import nimbus.shared.error.NotFound;
import nimbus.shared.error.PayloadTooLarge;
import nimbus.shared.error.RangeNotSatisfiable;
import nimbus.shared.error.RateLimited;
import nimbus.shared.error.ServerFault;
import nimbus.shared.error.Subject;
import nimbus.shared.error.Unauthenticated;
import nimbus.shared.error.Unavailable;
import nimbus.shared.http.ApiResponse;
import nimbus.shared.http.Json;
import org.junit.jupiter.api.Test;

/** Every domain error as KeyCDN answers it: a status and a non-empty envelope with status and description. */
class KeyCdnErrorsTest {
    private static ApiResponse render(DomainException e) {
        return KeyCdnErrors.INSTANCE.render(e);
    }

    @Test
    void statuses() {
        assertEquals(401, render(new Unauthenticated()).status());
        assertEquals(403, render(new NotFound(Subject.ZONE)).status());
        assertEquals(404, render(new NotFound(Subject.HOSTNAME)).status());
        assertEquals(400, render(InvalidInput.missing("name")).status());
        assertEquals(413, render(new PayloadTooLarge("body", 65536)).status());
        assertEquals(400, render(Conflict.notEmpty(Subject.ZONE, 1)).status());
        assertEquals(409, render(Conflict.changedMeanwhile(Subject.ZONE)).status());
        assertEquals(503, render(new Unavailable()).status());
        assertEquals(500, render(new ServerFault()).status());
        RateLimiter.Decision decision = new RateLimiter.Decision(60, 0, 120, false, 100);
        ApiResponse limited = render(new RateLimited(decision));
        assertEquals(429, limited.status());
        assertEquals("60", limited.headers().get("X-Rate-Limit-Limit"));
        assertEquals("0", limited.headers().get("X-Rate-Limit-Remaining"));
        assertEquals("20", limited.headers().get("Retry-After"));
    }

    @Test
    void everyAnswerIsTheErrorEnvelopeNamingTheParameter() {
        List<DomainException> errors = List.of(
                new Unauthenticated(),
                new NotFound(Subject.ZONE),
                new MissingScope("x"),
                InvalidInput.missing("originurl"),
                InvalidInput.tooLong("name", 20),
                InvalidInput.notAllowed("cors", "yes"),
                InvalidInput.malformed("expire"),
                InvalidInput.controlCharacters("name"),
                InvalidInput.tooMany("urls", 20, 30),
                new PayloadTooLarge("body", 65536),
                Conflict.alreadyExists(Subject.HOSTNAME, "a.example"),
                new RangeNotSatisfiable(10),
                new FetchFailed(FetchFailed.Reason.INVALID_URL),
                new Unavailable(),
                new ServerFault());
        for (DomainException e : errors) {
            Map<String, Object> body = Json.parseObject(render(e).body());
            assertEquals("error", body.get("status"), e.toString());
            String description = (String) body.get("description");
            assertFalse(description == null || description.isBlank(), e.toString());
            assertEquals(description, body.get("error_message"));
            if (e instanceof InvalidInput i) assertEquals(true, description.contains(i.field()), description);
        }
        assertEquals(
                "{\"status\":\"error\",\"description\":\"Missing required parameter: originurl.\","
                        + "\"error_message\":\"Missing required parameter: originurl.\"}",
                new String(render(InvalidInput.missing("originurl")).body(), StandardCharsets.UTF_8));
    }

    private static String description(DomainException e) {
        return (String) Json.parseObject(render(e).body()).get("description");
    }

    @Test
    void aliasesAndReferrers() {
        assertEquals(404, render(new NotFound(Subject.ALIAS)).status());
        assertEquals(404, render(new NotFound(Subject.REFERRER)).status());
        assertEquals("The requested item does not exist.", description(new NotFound(Subject.ALIAS)));
        assertEquals(400, render(InvalidInput.tooMany("aliases", 20, 21)).status());
        assertEquals("A zone can have at most 20 zone aliases.", description(InvalidInput.tooMany("aliases", 20, 21)));
        assertEquals(
                "A zone can have at most 50 zone referrers.", description(InvalidInput.tooMany("referrers", 50, 51)));
        assertEquals(409, render(Conflict.changedMeanwhile(Subject.ALIAS)).status());
        assertEquals(
                "The zone alias changed meanwhile, please try again.",
                description(Conflict.changedMeanwhile(Subject.ALIAS)));
        assertEquals(
                "The zone referrer changed meanwhile, please try again.",
                description(Conflict.changedMeanwhile(Subject.REFERRER)));
    }

    /** Each refusal of a custom certificate is a 400 that names the parameter and says what is wrong. */
    @Test
    void everyCertificateRefusalNamesItsParameter() {
        for (InvalidInput.Detail detail : InvalidInput.Detail.values()) {
            if (detail == InvalidInput.Detail.NONE) continue;
            InvalidInput e = InvalidInput.rejected("customsslkey", detail, 4096);
            assertEquals(400, render(e).status());
            String text = KeyCdnErrors.invalid(e);
            assertTrue(text.startsWith("Invalid parameter customsslkey: "), text);
            assertTrue(text.length() > "Invalid parameter customsslkey: .".length(), text);
        }
        assertEquals(
                "Invalid parameter customsslkey: the private key is too large (at most 4096 bytes as PKCS #8; RSA up"
                        + " to 4096 bits, or EC).",
                KeyCdnErrors.invalid(InvalidInput.rejected("customsslkey", InvalidInput.Detail.KEY_TOO_LARGE, 4096)));
    }
}
