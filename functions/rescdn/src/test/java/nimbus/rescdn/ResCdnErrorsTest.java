package nimbus.rescdn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

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

/** Every domain error as ResCDN answers it: the seed's status table and {@code {"error": ...}} and nothing else. */
class ResCdnErrorsTest {
    private static ApiResponse render(DomainException e) {
        return ResCdnErrors.INSTANCE.render(e);
    }

    @Test
    void theSeedsStatuses() {
        assertEquals(401, render(new Unauthenticated()).status());
        assertEquals(403, render(new MissingScope(ResCdnKeys.ZONES_WRITE)).status());
        assertEquals(404, render(new NotFound(Subject.ZONE)).status());
        assertEquals(404, render(new NotFound(Subject.HOSTNAME)).status());
        assertEquals(400, render(InvalidInput.missing("name")).status());
        assertEquals(
                409,
                render(Conflict.alreadyExists(Subject.HOSTNAME, "a.cdn.test")).status());
        assertEquals(413, render(new PayloadTooLarge("body", 65536)).status());
        assertEquals(503, render(new Unavailable()).status());
        assertEquals(500, render(new ServerFault()).status());
        ApiResponse limited = render(new RateLimited(new RateLimiter.Decision(100, 0, 120, false, 100)));
        assertEquals(429, limited.status());
        assertEquals("20", limited.headers().get("Retry-After"));
        assertNull(render(new Unauthenticated()).headers().get("Retry-After"));
    }

    @Test
    void everyAnswerIsTheErrorObjectAlone() {
        List<DomainException> errors = List.of(
                new Unauthenticated(),
                new NotFound(Subject.ZONE),
                new MissingScope("usage:read"),
                InvalidInput.missing("origin"),
                InvalidInput.tooLong("name", 63),
                InvalidInput.notAllowed("type", "files"),
                InvalidInput.malformed("name"),
                InvalidInput.malformed("origin"),
                InvalidInput.malformed("json"),
                InvalidInput.controlCharacters("name"),
                InvalidInput.tooMany("urls", 20, 30),
                new PayloadTooLarge("body", 65536),
                Conflict.alreadyExists(Subject.HOSTNAME, "a.cdn.test"),
                Conflict.changedMeanwhile(Subject.ZONE),
                Conflict.notEmpty(Subject.ZONE, 2),
                new RangeNotSatisfiable(10),
                new FetchFailed(FetchFailed.Reason.INVALID_URL),
                new Unavailable(),
                new ServerFault());
        for (DomainException e : errors) {
            Map<String, Object> body = Json.parseObject(render(e).body());
            assertEquals(List.of("error"), List.copyOf(body.keySet()), e.toString());
            String message = (String) body.get("error");
            assertFalse(message == null || message.isBlank(), e.toString());
            if (e instanceof InvalidInput i && !i.field().equals("json"))
                assertEquals(true, message.contains(i.field()), message);
        }
        assertEquals(
                "{\"error\":\"authentication required\"}",
                new String(render(new Unauthenticated()).body()));
    }
}
