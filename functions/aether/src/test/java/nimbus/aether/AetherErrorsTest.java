package nimbus.aether;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import nimbus.shared.account.QuotaTier;
import nimbus.shared.account.QuotaUsage;
import nimbus.shared.auth.RateLimiter;
import nimbus.shared.error.Conflict;
import nimbus.shared.error.DomainException;
import nimbus.shared.error.FetchFailed;
import nimbus.shared.error.InvalidInput;
import nimbus.shared.error.MissingScope;
import nimbus.shared.error.NotFound;
import nimbus.shared.error.QuotaExceeded;
import nimbus.shared.error.RangeNotSatisfiable;
import nimbus.shared.error.RateLimited;
import nimbus.shared.error.ServerFault;
import nimbus.shared.error.Subject;
import nimbus.shared.error.Unauthenticated;
import nimbus.shared.error.Unavailable;
import nimbus.shared.http.ApiResponse;
import nimbus.shared.http.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** AetherCDN error answers: {@code {"success": false, "error": {"code", "message"}}} with the seed's codes. */
class AetherErrorsTest {
    private static final long MIB = 1L << 20;

    private static ApiResponse render(DomainException e) {
        return AetherErrors.INSTANCE.render(e);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> error(ApiResponse response) {
        Map<String, Object> body = Json.parseObject(response.body());
        assertEquals(List.of("success", "error"), List.copyOf(body.keySet()));
        assertEquals(false, body.get("success"));
        Map<String, Object> error = (Map<String, Object>) body.get("error");
        assertEquals(List.of("code", "message"), List.copyOf(error.keySet()));
        return error;
    }

    private static QuotaExceeded quota(QuotaExceeded.Reason reason, QuotaTier tier) {
        return new QuotaExceeded(reason, new QuotaUsage(tier.maxTotalBytes() / 2, tier), tier.maxFileBytes() + 1);
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of(new Unauthenticated(), 401, "unauthorized", "Invalid API key"),
                Arguments.of(
                        new MissingScope("files:write"), 403, "forbidden", "This API key lacks the files:write scope"),
                Arguments.of(new MissingScope("user:read"), 403, "forbidden", "This API key lacks the user:read scope"),
                Arguments.of(new NotFound(Subject.FILE), 404, "not_found", "File not found"),
                Arguments.of(new NotFound(Subject.FOLDER), 404, "not_found", "Folder not found"),
                Arguments.of(
                        quota(QuotaExceeded.Reason.FILE_TOO_LARGE, QuotaTier.UNVERIFIED),
                        402,
                        "quota_exceeded",
                        "File size exceeds your limit of 10 MB per file"),
                Arguments.of(
                        quota(QuotaExceeded.Reason.FILE_TOO_LARGE, QuotaTier.VERIFIED),
                        402,
                        "quota_exceeded",
                        "File size exceeds your limit of 100 MB per file"),
                Arguments.of(
                        quota(QuotaExceeded.Reason.STORAGE_FULL, QuotaTier.UNVERIFIED),
                        402,
                        "quota_exceeded",
                        "Storage quota exceeded"),
                Arguments.of(
                        InvalidInput.missing("file"),
                        400,
                        "bad_request",
                        "Missing file: send it as the multipart field \"file\""),
                Arguments.of(InvalidInput.missing("name"), 400, "bad_request", "Missing name parameter"),
                Arguments.of(InvalidInput.malformed("json"), 400, "bad_request", "Request body is not valid JSON"),
                Arguments.of(InvalidInput.malformed("multipart"), 400, "bad_request", "Malformed multipart body"),
                Arguments.of(InvalidInput.malformed("limit"), 400, "bad_request", "limit must be a whole number"),
                Arguments.of(InvalidInput.notAllowed("limit", "0"), 400, "bad_request", "limit must be at least 1"),
                Arguments.of(
                        InvalidInput.notAllowed("offset", "-1"), 400, "bad_request", "offset must not be negative"),
                Arguments.of(
                        InvalidInput.tooLong("description", 1000),
                        400,
                        "bad_request",
                        "Description is longer than 1000 characters"),
                Arguments.of(
                        InvalidInput.tooLong("filename", 2000),
                        400,
                        "bad_request",
                        "Filename is longer than 2000 bytes"),
                Arguments.of(InvalidInput.tooLong("tag", 50), 400, "bad_request", "Tags must be 1-50 characters"),
                Arguments.of(InvalidInput.tooMany("tags", 20, 21), 400, "bad_request", "At most 20 tags"),
                Arguments.of(
                        InvalidInput.tooLong("name", 255),
                        400,
                        "bad_request",
                        "Folder name must be 1-255 characters without control characters"),
                Arguments.of(
                        InvalidInput.controlCharacters("filename"), 400, "bad_request", "Filename contains a NUL byte"),
                Arguments.of(
                        Conflict.notEmpty(Subject.FOLDER, 3),
                        409,
                        "folder_not_empty",
                        "Folder is not empty: move or delete its 3 file(s) first"),
                Arguments.of(
                        Conflict.changedMeanwhile(Subject.FILE),
                        409,
                        "conflict",
                        "The file changed or was deleted meanwhile; try again"),
                Arguments.of(new RangeNotSatisfiable(1234), 416, "bad_request", "Requested range not satisfiable"),
                Arguments.of(
                        new FetchFailed(FetchFailed.Reason.FAILED),
                        422,
                        "bad_request",
                        "The file could not be fetched"),
                Arguments.of(new Unavailable(), 503, "server_error", "Storage is unavailable, try again"),
                Arguments.of(new ServerFault(), 500, "server_error", "Internal server error"));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1} {2}")
    @MethodSource("errors")
    void eachErrorHasItsStatusCodeAndMessage(DomainException e, int status, String code, String message) {
        ApiResponse response = render(e);
        Map<String, Object> error = error(response);

        assertEquals(status, response.status());
        assertEquals("application/json; charset=utf-8", response.headers().get("Content-Type"));
        assertEquals(code, error.get("code"));
        assertEquals(message, error.get("message"));
        assertFalse(response.headers().containsKey("Retry-After"), "only a rate-limited answer says when to retry");
    }

    @Test
    void anUnsatisfiableRangeNamesTheSizeInContentRange() {
        ApiResponse response = render(new RangeNotSatisfiable(1234));
        assertEquals(416, response.status());
        assertEquals("bytes */1234", response.headers().get("Content-Range"));
        assertFalse(render(new NotFound(Subject.FILE)).headers().containsKey("Content-Range"));
    }

    @Test
    void rateLimitedCarriesTheLimitHeaders() {
        long reset = 1_700_000_060L; // already past: a client retrying now waits the minimum
        ApiResponse response = render(new RateLimited(new RateLimiter.Decision(120, 0, reset, false, reset + 5)));
        Map<String, Object> error = error(response);

        assertEquals(429, response.status());
        assertEquals("rate_limited", error.get("code"));
        assertEquals("Too many requests: at most 120 per minute", error.get("message"));
        assertEquals("120", response.headers().get("X-RateLimit-Limit"));
        assertEquals("0", response.headers().get("X-RateLimit-Remaining"));
        assertEquals(Long.toString(reset), response.headers().get("X-RateLimit-Reset"));
        assertEquals("1", response.headers().get("Retry-After"));
    }

    @Test
    void retryAfterCountsTheSecondsUntilTheWindowResets() {
        long now = 1_700_000_000L;
        ApiResponse response = render(new RateLimited(new RateLimiter.Decision(60, 0, now + 90, false, now)));

        assertEquals("90", response.headers().get("Retry-After"));
        assertEquals("60", response.headers().get("X-RateLimit-Limit"));
        assertEquals("Too many requests: at most 60 per minute", error(response).get("message"));
    }
}
