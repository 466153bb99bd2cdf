package nimbus.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nimbus.local.kit.Template;
import nimbus.local.kit.Template.GatewayResponse;
import nimbus.local.kit.TestStack;
import nimbus.shared.http.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The template's AWS::ApiGateway::GatewayResponse resources replace the gateway's own errors, as on AWS:
 * the error's own type, else DEFAULT_4XX / DEFAULT_5XX, else API Gateway's default body.
 */
class GatewayErrorResponseTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Two functions: fixed answers per {kind}, and failures per {kind}. */
    private static final String FUNCTIONS = """
            Resources:
              FixedFunction:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: nimbus.local.FixedResponseHandler::handleRequest
                  Events:
                    Api:
                      Type: Api
                      Properties:
                        RestApiId: !Ref Api
                        Path: /fixed/{kind}
                        Method: ANY
              FailingFunction:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: nimbus.local.FailingHandler::handleRequest
                  Events:
                    Api:
                      Type: Api
                      Properties:
                        RestApiId: !Ref Api
                        Path: /failing/{kind}
                        Method: GET
            """;

    /** Every type the gateway can answer, customized; DEFAULT_5XX shows every $context variable. */
    private static final String CUSTOMIZED = FUNCTIONS + """
              Default4xx:
                Type: AWS::ApiGateway::GatewayResponse
                Properties:
                  RestApiId: !Ref Api
                  ResponseType: DEFAULT_4XX
                  ResponseTemplates:
                    application/json: '{"default4xx":$context.error.messageString}'
              Default5xx:
                Type: AWS::ApiGateway::GatewayResponse
                Properties:
                  RestApiId: !Ref Api
                  ResponseType: DEFAULT_5XX
                  ResponseTemplates:
                    application/json: '{"error":$context.error.messageString,"message":"$context.error.message","type":"$context.error.responseType","method":"$context.httpMethod","path":"$context.path","requestId":"$context.requestId"}'
              NoRoute:
                Type: AWS::ApiGateway::GatewayResponse
                Properties:
                  RestApiId: !Ref Api
                  ResponseType: MISSING_AUTHENTICATION_TOKEN
                  StatusCode: "404"
                  ResponseParameters:
                    gatewayresponse.header.Access-Control-Allow-Origin: "'*'"
                    gatewayresponse.header.X-Echo: method.request.header.X-Sent
                  ResponseTemplates:
                    application/json: '{"error":"Not found","message":"No such route: $context.httpMethod $context.path","requestId":"$context.requestId"}'
              TooLarge:
                Type: AWS::ApiGateway::GatewayResponse
                Properties:
                  RestApiId: !Ref Api
                  ResponseType: REQUEST_TOO_LARGE
                  StatusCode: "413"
                  ResponseTemplates:
                    application/json: '{"error":$context.error.messageString,"tooLarge":true}'
              Throttled:
                Type: AWS::ApiGateway::GatewayResponse
                Properties:
                  RestApiId: !Ref Api
                  ResponseType: THROTTLED
                  StatusCode: "429"
                  ResponseTemplates:
                    application/json: '{"throttled":true}'
            """;

    private static Gateway start(Path dir, String yaml) throws IOException {
        Path file = dir.resolve("template.yaml");
        Files.writeString(file, yaml);
        return Gateway.start(Template.load(file), TestStack.context(), 0);
    }

    private static HttpResponse<String> send(Gateway gateway, String method, String path, byte[] body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .header("X-Sent", "echoed")
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body));
        return HTTP.send(request.build(), BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(Gateway gateway, String path) throws Exception {
        return send(gateway, "GET", path, null);
    }

    private static Map<String, Object> json(HttpResponse<String> response) {
        return Json.parseObject(response.body().getBytes());
    }

    private static String header(HttpResponse<String> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    @Test
    void anUnknownRouteGetsTheMissingAuthenticationTokenResponseWithItsStatusAndHeaders(@TempDir Path dir)
            throws Exception {
        try (Gateway gateway = start(dir, CUSTOMIZED)) {
            for (String[] call : List.of(
                    new String[] {"GET", "/nope"},
                    new String[] {"DELETE", "/failing/x"},
                    new String[] {"GET", "/fixed/a/b"},
                    new String[] {"GET", "/nope/a%22b%5C"})) {
                HttpResponse<String> response = send(gateway, call[0], call[1], null);
                assertEquals(404, response.statusCode(), call[1]);
                String requestId = header(response, "x-amzn-RequestId");
                assertEquals(
                        Map.of(
                                "error",
                                "Not found",
                                "message",
                                "No such route: " + call[0] + " " + call[1],
                                "requestId",
                                requestId),
                        json(response),
                        call[1]);
                assertEquals("application/json", header(response, "Content-Type"));
                assertEquals("MissingAuthenticationTokenException", header(response, "x-amzn-ErrorType"));
                assertEquals("*", header(response, "Access-Control-Allow-Origin"));
                assertEquals("echoed", header(response, "X-Echo"));
            }
        }
    }

    @Test
    void aBodyOverTheLimitsGetsTheRequestTooLargeResponse(@TempDir Path dir) throws Exception {
        try (Gateway gateway = start(dir, CUSTOMIZED)) {
            // over API Gateway's 10 MB, then under it but over Lambda's 6 MB once base64 in the event
            for (int size : List.of((int) Gateway.MAX_BODY_BYTES + 1, 5 * 1024 * 1024)) {
                HttpResponse<String> response = send(gateway, "POST", "/fixed/headers", new byte[size]);
                assertEquals(413, response.statusCode());
                assertEquals(Map.of("error", "Request Too Long", "tooLarge", true), json(response));
                assertEquals("RequestTooLongException", header(response, "x-amzn-ErrorType"));
                assertEquals("application/json", header(response, "Content-Type"));
                assertTrue(response.headers().firstValue("x-amzn-RequestId").isPresent());
            }
        }
    }

    @Test
    void aFailedFunctionGetsTheDefault5xxResponseWithApiGatewaysStatus(@TempDir Path dir) throws Exception {
        try (Gateway gateway = start(dir, CUSTOMIZED)) {
            for (String kind : List.of("throws", "no-status", "null")) {
                HttpResponse<String> response = get(gateway, "/failing/" + kind);
                assertEquals(502, response.statusCode(), kind);
                assertEquals(
                        Map.of(
                                "error", "Internal server error",
                                "message", "Internal server error",
                                "type", "DEFAULT_5XX",
                                "method", "GET",
                                "path", "/failing/" + kind,
                                "requestId", header(response, "x-amzn-RequestId")),
                        json(response),
                        kind);
                assertEquals("application/json", header(response, "Content-Type"));
            }
        }
    }

    @Test
    void aFunctionsOwnErrorsAreNotGatewayResponses(@TempDir Path dir) throws Exception {
        try (Gateway gateway = start(dir, CUSTOMIZED)) {
            HttpResponse<String> response = get(gateway, "/fixed/missing");
            assertEquals(404, response.statusCode());
            assertEquals("missing", response.body());
            assertEquals("text/plain; charset=utf-8", header(response, "Content-Type"));
            assertFalse(response.headers().firstValue("x-amzn-ErrorType").isPresent());
            assertFalse(
                    response.headers().firstValue("Access-Control-Allow-Origin").isPresent());
        }
    }

    @Test
    void withoutItsOwnTypeAnErrorFallsBackToDefault4xxOrDefault5xx(@TempDir Path dir) throws Exception {
        try (Gateway gateway = start(dir, FUNCTIONS + """
                  Default4xx:
                    Type: AWS::ApiGateway::GatewayResponse
                    Properties:
                      RestApiId: !Ref Api
                      ResponseType: DEFAULT_4XX
                      ResponseTemplates:
                        application/json: '{"success":false,"error":$context.error.messageString}'
                  Default5xx:
                    Type: AWS::ApiGateway::GatewayResponse
                    Properties:
                      RestApiId: !Ref Api
                      ResponseType: DEFAULT_5XX
                      StatusCode: 500
                      ResponseTemplates:
                        application/json: '{"success":false,"error":$context.error.messageString}'
                """)) {
            HttpResponse<String> noRoute = get(gateway, "/nope");
            assertEquals(403, noRoute.statusCode(), "DEFAULT_4XX without StatusCode keeps the error's status");
            assertEquals(Map.of("success", false, "error", "Missing Authentication Token"), json(noRoute));
            assertEquals("MissingAuthenticationTokenException", header(noRoute, "x-amzn-ErrorType"));

            HttpResponse<String> tooLarge =
                    send(gateway, "POST", "/fixed/headers", new byte[(int) Gateway.MAX_BODY_BYTES + 1]);
            assertEquals(413, tooLarge.statusCode());
            assertEquals(Map.of("success", false, "error", "Request Too Long"), json(tooLarge));
            assertEquals("RequestTooLongException", header(tooLarge, "x-amzn-ErrorType"));

            HttpResponse<String> failed = get(gateway, "/failing/throws");
            assertEquals(500, failed.statusCode(), "DEFAULT_5XX's StatusCode replaces the 502");
            assertEquals(Map.of("success", false, "error", "Internal server error"), json(failed));
        }
    }

    @Test
    void aDefault4xxStatusCodeAppliesToTheErrorsItStandsFor(@TempDir Path dir) throws Exception {
        try (Gateway gateway = start(dir, FUNCTIONS + """
                  Default4xx:
                    Type: AWS::ApiGateway::GatewayResponse
                    Properties:
                      RestApiId: !Ref Api
                      ResponseType: DEFAULT_4XX
                      StatusCode: "400"
                """)) {
            HttpResponse<String> noRoute = get(gateway, "/nope");
            assertEquals(400, noRoute.statusCode());
            assertEquals(
                    Map.of("message", "Missing Authentication Token"), json(noRoute), "no template: the default body");
            HttpResponse<String> failed = get(gateway, "/failing/throws");
            assertEquals(502, failed.statusCode(), "a 5xx is not DEFAULT_4XX's");
            assertEquals(Map.of("message", "Internal server error"), json(failed));
        }
    }

    @Test
    void aResponseWithoutTemplatesKeepsApiGatewaysBodyWithItsStatus(@TempDir Path dir) throws Exception {
        try (Gateway gateway = start(dir, FUNCTIONS + """
                  NoRoute:
                    Type: AWS::ApiGateway::GatewayResponse
                    Properties:
                      RestApiId: !Ref Api
                      ResponseType: MISSING_AUTHENTICATION_TOKEN
                      StatusCode: "404"
                """)) {
            HttpResponse<String> response = get(gateway, "/nope");
            assertEquals(404, response.statusCode());
            assertEquals("{\"message\":\"Missing Authentication Token\"}", response.body());
            assertEquals("application/json", header(response, "Content-Type"));
        }
    }

    @Test
    void withoutGatewayResponsesTheErrorsAreApiGatewaysOwn(@TempDir Path dir) throws Exception {
        try (Gateway gateway = start(dir, FUNCTIONS)) {
            HttpResponse<String> noRoute = get(gateway, "/nope");
            assertEquals(403, noRoute.statusCode());
            assertEquals("{\"message\":\"Missing Authentication Token\"}", noRoute.body());
            assertEquals("MissingAuthenticationTokenException", header(noRoute, "x-amzn-ErrorType"));

            HttpResponse<String> tooLarge = send(gateway, "POST", "/fixed/headers", new byte[5 * 1024 * 1024]);
            assertEquals(413, tooLarge.statusCode());
            assertEquals("{\"message\":\"Request Too Long\"}", tooLarge.body());
            assertEquals("RequestTooLongException", header(tooLarge, "x-amzn-ErrorType"));

            HttpResponse<String> failed = get(gateway, "/failing/no-status");
            assertEquals(502, failed.statusCode());
            assertEquals("{\"message\":\"Internal server error\"}", failed.body());
            assertFalse(failed.headers().firstValue("x-amzn-ErrorType").isPresent());
        }
    }

    @Test
    void aStatusCodeThatIsNoHttpStatusFailsTheStart(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> start(dir, FUNCTIONS + """
                  NoRoute:
                    Type: AWS::ApiGateway::GatewayResponse
                    Properties:
                      RestApiId: !Ref Api
                      ResponseType: MISSING_AUTHENTICATION_TOKEN
                      StatusCode: "40x"
                """).close());
        assertTrue(e.getMessage().contains("NoRoute"), e.getMessage());
    }

    @Test
    void rendersContextReferencesAsVtlDoes() {
        Map<String, String> context = Map.of(
                "error.message", "Say \"hi\"",
                "error.messageString", Gateway.jsonString("Say \"hi\""),
                "path", "/a");
        assertEquals("\"Say \\\"hi\\\"\"", Gateway.jsonString("Say \"hi\""));
        assertEquals("\"tab\\t nl\\n \\\\ \\u0001\"", Gateway.jsonString("tab\t nl\n \\ \u0001"));
        assertEquals(
                "{\"m\":\"Say \\\"hi\\\"\"} Say \"hi\" /a. /a /a",
                Gateway.render(
                        "{\"m\":$context.error.messageString} $context.error.message $context.path. ${context.path} $!context.path",
                        context));
        assertEquals(
                "$context.unknown [] $context.path.more $contextual",
                Gateway.render("$context.unknown [$!context.unknown] $context.path.more $contextual", context));
    }

    @Test
    void templateReadsItsGatewayResponsesApiByApi() {
        Map<String, Map<String, GatewayResponse>> byApi = Template.loadDefault().gatewayResponses();
        assertEquals(List.of("HackClubApi", "AetherApi", "KeyCdnApi", "ResCdnApi"), List.copyOf(byApi.keySet()));
        for (Map<String, GatewayResponse> responses : byApi.values()) {
            assertEquals(
                    List.of(
                            "DEFAULT_4XX",
                            "DEFAULT_5XX",
                            "MISSING_AUTHENTICATION_TOKEN",
                            "REQUEST_TOO_LARGE",
                            "THROTTLED",
                            "INTEGRATION_TIMEOUT"),
                    List.copyOf(responses.keySet()));
            assertEquals(Optional.empty(), responses.get("DEFAULT_4XX").statusCode());
            assertEquals(
                    Optional.of("404"),
                    responses.get("MISSING_AUTHENTICATION_TOKEN").statusCode());
            assertEquals(Optional.of("413"), responses.get("REQUEST_TOO_LARGE").statusCode());
            assertTrue(responses
                    .get("DEFAULT_5XX")
                    .responseTemplates()
                    .get("application/json")
                    .contains("$context.error.messageString"));
        }
    }

    /** Each dialect's API answers API Gateway's own errors in that dialect's error body (none can choose per path). */
    @Test
    void eachDialectsApiAnswersInItsOwnErrorFormat() throws Exception {
        try (Gateway gateway = Gateway.start(Template.loadDefault(), TestStack.context(), 0)) {
            assertEquals(
                    Map.of(
                            "error", "No such route: GET /api/v4/nope",
                            "code", "not_found",
                            "message", "No such route: GET /api/v4/nope",
                            "status", 404),
                    json(send(gateway, "GET", "/api/v4/nope", null)));
            assertEquals(
                    Map.of(
                            "success",
                            false,
                            "error",
                            Map.of("code", "not_found", "message", "No such route: GET /api/v1/nope")),
                    json(send(gateway, "GET", "/api/v1/nope", null)));
            assertEquals(
                    Map.of(
                            "status", "error",
                            "description", "No such route: DELETE /zones.json",
                            "error_message", "No such route: DELETE /zones.json"),
                    json(send(gateway, "DELETE", "/zones.json", null)));
            assertEquals(
                    Map.of("error", "no such route: DELETE /v1/usage"),
                    json(send(gateway, "DELETE", "/v1/usage", null)));
        }
    }

    @Test
    void templateRefusesWhatItCannotReadLocally(@TempDir Path dir) throws IOException {
        Path twice = dir.resolve("twice.yaml");
        Files.writeString(twice, """
                Resources:
                  One:
                    Type: AWS::ApiGateway::GatewayResponse
                    Properties:
                      ResponseType: DEFAULT_4XX
                  Two:
                    Type: AWS::ApiGateway::GatewayResponse
                    Properties:
                      ResponseType: DEFAULT_4XX
                """);
        assertThrows(IllegalStateException.class, () -> Template.load(twice).gatewayResponses());

        Path intrinsic = dir.resolve("intrinsic.yaml");
        Files.writeString(intrinsic, """
                Resources:
                  One:
                    Type: AWS::ApiGateway::GatewayResponse
                    Properties:
                      ResponseType: DEFAULT_4XX
                      StatusCode: !Ref Status
                """);
        assertThrows(IllegalStateException.class, () -> Template.load(intrinsic).gatewayResponses());
    }
}
