package nimbus.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.micronaut.context.ApplicationContext;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import nimbus.local.kit.LocalAws;
import nimbus.local.kit.MultipartBody;
import nimbus.local.kit.Template;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.auth.Authenticator;
import nimbus.shared.http.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayTest {
    private static Gateway gateway;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        gateway = Gateway.start(LocalAws.shared().template(), TestStack.context(), 0);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path));
    }

    private static HttpResponse<String> upload(TestAccount caller, byte[] data) throws Exception {
        MultipartBody body = new MultipartBody().file("file", "big.bin", "application/octet-stream", data);
        return send(request("/api/v4/upload")
                .header("Authorization", "Bearer " + caller.key())
                .header("Content-Type", body.contentType())
                .POST(BodyPublishers.ofByteArray(body.bytes())));
    }

    private static long storageUsed(TestAccount caller) throws Exception {
        HttpResponse<String> me = send(request("/api/v4/me").header("Authorization", "Bearer " + caller.key()));
        return ((Number) Json.parseObject(me.body().getBytes()).get("storage_used")).longValue();
    }

    @Test
    void servesMeWithAHackClubKey() throws Exception {
        TestAccount caller = Accounts.hackClub();
        HttpResponse<String> response = send(request("/api/v4/me").header("Authorization", "Bearer " + caller.key()));
        assertEquals(200, response.statusCode());
        assertEquals(caller.id(), Json.parseObject(response.body().getBytes()).get("id"));
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
        assertTrue(response.headers().firstValue("x-amzn-RequestId").isPresent());
    }

    @Test
    void answersWithoutAKeyWithTheDialectsError() throws Exception {
        HttpResponse<String> response = send(request("/api/v4/me"));
        assertEquals(401, response.statusCode());
        assertEquals(
                "invalid_auth", Json.parseObject(response.body().getBytes()).get("error"));
    }

    /** template.yaml's HackClubTooLargeResponse (REQUEST_TOO_LARGE), as a deployed Hack Club API answers it. */
    static final Map<String, Object> HACK_CLUB_TOO_LARGE = Map.of(
            "error",
            HackClubTooLarge.MESSAGE,
            "code",
            "payload_too_large",
            "message",
            HackClubTooLarge.MESSAGE,
            "status",
            413);

    /** The words of Hack Club's 413: it names the large-file route. */
    static final class HackClubTooLarge {
        static final String MESSAGE = "Request too large: a request carries at most about 4.5 MB; upload larger files"
                + " with POST /api/v4/uploads/multipart";
    }

    /** template.yaml's HackClubNoRouteResponse (MISSING_AUTHENTICATION_TOKEN) for a method and path. */
    private static Map<String, Object> noRoute(String method, String path) {
        String message = "No such route: " + method + " " + path;
        return Map.of("error", message, "code", "not_found", "message", message, "status", 404);
    }

    @Test
    void unknownPathsAndMethodsGetTheTemplatesMissingAuthenticationTokenResponse() throws Exception {
        for (HttpRequest.Builder request : List.of(
                request("/api/v4/nope"),
                request("/api/v4/me/extra"),
                request("/api/v4/me").DELETE())) {
            HttpResponse<String> response = send(request);
            HttpRequest sent = response.request();
            assertEquals(404, response.statusCode());
            assertEquals(
                    noRoute(sent.method(), sent.uri().getRawPath()),
                    Json.parseObject(response.body().getBytes()));
            assertEquals(
                    "application/json",
                    response.headers().firstValue("Content-Type").orElseThrow());
            assertEquals(
                    "MissingAuthenticationTokenException",
                    response.headers().firstValue("x-amzn-ErrorType").orElseThrow());
            assertTrue(response.headers().firstValue("x-amzn-RequestId").isPresent());
        }
    }

    @Test
    void rejectsBodiesOverTenMegabytes() throws Exception {
        byte[] body = new byte[(int) Gateway.MAX_BODY_BYTES + 1];
        HttpResponse<String> response = send(request("/api/v4/upload")
                .header("Content-Type", "application/octet-stream")
                .POST(BodyPublishers.ofByteArray(body)));
        assertEquals(413, response.statusCode());
        assertEquals(HACK_CLUB_TOO_LARGE, Json.parseObject(response.body().getBytes()));
        assertEquals(
                "RequestTooLongException",
                response.headers().firstValue("x-amzn-ErrorType").orElseThrow());
    }

    @Test
    void refusesEventsOverLambdasInvocationLimitWithoutRunningTheFunction() throws Exception {
        TestAccount caller = Accounts.hackClub();
        // 5 MB is under API Gateway's 10 MB, but base64 in the event makes it 6.7 MB: over Lambda's 6 MB.
        HttpResponse<String> response = upload(caller, new byte[5 * 1024 * 1024]);
        assertEquals(413, response.statusCode());
        assertEquals(HACK_CLUB_TOO_LARGE, Json.parseObject(response.body().getBytes()));
        assertEquals(
                "application/json",
                response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(
                "RequestTooLongException",
                response.headers().firstValue("x-amzn-ErrorType").orElseThrow());
        assertEquals(0L, storageUsed(caller));
    }

    @Test
    void deliversEventsWithinLambdasInvocationLimit() throws Exception {
        TestAccount caller = Accounts.hackClub();
        HttpResponse<String> response = upload(caller, new byte[4 * 1024 * 1024]);
        assertEquals(201, response.statusCode(), response.body());
        assertEquals(4L * 1024 * 1024, storageUsed(caller));
    }

    @Test
    void aTakenPortIsABindException() {
        UncheckedIOException e = assertThrows(
                UncheckedIOException.class,
                () -> Gateway.start(LocalAws.shared().template(), TestStack.context(), gateway.port())
                        .close());
        assertInstanceOf(BindException.class, e.getCause());
    }

    @Test
    void aFunctionWhoseHandlerCannotBeCreatedAnswersLikeAFailedLambdaWithoutGatewayResponses(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("template.yaml");
        Files.writeString(file, """
                Resources:
                  MissingFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: nimbus.local.NoSuchHandler::handleRequest
                      Events:
                        Api:
                          Type: Api
                          Properties:
                            Path: /missing/{id}
                            Method: GET
                """);
        try (Gateway broken = Gateway.start(Template.load(file), TestStack.context(), 0)) {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(broken.baseUrl() + "/missing/1"))
                            .build(),
                    BodyHandlers.ofString());
            assertEquals(502, response.statusCode());
            assertEquals(
                    Map.of("message", "Internal server error"),
                    Json.parseObject(response.body().getBytes()));
        }
    }

    @Test
    void eachFunctionGetsItsOwnContextOnItsFirstRequestAndTheGatewayClosesThem() throws Exception {
        TestAccount caller = Accounts.hackClub();
        Map<String, ApplicationContext> started = new ConcurrentHashMap<>();
        Gateway own = Gateway.start(
                LocalAws.shared().template(),
                function -> {
                    ApplicationContext context = TestStack.contextWith();
                    assertNull(started.put(function, context), function + " started twice");
                    return context;
                },
                0);
        try (own) {
            assertEquals(Map.of(), started, "nothing starts before a function is called");
            for (int i = 0; i < 2; i++) {
                for (String path : List.of("/api/v4/me", "/api/v1/user/stats")) {
                    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(own.baseUrl() + path))
                            .header("Authorization", "Bearer " + caller.key()));
                    assertEquals(path.startsWith("/api/v4") ? 200 : 401, response.statusCode(), response.body());
                }
            }
            assertEquals(Set.of("HackClubMeFunction", "AetherUserStatsFunction"), started.keySet());
            ApplicationContext me = started.get("HackClubMeFunction");
            ApplicationContext stats = started.get("AetherUserStatsFunction");
            assertNotSame(me.getBean(Authenticator.class), stats.getBean(Authenticator.class));
            assertEquals(1, me.getBean(Authenticator.class).cachedKeys());
            assertEquals(0, stats.getBean(Authenticator.class).cachedKeys(), "a Hack Club key is not an Aether key");
            assertTrue(me.isRunning() && stats.isRunning());
        }
        assertTrue(started.values().stream().noneMatch(ApplicationContext::isRunning), "closed with the gateway");
    }

    @Test
    void aFunctionsContextIsConfiguredLikeTheParentButHasItsOwnBeans() {
        try (ApplicationContext parent = ApplicationContext.builder()
                        .environments("local-parent")
                        .properties(Map.of("nimbus.test.marker", "from the parent"))
                        .start();
                ApplicationContext function = Gateway.configuredLike(parent)) {
            assertTrue(function.getEnvironment().getActiveNames().contains("local-parent"));
            assertEquals(
                    "from the parent",
                    function.getProperty("nimbus.test.marker", String.class).orElseThrow());
            assertNotSame(parent.getBean(Authenticator.class), function.getBean(Authenticator.class));
        }
    }

    @Test
    void buildsTheProxyEventAsApiGatewayDoes() {
        byte[] body = {0, 1, 2, (byte) 0xff};
        APIGatewayProxyRequestEvent event = Gateway.event(
                "/api/v4/uploads/{id}/rename",
                "PATCH",
                URI.create("/api/v4/uploads/a%20b+c/rename?x=1&x=2&name=caf%C3%A9+au+lait"),
                Map.of("Content-type", List.of("application/octet-stream"), "Accept", List.of("text/plain", "*/*")),
                body,
                "127.0.0.1");

        assertEquals("/api/v4/uploads/{id}/rename", event.getResource());
        assertEquals("/api/v4/uploads/a b+c/rename", event.getPath());
        assertEquals("PATCH", event.getHttpMethod());
        assertEquals(Map.of("id", "a b+c"), event.getPathParameters());
        assertEquals(
                List.of("1", "2"), event.getMultiValueQueryStringParameters().get("x"));
        assertEquals("2", event.getQueryStringParameters().get("x"));
        assertEquals("café au lait", event.getQueryStringParameters().get("name"));
        assertEquals("application/octet-stream", event.getHeaders().get("Content-Type"));
        assertEquals("*/*", event.getHeaders().get("Accept"));
        assertEquals(List.of("text/plain", "*/*"), event.getMultiValueHeaders().get("Accept"));
        assertEquals("127.0.0.1", event.getHeaders().get("X-Forwarded-For"));
        assertTrue(event.getIsBase64Encoded());
        assertArrayEquals(body, Base64.getDecoder().decode(event.getBody()));

        APIGatewayProxyRequestEvent.ProxyRequestContext context = event.getRequestContext();
        assertEquals("/api/v4/uploads/{id}/rename", context.getResourcePath());
        assertEquals("PATCH", context.getHttpMethod());
        assertEquals("local", context.getStage());
        assertEquals("127.0.0.1", context.getIdentity().getSourceIp());
        assertFalse(context.getRequestId().isEmpty());
        assertTrue(context.getRequestTimeEpoch() > 0);
    }

    @Test
    void leavesAbsentPartsNullAsApiGatewayDoes() {
        APIGatewayProxyRequestEvent event =
                Gateway.event("/api/v4/me", "GET", URI.create("/api/v4/me"), Map.of(), new byte[0], "127.0.0.1");
        assertNull(event.getQueryStringParameters());
        assertNull(event.getMultiValueQueryStringParameters());
        assertNull(event.getPathParameters());
        assertNull(event.getBody());
        assertFalse(event.getIsBase64Encoded());
    }

    @Test
    void matchesPathTemplatesSegmentBySegment() {
        assertEquals(Map.of("id", "abc"), Gateway.pathParameters("/api/v4/upload/{id}", "/api/v4/upload/abc"));
        assertEquals(Map.of("id", "a/b"), Gateway.pathParameters("/api/v4/upload/{id}", "/api/v4/upload/a%2Fb"));
        assertNull(Gateway.pathParameters("/api/v4/upload/{id}", "/api/v4/upload/"));
        assertNull(Gateway.pathParameters("/api/v4/upload/{id}", "/api/v4/upload/a/b"));
        assertEquals(Map.of(), Gateway.pathParameters("/api/v4/me", "/api/v4/me"));
    }
}
