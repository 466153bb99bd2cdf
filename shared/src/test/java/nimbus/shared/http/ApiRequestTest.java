package nimbus.shared.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nimbus.shared.error.InvalidInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** How a handler sees an API Gateway proxy event: headers, body and parameters from wherever clients put them. */
class ApiRequestTest {

    private static APIGatewayProxyRequestEvent event(String contentType, String body) {
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod("POST")
                .withHeaders(contentType == null ? null : Map.of("Content-Type", contentType))
                .withBody(body);
    }

    private static ApiRequest json(String body) {
        return new ApiRequest(event("application/json", body));
    }

    private static ApiRequest form(String body) {
        return new ApiRequest(event("application/x-www-form-urlencoded", body));
    }

    private static ApiRequest query(Map<String, String> single, Map<String, List<String>> multi) {
        return new ApiRequest(new APIGatewayProxyRequestEvent()
                .withHttpMethod("GET")
                .withQueryStringParameters(single)
                .withMultiValueQueryStringParameters(multi));
    }

    private static void assertInvalid(String field, InvalidInput.Problem problem, Runnable action) {
        InvalidInput e = assertThrows(InvalidInput.class, action::run);
        assertEquals(field, e.field());
        assertEquals(problem, e.problem());
    }

    // --- headers

    @ParameterizedTest
    @ValueSource(strings = {"Authorization", "authorization", "AUTHORIZATION", "aUtHoRiZaTiOn"})
    void singleValueHeadersAreFoundInAnyCase(String name) {
        ApiRequest request =
                new ApiRequest(new APIGatewayProxyRequestEvent().withHeaders(Map.of("authorization", "Bearer abc")));
        assertEquals(Optional.of("Bearer abc"), request.header(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-API-Key", "x-api-key", "X-Api-Key"})
    void multiValueHeadersAreFoundInAnyCaseAndTheFirstValueWins(String name) {
        ApiRequest request = new ApiRequest(new APIGatewayProxyRequestEvent()
                .withMultiValueHeaders(Map.of("X-API-KEY", List.of("first", "second"))));
        assertEquals(Optional.of("first"), request.header(name));
    }

    @Test
    void anAbsentHeaderIsEmpty() {
        assertEquals(Optional.empty(), new ApiRequest(new APIGatewayProxyRequestEvent()).header("Authorization"));
        ApiRequest withOthers = new ApiRequest(new APIGatewayProxyRequestEvent().withHeaders(Map.of("Accept", "*/*")));
        assertEquals(Optional.empty(), withOthers.header("Authorization"));
    }

    @Test
    void headersFromBothMapsAreCombined() {
        ApiRequest request = new ApiRequest(new APIGatewayProxyRequestEvent()
                .withHeaders(Map.of("content-type", "application/json"))
                .withMultiValueHeaders(Map.of("X-Api-Key", List.of("ak_1"))));
        assertEquals(Optional.of("application/json"), request.header("Content-Type"));
        assertEquals(Optional.of("ak_1"), request.header("x-api-key"));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" is \"{1}\"")
    @CsvSource(
            quoteCharacter = '\'',
            value = {
                "application/json,                                      application/json",
                "Application/JSON; charset=UTF-8,                       application/json",
                "'  MULTIPART/FORM-DATA ; boundary=AbC  ',              multipart/form-data",
                "application/x-www-form-urlencoded;charset=utf-8,       application/x-www-form-urlencoded",
                "'',                                                    ''",
            })
    void mediaTypeIsLowerCaseWithoutParameters(String contentType, String expected) {
        assertEquals(expected, new ApiRequest(event(contentType, null)).mediaType());
    }

    @Test
    void noContentTypeIsAnEmptyMediaType() {
        assertEquals("", new ApiRequest(event(null, null)).mediaType());
    }

    // --- body

    @Test
    void aPlainBodyIsItsUtf8Bytes() {
        ApiRequest request = new ApiRequest(event("text/plain", "héllo"));
        assertArrayEquals("héllo".getBytes(StandardCharsets.UTF_8), request.body());
    }

    @Test
    void noBodyIsEmpty() {
        assertArrayEquals(new byte[0], new ApiRequest(event("text/plain", null)).body());
    }

    @Test
    void aBase64BodyIsDecoded() {
        byte[] data = {0, 1, 2, (byte) 0xfe, (byte) 0xff, '\r', '\n'};
        ApiRequest request = new ApiRequest(
                event("application/octet-stream", Base64.getEncoder().encodeToString(data))
                        .withIsBase64Encoded(true));
        assertArrayEquals(data, request.body());
    }

    @Test
    void aLineWrappedBase64BodyIsDecoded() {
        byte[] data = new byte[300];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 7);
        String wrapped = Base64.getMimeEncoder().encodeToString(data);
        assertTrue(wrapped.contains("\r\n"), "the fixture must really be wrapped");

        ApiRequest request =
                new ApiRequest(event("application/octet-stream", wrapped).withIsBase64Encoded(true));
        assertArrayEquals(data, request.body());
    }

    @Test
    void aBodyNotFlaggedAsBase64IsNotDecoded() {
        String encoded = Base64.getEncoder().encodeToString("abc".getBytes(StandardCharsets.UTF_8));
        ApiRequest request = new ApiRequest(event("text/plain", encoded).withIsBase64Encoded(false));
        assertArrayEquals(encoded.getBytes(StandardCharsets.UTF_8), request.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"abcde", "ab=c", "a===", "YWJj=YWJj"})
    void invalidBase64IsMalformed(String body) {
        ApiRequest request =
                new ApiRequest(event("application/octet-stream", body).withIsBase64Encoded(true));
        assertInvalid("base64", InvalidInput.Problem.MALFORMED, request::body);
    }

    // --- parameters

    @Test
    void paramReadsJsonStringsNumbersAndBooleans() {
        ApiRequest request = json("{\"url\": \"https://example.com/a.png\", \"limit\": 25, \"public\": true}");
        assertEquals(Optional.of("https://example.com/a.png"), request.param("url"));
        assertEquals(Optional.of("25"), request.param("limit"));
        assertEquals(Optional.of("true"), request.param("public"));
        assertEquals(Optional.empty(), request.param("absent"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json; charset=utf-8", "APPLICATION/JSON", "application/vnd.api+json"})
    void jsonIsRecognisedByItsMediaType(String contentType) {
        ApiRequest request = new ApiRequest(event(contentType, "{\"name\": \"docs\"}"));
        assertEquals(Optional.of("docs"), request.param("name"));
    }

    @Test
    void anEmptyJsonBodyHasNoParameters() {
        assertEquals(Optional.empty(), json("").param("url"));
    }

    @Test
    void paramReadsAUrlencodedForm() {
        ApiRequest request = form("url=https%3A%2F%2Fexample.com%2Fa%20b.png&name=my+file&flag&empty=");
        assertEquals(Optional.of("https://example.com/a b.png"), request.param("url"));
        assertEquals(Optional.of("my file"), request.param("name"));
        assertEquals(Optional.of(""), request.param("flag"));
        assertEquals(Optional.of(""), request.param("empty"));
        assertTrue(request.has("flag"));
    }

    @Test
    void paramReadsTheQueryString() {
        ApiRequest request = query(Map.of("url", "https://example.com/x"), null);
        assertEquals(Optional.of("https://example.com/x"), request.param("url"));
    }

    @Test
    void theBodyWinsOverTheQueryString() {
        ApiRequest request = new ApiRequest(
                event("application/json", "{\"limit\": \"10\"}").withQueryStringParameters(Map.of("limit", "20")));
        assertEquals(Optional.of("10"), request.param("limit"));
        assertEquals(List.of("10", "20"), request.params("limit"));
    }

    @Test
    void paramsReadsAJsonArray() {
        ApiRequest request = json("{\"ids\": [\"a\", \"b\", \"c\"]}");
        assertEquals(List.of("a", "b", "c"), request.params("ids"));
        assertEquals(Optional.of("a"), request.param("ids"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
            strings = {
                "ids[]=a&ids[]=b&ids[]=c",
                "ids=a&ids=b&ids=c",
                "ids[0]=a&ids[1]=b&ids[2]=c",
                "ids%5B%5D=a&ids%5B%5D=b&ids%5B%5D=c",
            })
    void paramsReadsRepeatedAndIndexedFormFields(String body) {
        assertEquals(List.of("a", "b", "c"), form(body).params("ids"));
    }

    @Test
    void paramsReadsAMultiValueQueryString() {
        ApiRequest request = query(Map.of("ids[]", "b"), Map.of("ids[]", List.of("a", "b")));
        assertEquals(List.of("a", "b"), request.params("ids"));
    }

    @Test
    void paramsReadsPhpStyleQueryFields() {
        ApiRequest request = query(null, Map.of("ids[0]", List.of("a"), "other", List.of("x")));
        assertEquals(List.of("a"), request.params("ids"));
    }

    @Test
    void aNameThatOnlyStartsTheSameIsAnotherParameter() {
        ApiRequest request = form("idsx=1&id=2");
        assertEquals(List.of(), request.params("ids"));
    }

    @Test
    void hasIsTrueForAJsonNullWhichParamDoesNotReturn() {
        ApiRequest request = json("{\"folderId\": null, \"description\": \"\"}");
        assertTrue(request.has("folderId"));
        assertEquals(Optional.empty(), request.param("folderId"));
        assertTrue(request.has("description"));
        assertFalse(request.has("tags"));
    }

    @Test
    void hasSeesTheQueryString() {
        assertTrue(query(Map.of("limit", "5"), null).has("limit"));
        assertFalse(query(Map.of("limit", "5"), null).has("offset"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"a\": }", "not json", "{\"a\": 1,}", "{'a': 1}"})
    void malformedJsonIsInvalid(String body) {
        ApiRequest request = json(body);
        assertInvalid("json", InvalidInput.Problem.MALFORMED, () -> request.param("a"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1, 2]", "[{\"ids\": [\"a\"]}]", "\"a string\"", "42", "null"})
    void aJsonBodyThatIsNotAnObjectIsInvalid(String body) {
        ApiRequest request = json(body);
        assertInvalid("json", InvalidInput.Problem.MALFORMED, () -> request.params("ids"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"name=%zz", "name=%", "name=abc%2", "%G0=1"})
    void malformedPercentEncodingInAFormIsInvalid(String body) {
        ApiRequest request = form(body);
        assertInvalid("form", InvalidInput.Problem.MALFORMED, () -> request.param("name"));
    }

    // --- chosen files

    @Test
    void chosenFileSkipsAFormsNoFileChosenPart() {
        ApiRequest request = new MultipartFormTest.Body()
                .file("file", "", "application/octet-stream", new byte[0])
                .request();
        assertTrue(request.file("file").isPresent(), "the part itself was sent");
        assertEquals(Optional.empty(), request.chosenFile("file"));
        assertEquals(List.of(), request.chosenFiles("file"));
    }

    @Test
    void chosenFileKeepsAnUnnamedPartWithContent() {
        ApiRequest request = new MultipartFormTest.Body()
                .file("file", "", "text/plain", "data".getBytes(StandardCharsets.UTF_8))
                .request();
        MultipartForm.Part part = request.chosenFile("file").orElseThrow();
        assertEquals("", part.filename());
        assertEquals("data", part.text());
    }

    @Test
    void chosenFileKeepsANamedEmptyFile() {
        ApiRequest request = new MultipartFormTest.Body()
                .file("file", "empty.txt", "text/plain", new byte[0])
                .request();
        assertEquals("empty.txt", request.chosenFile("file").orElseThrow().filename());
    }

    @Test
    void chosenFilesDropsOnlyTheEmptyParts() {
        ApiRequest request = new MultipartFormTest.Body()
                .file("files[]", "a.txt", "A")
                .file("files[]", "", "application/octet-stream", new byte[0])
                .file("files[]", "b.txt", "B")
                .request();
        assertEquals(
                List.of("a.txt", "b.txt"),
                request.chosenFiles("files").stream()
                        .map(MultipartForm.Part::filename)
                        .toList());
    }
}
