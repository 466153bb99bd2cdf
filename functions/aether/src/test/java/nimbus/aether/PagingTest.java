package nimbus.aether;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import java.util.List;
import java.util.Map;
import nimbus.shared.error.InvalidInput;
import nimbus.shared.http.ApiRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code limit} (default 50, at most 100) and {@code offset} (default 0) of a listing. */
class PagingTest {

    private static ApiRequest query(Map<String, String> parameters) {
        return new ApiRequest(
                new APIGatewayProxyRequestEvent().withHttpMethod("GET").withQueryStringParameters(parameters));
    }

    private static ApiRequest jsonBody(String json) {
        return new ApiRequest(new APIGatewayProxyRequestEvent()
                .withHttpMethod("GET")
                .withHeaders(Map.of("Content-Type", "application/json"))
                .withBody(json));
    }

    @Test
    void withoutParametersTheDefaultsApply() {
        assertEquals(new Paging(50, 0), Paging.from(query(null)));
        assertEquals(new Paging(50, 0), Paging.from(query(Map.of("folderId", "x"))));
    }

    @Test
    void emptyValuesMeanTheDefaults() {
        assertEquals(new Paging(50, 0), Paging.from(query(Map.of("limit", "", "offset", "  "))));
    }

    @ParameterizedTest(name = "[{index}] limit={0} offset={1} -> {2}, {3}")
    @CsvSource(
            quoteCharacter = '\'',
            value = {
                "1,          0,   1,   0",
                "10,         20,  10,  20",
                "99,         5,   99,  5",
                "100,        0,   100, 0",
                "101,        0,   100, 0", // capped, not refused
                "1000,       0,   100, 0",
                "2147483647, 0,   100, 0",
                "'  25 ',    ' 7', 25, 7",
                "50,         2147483647, 50, 2147483647",
            })
    void fromTheQueryString(String limit, String offset, int expectedLimit, int expectedOffset) {
        assertEquals(
                new Paging(expectedLimit, expectedOffset),
                Paging.from(query(Map.of("limit", limit, "offset", offset))));
    }

    /** docs/aether.md: "limit ... is capped at 100 (a larger value is answered with limit: 100)". */
    @ParameterizedTest(name = "[{index}] limit={0}")
    @ValueSource(strings = {"2147483648", "9999999999", "100000000000000000000"})
    void aLimitTooLargeForAnIntIsCappedLikeAnyOtherLargeLimit(String limit) {
        assertEquals(new Paging(100, 0), Paging.from(query(Map.of("limit", limit))));
    }

    @Test
    void fromAMultiValueQueryString() {
        ApiRequest request = new ApiRequest(new APIGatewayProxyRequestEvent()
                .withMultiValueQueryStringParameters(Map.of("limit", List.of("10"), "offset", List.of("30"))));
        assertEquals(new Paging(10, 30), Paging.from(request));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"limit\": 10, \"offset\": 5}           | 10  | 5",
                "{\"limit\": \"20\", \"offset\": \"40\"}  | 20  | 40",
                "{\"limit\": 500}                         | 100 | 0",
                "{}                                       | 50  | 0",
            })
    void fromAJsonBody(String json, int expectedLimit, int expectedOffset) {
        assertEquals(new Paging(expectedLimit, expectedOffset), Paging.from(jsonBody(json)));
    }

    @ParameterizedTest(name = "[{index}] {0}={1}")
    @CsvSource({
        "limit,  0",
        "limit,  -1",
        "limit,  -100",
        "offset, -1",
        "offset, -2147483648",
    })
    void aLimitBelowOneOrANegativeOffsetIsNotAllowed(String name, String value) {
        InvalidInput e = assertThrows(InvalidInput.class, () -> Paging.from(query(Map.of(name, value))));
        assertEquals(name, e.field());
        assertEquals(InvalidInput.Problem.NOT_ALLOWED, e.problem());
        assertEquals(value, e.value());
    }

    @ParameterizedTest(name = "[{index}] {0}={1}")
    @CsvSource({
        "limit,  abc",
        "limit,  1.5",
        "limit,  10abc",
        "limit,  0x10",
        "offset, abc",
        "offset, 1e3",
    })
    void aValueThatIsNotAWholeNumberIsMalformed(String name, String value) {
        InvalidInput e = assertThrows(InvalidInput.class, () -> Paging.from(query(Map.of(name, value))));
        assertEquals(name, e.field());
        assertEquals(InvalidInput.Problem.MALFORMED, e.problem());
    }

    @Test
    void aMalformedJsonNumberIsMalformedToo() {
        InvalidInput e = assertThrows(InvalidInput.class, () -> Paging.from(jsonBody("{\"limit\": 2.5}")));
        assertEquals("limit", e.field());
        assertEquals(InvalidInput.Problem.MALFORMED, e.problem());
    }
}
