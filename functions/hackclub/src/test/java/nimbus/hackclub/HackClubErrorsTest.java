package nimbus.hackclub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

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
import nimbus.shared.error.PayloadTooLarge;
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

/**
 * Hack Club error bodies, as docs/hackclub.md and COMPAT.md describe the reference's:
 * {@code {"error", "code", "message", "status"}} plus {@code quota}, {@code detail} or {@code details}.
 */
class HackClubErrorsTest {
    private static final long MIB = 1L << 20;
    private static final HackClubErrors ELSEWHERE = new HackClubErrors("Not found", null);
    private static final HackClubErrors UPLOADS = new HackClubErrors("Upload not found", "Upload failed: ");

    private static Map<String, Object> body(ApiResponse response) {
        return Json.parseObject(response.body());
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of(ELSEWHERE, new NotFound(Subject.FILE), 404, "not_found", "Not found"),
                Arguments.of(UPLOADS, new NotFound(Subject.FILE), 404, "not_found", "Upload not found"),
                Arguments.of(
                        ELSEWHERE, InvalidInput.missing("file"), 400, "missing_parameter", "Missing file parameter"),
                Arguments.of(
                        ELSEWHERE,
                        InvalidInput.missing("files"),
                        400,
                        "missing_parameter",
                        "Missing files[] parameter"),
                Arguments.of(
                        ELSEWHERE, InvalidInput.missing("ids"), 400, "missing_parameter", "Missing ids[] parameter"),
                Arguments.of(ELSEWHERE, InvalidInput.missing("url"), 400, "missing_parameter", "Missing url parameter"),
                Arguments.of(
                        ELSEWHERE,
                        InvalidInput.missing("filename"),
                        400,
                        "missing_parameter",
                        "Missing filename parameter"),
                Arguments.of(
                        ELSEWHERE,
                        InvalidInput.malformed("multipart"),
                        400,
                        "malformed_multipart",
                        "Malformed multipart body"),
                Arguments.of(
                        ELSEWHERE,
                        InvalidInput.malformed("json"),
                        400,
                        "bad_request",
                        "Request body is not valid JSON"),
                Arguments.of(
                        ELSEWHERE,
                        InvalidInput.controlCharacters("filename"),
                        400,
                        "invalid_filename",
                        "Filename contains a NUL byte"),
                Arguments.of(
                        UPLOADS,
                        new FetchFailed(FetchFailed.Reason.UNRESOLVABLE_HOST),
                        422,
                        "upload_failed",
                        "Upload failed: Couldn't resolve host."),
                Arguments.of(
                        UPLOADS,
                        new FetchFailed(FetchFailed.Reason.UNSUPPORTED_SCHEME),
                        422,
                        "upload_failed",
                        "Upload failed: URL scheme must be http or https."),
                Arguments.of(
                        UPLOADS,
                        new FetchFailed(FetchFailed.Reason.ADDRESS_NOT_ALLOWED),
                        422,
                        "upload_failed",
                        "Upload failed: IP address not allowed"),
                Arguments.of(
                        UPLOADS,
                        new FetchFailed(FetchFailed.Reason.UPSTREAM_STATUS, 404, 0),
                        422,
                        "upload_failed",
                        "Upload failed: Failed to download: 404"),
                Arguments.of(
                        UPLOADS,
                        new FetchFailed(FetchFailed.Reason.TOO_LARGE, 0, 10 * MIB),
                        422,
                        "upload_failed",
                        "Upload failed: File too large: exceeds limit of 10 MB"),
                Arguments.of(
                        ELSEWHERE,
                        Conflict.changedMeanwhile(Subject.FILE),
                        409,
                        "conflict",
                        "The upload changed or was deleted meanwhile; try again"),
                Arguments.of(
                        UPLOADS,
                        new Unavailable(),
                        422,
                        "upload_failed",
                        "Upload failed: storage is unavailable, try again"),
                Arguments.of(ELSEWHERE, new Unavailable(), 503, "unavailable", "Storage is unavailable, try again"),
                Arguments.of(ELSEWHERE, new ServerFault(), 500, "server_error", "Internal server error"),
                Arguments.of(UPLOADS, new ServerFault(), 500, "server_error", "Internal server error"),
                Arguments.of(ELSEWHERE, new MissingScope("files:write"), 403, "forbidden", "Forbidden"),
                Arguments.of(
                        ELSEWHERE,
                        new PayloadTooLarge("parts", 1000),
                        413,
                        "payload_too_large",
                        "Too many parts in multipart body"),
                Arguments.of(
                        ELSEWHERE,
                        new RateLimited(new RateLimiter.Decision(120, 0, 1_700_000_060L, false, 1_700_000_000L)),
                        429,
                        "rate_limited",
                        "Too many requests"));
    }

    @ParameterizedTest(name = "[{index}] {1} -> {2} {3}")
    @MethodSource("errors")
    void eachErrorHasItsStatusCodeAndWording(
            HackClubErrors format, DomainException e, int status, String code, String error) {
        ApiResponse response = format.render(e);
        Map<String, Object> body = body(response);

        assertEquals(status, response.status());
        assertEquals("application/json; charset=utf-8", response.headers().get("Content-Type"));
        assertEquals(error, body.get("error"));
        assertEquals(code, body.get("code"));
        assertEquals(error, body.get("message"));
        assertEquals(status, number(body.get("status")));
        assertEquals(error, format.message(e), "a batch's per-file reason uses the same wording");
        assertFalse(body.containsKey("quota"));
    }

    @Test
    void unauthenticatedIsInvalidAuth() {
        ApiResponse response = ELSEWHERE.render(new Unauthenticated());
        Map<String, Object> body = body(response);

        assertEquals(401, response.status());
        assertEquals("invalid_auth", body.get("error"));
        assertEquals("invalid_auth", body.get("code"));
        assertEquals("Invalid or missing API key", body.get("message"));
        assertEquals(401, number(body.get("status")));
        assertEquals(401, UPLOADS.render(new Unauthenticated()).status());
    }

    @Test
    void aFileOverThePerFileLimitReportsTheLimitAndTheQuota() {
        QuotaUsage usage = new QuotaUsage(26_214_400, QuotaTier.UNVERIFIED);
        ApiResponse response = UPLOADS.render(new QuotaExceeded(QuotaExceeded.Reason.FILE_TOO_LARGE, usage, 11 * MIB));
        Map<String, Object> body = body(response);

        assertEquals(402, response.status());
        assertEquals("File size exceeds your limit of 10 MB per file", body.get("error"));
        assertEquals("file_too_large", body.get("code"));
        assertEquals(402, number(body.get("status")));
        assertQuota(body, 26_214_400, 52_428_800, "unverified", 50.0);
    }

    @Test
    void aFullAccountReportsStorageQuotaExceeded() {
        QuotaUsage usage = new QuotaUsage(17_476_266, QuotaTier.UNVERIFIED);
        ApiResponse response = UPLOADS.render(new QuotaExceeded(QuotaExceeded.Reason.STORAGE_FULL, usage, 40 * MIB));
        Map<String, Object> body = body(response);

        assertEquals(402, response.status());
        assertEquals("Storage quota exceeded", body.get("error"));
        assertEquals("quota_exceeded", body.get("code"));
        assertEquals("Storage quota exceeded", body.get("message"));
        assertQuota(body, 17_476_266, 52_428_800, "unverified", 33.33);
    }

    @Test
    void theFileLimitIsWordedForTheAccountsTier() {
        QuotaUsage usage = new QuotaUsage(0, QuotaTier.FUNCTIONALLY_UNLIMITED);
        Map<String, Object> body =
                body(UPLOADS.render(new QuotaExceeded(QuotaExceeded.Reason.FILE_TOO_LARGE, usage, 600 * MIB)));
        assertEquals("File size exceeds your limit of 500 MB per file", body.get("error"));
        assertQuota(body, 0, 300L << 30, "functionally_unlimited", 0.0);
    }

    @SuppressWarnings("unchecked")
    private static void assertQuota(Map<String, Object> body, long used, long limit, String tier, double percentage) {
        Map<String, Object> quota = (Map<String, Object>) body.get("quota");
        assertEquals(
                List.of("storage_used", "storage_limit", "quota_tier", "percentage_used"), List.copyOf(quota.keySet()));
        assertEquals(used, number(quota.get("storage_used")));
        assertEquals(limit, number(quota.get("storage_limit")));
        assertEquals(tier, quota.get("quota_tier"));
        assertEquals(percentage, ((Number) quota.get("percentage_used")).doubleValue());
    }

    @Test
    void tooManyFilesCarriesADetail() {
        ApiResponse response = UPLOADS.render(InvalidInput.tooMany("files", 40, 41));
        Map<String, Object> body = body(response);

        assertEquals(400, response.status());
        assertEquals("Too many files", body.get("error"));
        assertEquals("too_many_files", body.get("code"));
        assertEquals("Maximum 40 files per batch, got 41", body.get("detail"));
    }

    @Test
    void tooManyIdsCarriesADetail() {
        ApiResponse response = ELSEWHERE.render(InvalidInput.tooMany("ids", 1000, 1001));
        Map<String, Object> body = body(response);

        assertEquals(400, response.status());
        assertEquals("Too many ids", body.get("error"));
        assertEquals("too_many_ids", body.get("code"));
        assertEquals("Maximum 1000 ids per request, got 1001", body.get("detail"));
    }

    @Test
    void aTooLongFilenameIsAValidationFailureWithDetails() {
        ApiResponse response = UPLOADS.render(InvalidInput.tooLong("filename", 2000));
        Map<String, Object> body = body(response);

        assertEquals(422, response.status());
        assertEquals("Validation failed", body.get("error"));
        assertEquals("validation_failed", body.get("code"));
        assertEquals("Validation failed", body.get("message"));
        assertEquals(422, number(body.get("status")));
        assertEquals(List.of("Filename is too long (maximum is 2000 bytes)"), body.get("details"));
    }

    @Test
    void anUnsatisfiableRangeNamesTheSize() {
        ApiResponse response = ELSEWHERE.render(new RangeNotSatisfiable(1234));
        assertEquals(416, response.status());
        assertEquals("bytes */1234", response.headers().get("Content-Range"));
        assertNull(ELSEWHERE.render(new NotFound(Subject.FILE)).headers().get("Content-Range"));
    }
}
