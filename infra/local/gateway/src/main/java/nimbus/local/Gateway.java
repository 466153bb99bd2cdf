package nimbus.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent.ProxyRequestContext;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent.RequestIdentity;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertySource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.net.BindException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import nimbus.local.kit.Template;
import nimbus.local.kit.Template.GatewayResponse;
import nimbus.local.kit.Template.Route;
import nimbus.shared.http.Json;
import nimbus.shared.http.ProxyEventJson;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ConnectionStatistics;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local API Gateway (REST API, Lambda proxy integration): serves every route of template.yaml,
 * turns each request into the proxy event API Gateway would send and invokes the function's handler
 * in-process. Each function runs in its own container, as on Lambda: its own application context
 * (so its own key cache and AWS clients) and handler, created on the function's first request (a cold
 * start), kept warm after it and closed with the gateway.
 */
public final class Gateway implements AutoCloseable {
    /** API Gateway's payload limit. */
    static final long MAX_BODY_BYTES = 10L * 1024 * 1024;
    /** Lambda's synchronous invocation limit: in AWS a bigger event never reaches the function. */
    private static final long LAMBDA_PAYLOAD_BYTES = 6L * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    private static final DateTimeFormatter REQUEST_TIME = DateTimeFormatter.ofPattern(
                    "dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private final Server server;
    private final ServerConnector connector;
    private final ConnectionStatistics connections = new ConnectionStatistics();
    /** A started context for a function, by its logical id: called on the function's first request. */
    private final Function<String, ApplicationContext> contexts;
    /** Resource paths, most specific first: a literal segment beats a {param} in the same place. */
    private final List<String> resources;

    private final List<Route> routes;
    /** The template's AWS::ApiGateway::GatewayResponse resources, by REST API, then by ResponseType. */
    private final Map<String, Map<String, GatewayResponse>> gatewayResponses;
    /** The warm container of each function that has been called, by logical id. */
    private final Map<String, Container> containers = new ConcurrentHashMap<>();

    private final ApiDocs docs = new ApiDocs(Template.defaultPath().getParent().resolve("docs/openapi"));
    /** Null unless a test watches: then each answer's headers are collected for it. */
    private static volatile AnswerObserver observer;

    /** Sees each answer to a request that matched a route, as the client gets it: the function's or the gateway's. */
    @FunctionalInterface
    public interface AnswerObserver {
        void answered(
                Route route, String method, String rawPath, int status, Map<String, List<String>> headers, byte[] body);
    }

    /** The end-to-end tests check every answer against its dialect's OpenAPI document through this. */
    public static void observeAnswers(AnswerObserver answers) {
        observer = answers;
    }

    private volatile boolean closed;
    /** The template's SQS event sources (the purge worker), polled while the gateway runs. */
    private QueuePollers pollers;
    /** The template's DynamoDB stream event sources (the edge config publisher), read while the gateway runs. */
    private StreamPollers streamPollers;

    private BucketPollers bucketPollers;

    /** One function's warm container: its own context, and its handler built with it. */
    private record Container(
            ApplicationContext context,
            RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler) {}

    /**
     * An error API Gateway answers itself: the gateway response type it applies, and the status,
     * x-amzn-ErrorType and message it answers with when that type is not customized.
     */
    record GatewayError(String responseType, int status, String errorType, String message) {
        /** No resource matches the path, or the resource has no such method. */
        static final GatewayError MISSING_AUTHENTICATION_TOKEN = new GatewayError(
                "MISSING_AUTHENTICATION_TOKEN",
                403,
                "MissingAuthenticationTokenException",
                "Missing Authentication Token");
        /** A body over API Gateway's 10 MB, or an event over Lambda's 6 MB. */
        static final GatewayError REQUEST_TOO_LARGE =
                new GatewayError("REQUEST_TOO_LARGE", 413, "RequestTooLongException", "Request Too Long");
        /** The function failed or answered no proxy response: no type of its own, DEFAULT_5XX with a 502. */
        static final GatewayError FUNCTION_FAILED = new GatewayError("DEFAULT_5XX", 502, null, "Internal server error");
    }

    /** API Gateway's body for an error type nobody customized. */
    private static final String DEFAULT_ERROR_TEMPLATE = "{\"message\":$context.error.messageString}";
    /** A VTL reference to $context: {@code $context.a.b}, {@code ${context.a.b}}, quiet with {@code $!}. */
    private static final Pattern CONTEXT_REFERENCE =
            Pattern.compile("\\$(!?)(?:\\{context((?:\\.[A-Za-z_]\\w*)+)}|context((?:\\.[A-Za-z_]\\w*)+))");

    private Gateway(
            Function<String, ApplicationContext> contexts,
            List<Route> routes,
            Map<String, Map<String, GatewayResponse>> gatewayResponses,
            int port) {
        this.contexts = contexts;
        this.routes = routes;
        gatewayResponses.values().forEach(byType -> byType.values().forEach(Gateway::checkStatusCode));
        this.gatewayResponses = Map.copyOf(gatewayResponses);
        this.resources = routes.stream()
                .map(Route::path)
                .distinct()
                .sorted(Comparator.comparing(Gateway::specificity))
                .toList();

        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("gateway");
        threads.setDaemon(true);
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        // The JDK server took headers far beyond Jetty's 8 KiB default.
        http.setRequestHeaderSize(64 * 1024);
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http) {
            @Override
            public Connection newConnection(Connector connector, EndPoint endPoint) {
                RawTargetConnection connection = new RawTargetConnection(getHttpConfiguration(), connector, endPoint);
                connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
                return configure(connection, connector, endPoint);
            }
        });
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        // Without it a kept-alive client waits ~40 ms per response (Nagle against delayed ACK).
        connector.setAcceptedTcpNoDelay(true);
        connector.addBean(connections);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                serve(request, response, callback);
                return true;
            }
        });
    }

    /**
     * Serves on 127.0.0.1:port (0 for a free one), each function in its own new context configured
     * like {@code parent} (its environments and property sources; the NIMBUS_ and AWS settings are the
     * JVM's anyway). {@code parent}'s beans stay its own: a function sees neither its singletons nor its
     * key cache. A taken port is an UncheckedIOException caused by a {@link java.net.BindException}.
     */
    public static Gateway start(Template template, ApplicationContext parent, int port) {
        return start(template, functionName -> configuredLike(parent), port);
    }

    /**
     * Serves on 127.0.0.1:port (0 for a free one). {@code contexts} starts a function's context, given
     * its logical id, on the function's first request: a new one per function, as each Lambda function
     * has its own containers (a test adds its singletons here, a clock or an SDK interceptor, with
     * {@code TestStack.containersWith}). The gateway closes each when it closes. A taken port is an
     * UncheckedIOException caused by a {@link java.net.BindException}.
     */
    public static Gateway start(Template template, Function<String, ApplicationContext> contexts, int port) {
        Gateway gateway = new Gateway(contexts, template.routes(), template.gatewayResponses(), port);
        try {
            gateway.server.start();
        } catch (Exception e) {
            gateway.close();
            Throwable cause = e; // Jetty wraps the BindException
            while (!(cause instanceof BindException) && cause.getCause() != null) cause = cause.getCause();
            throw new UncheckedIOException(
                    "cannot listen on 127.0.0.1:" + port,
                    cause instanceof BindException bind ? bind : new IOException(e));
        }
        gateway.pollers = QueuePollers.start(template, contexts);
        gateway.streamPollers = StreamPollers.start(template, contexts);
        gateway.bucketPollers = BucketPollers.start(template, contexts);
        return gateway;
    }

    public int port() {
        return connector.getLocalPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** Connections accepted so far: how a test sees that keep-alive reused one. */
    long connectionsAccepted() {
        return connections.getConnectionsTotal();
    }

    /** Stops serving, then closes every function's context. */
    @Override
    public void close() {
        closed = true;
        if (pollers != null) pollers.close();
        if (streamPollers != null) streamPollers.close();
        if (bucketPollers != null) bucketPollers.close();
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("gateway did not stop cleanly", e);
        }
        containers.keySet().forEach(name -> retire(name, containers.get(name)));
    }

    /** A new context with {@code parent}'s environments and property sources, lazy like every context here. */
    static ApplicationContext configuredLike(ApplicationContext parent) {
        Environment environment = parent.getEnvironment();
        return ApplicationContext.builder()
                .environments(environment.getActiveNames().toArray(String[]::new))
                .deduceEnvironment(false)
                .propertySources(environment.getPropertySources().toArray(PropertySource[]::new))
                .banner(false)
                .start();
    }

    private void serve(Request request, Response response, Callback callback) {
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        String target = ((RawTargetConnection) request.getConnectionMetaData().getConnection()).target;
        try {
            String requestId = UUID.randomUUID().toString();
            response.getHeaders().put("x-amzn-RequestId", requestId);
            URI uri = new URI(target);
            // $context.path as requested, percent-encoding kept: a decoded %22 would break a JSON template
            String path = uri.getRawPath();
            if (ApiDocs.isDocs(path)) {
                drain(request);
                docs.serve(method, path, response, callback);
                return;
            }
            Route route = route(method, path);
            if (route == null) {
                drain(request);
                error(request, response, callback, GatewayError.MISSING_AUTHENTICATION_TOKEN, requestId, path, null);
                return;
            }
            byte[] body = readBody(request);
            if (body == null) {
                error(request, response, callback, GatewayError.REQUEST_TOO_LARGE, requestId, path, route);
                return;
            }
            APIGatewayProxyRequestEvent event = event(
                    route.path(), method, uri, headers(request.getHeaders()), body, Request.getRemoteAddr(request));
            event.getRequestContext().setRequestId(requestId);
            if (invocationBytes(event) > LAMBDA_PAYLOAD_BYTES) {
                error(request, response, callback, GatewayError.REQUEST_TOO_LARGE, requestId, path, route);
                return;
            }
            APIGatewayProxyResponseEvent answer;
            try {
                answer = handler(route).handleRequest(event, null);
            } catch (RuntimeException | LinkageError e) {
                LOG.error(
                        "{} ({}) failed on {} {}",
                        route.functionName(),
                        route.handlerClass(),
                        method,
                        event.getPath(),
                        e);
                error(request, response, callback, GatewayError.FUNCTION_FAILED, requestId, path, route);
                return;
            }
            if (answer == null || answer.getStatusCode() == null) {
                LOG.error("{} returned a malformed proxy response (no statusCode)", route.functionName());
                error(request, response, callback, GatewayError.FUNCTION_FAILED, requestId, path, route);
                return;
            }
            write(response, callback, method, answer, route, path);
        } catch (URISyntaxException e) {
            // Jetty's own refusal, not a gateway response: API Gateway never sees such a target
            response.setStatus(400);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            Content.Sink.write(response, true, "{\"message\":\"Bad Request\"}", callback);
        } catch (IOException | RuntimeException e) {
            LOG.warn("gateway failed on {} {}", method, target, e);
            callback.failed(e);
        }
    }

    /**
     * Keeps each request's target as the client sent it and hands Jetty "/". Jetty vets targets for a
     * file server's sake: whatever its UriCompliance it answers 400 to an encoded NUL or to dot
     * segments above the root, which API Gateway routes like any other path.
     */
    private static final class RawTargetConnection extends HttpConnection {
        /** The current request's: an HTTP/1.1 connection serves one request at a time. */
        private volatile String target;

        RawTargetConnection(HttpConfiguration config, Connector connector, EndPoint endPoint) {
            super(config, connector, endPoint);
        }

        @Override
        protected HttpStreamOverHTTP1 newHttpStream(String method, String uri, HttpVersion version) {
            target = uri;
            return super.newHttpStream(method, "/", version);
        }
    }

    /** API Gateway picks the resource first, then the method: a known path with another method is a 403 too. */
    private Route route(String method, String rawPath) {
        for (String resource : resources) {
            if (pathParameters(resource, rawPath) == null) continue;
            return routes.stream()
                    .filter(r -> r.path().equals(resource)
                            && (r.method().equals(method) || r.method().equals("ANY")))
                    .findFirst()
                    .orElse(null);
        }
        return null;
    }

    /** The function's warm handler, after a cold start on its first request. */
    private RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler(Route route) {
        Container container = containers.computeIfAbsent(route.functionName(), name -> coldStart(name, route));
        // a cold start that raced close() is closed here, since close() may not have seen it
        if (closed) retire(route.functionName(), container);
        return container.handler();
    }

    /** Any Lambda handler of proxy events with a constructor taking a context, as every ApiFunction has. */
    @SuppressWarnings("unchecked")
    private Container coldStart(String name, Route route) {
        if (closed) throw new IllegalStateException("the gateway is closed");
        Constructor<?> constructor;
        try {
            constructor = Class.forName(route.handlerClass()).getConstructor(ApplicationContext.class);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create handler " + route.handlerClass() + " of " + name, e);
        }
        ApplicationContext context = contexts.apply(name);
        try {
            return new Container(context, (RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>)
                    constructor.newInstance(context));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            context.close();
            throw new IllegalStateException("cannot create handler " + route.handlerClass() + " of " + name, e);
        }
    }

    /** Closes a function's context once, whoever gets here first (close() or a racing cold start). */
    private void retire(String name, Container container) {
        if (container == null || !containers.remove(name, container)) return;
        try {
            container.context().close();
        } catch (RuntimeException e) {
            LOG.warn("the context of {} did not close cleanly", name, e);
        }
    }

    /** The request body, or null when it is over the limit (then the rest is read and dropped: never more than the limit held). */
    private static byte[] readBody(Request request) throws IOException {
        if (request.getLength() > MAX_BODY_BYTES) {
            drain(request);
            return null;
        }
        InputStream in = Content.Source.asInputStream(request);
        byte[] body = in.readNBytes((int) MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            drain(request);
            return null;
        }
        return body;
    }

    /** Reading what the client sends before answering lets it see the answer instead of a reset connection. */
    private static void drain(Request request) throws IOException {
        Content.Source.consumeAll(request);
    }

    /** Request headers by name, in the canonical case {@link #event} gives them. */
    private static Map<String, List<String>> headers(HttpFields fields) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpField field : fields) {
            headers.computeIfAbsent(canonical(field.getName()), k -> new ArrayList<>())
                    .add(field.getValue());
        }
        return headers;
    }

    /**
     * The invocation payload's size as Lambda counts it: the event's JSON. The base64 body, which JSON
     * never escapes, is counted instead of copied into a second multi-megabyte string.
     */
    private static long invocationBytes(APIGatewayProxyRequestEvent event) {
        String body = event.getBody();
        event.setBody(null);
        try {
            return Json.write(ProxyEventJson.request(event)).length
                    + (body == null ? 0 : body.length() + ",\"body\":\"\"".length());
        } finally {
            event.setBody(body);
        }
    }

    /** The proxy event exactly as API Gateway's REST proxy integration builds it. */
    static APIGatewayProxyRequestEvent event(
            String resource,
            String method,
            URI uri,
            Map<String, List<String>> requestHeaders,
            byte[] body,
            String sourceIp) {
        Map<String, List<String>> multiHeaders = new LinkedHashMap<>();
        requestHeaders.forEach((name, values) -> multiHeaders.put(canonical(name), new ArrayList<>(values)));
        // API Gateway appends the caller's address to X-Forwarded-For and says which scheme it was called with.
        List<String> forwarded = multiHeaders.computeIfAbsent("X-Forwarded-For", k -> new ArrayList<>());
        if (forwarded.isEmpty()) forwarded.add(sourceIp);
        else forwarded.set(forwarded.size() - 1, forwarded.get(forwarded.size() - 1) + ", " + sourceIp);
        multiHeaders.putIfAbsent("X-Forwarded-Proto", new ArrayList<>(List.of("http")));
        Map<String, String> headers = new LinkedHashMap<>();
        multiHeaders.forEach(
                (name, values) -> headers.put(name, values.isEmpty() ? "" : values.get(values.size() - 1)));

        Map<String, List<String>> multiQuery = queryParameters(uri.getRawQuery());
        Map<String, String> query = multiQuery == null
                ? null
                : multiQuery.entrySet().stream()
                        .collect(Collectors.toMap(
                                Map.Entry::getKey,
                                e -> e.getValue().get(e.getValue().size() - 1),
                                (a, b) -> b,
                                LinkedHashMap::new));
        Map<String, String> pathParameters = pathParameters(resource, uri.getRawPath());
        String path = decodePath(uri.getRawPath());
        long now = System.currentTimeMillis();

        RequestIdentity identity = new RequestIdentity();
        identity.setSourceIp(sourceIp);
        identity.setUserAgent(headers.get("User-Agent"));
        ProxyRequestContext requestContext = new ProxyRequestContext();
        requestContext.setRequestId(UUID.randomUUID().toString());
        requestContext.setAccountId("000000000000");
        requestContext.setApiId("local");
        requestContext.setStage("local");
        requestContext.setResourcePath(resource);
        requestContext.setHttpMethod(method);
        requestContext.setPath(path);
        requestContext.setProtocol("HTTP/1.1");
        requestContext.setRequestTimeEpoch(now);
        requestContext.setRequestTime(REQUEST_TIME.format(Instant.ofEpochMilli(now)));
        requestContext.setDomainName(headers.get("Host"));
        requestContext.setIdentity(identity);

        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                .withResource(resource)
                .withPath(path)
                .withHttpMethod(method)
                .withHeaders(headers)
                .withMultiValueHeaders(multiHeaders)
                .withQueryStringParameters(query)
                .withMultiValueQueryStringParameters(multiQuery)
                .withPathParameters(pathParameters == null || pathParameters.isEmpty() ? null : pathParameters)
                .withRequestContext(requestContext);
        // BinaryMediaTypes is */*: every body is binary, so every body arrives base64-encoded.
        if (body.length > 0) {
            event.setBody(Base64.getEncoder().encodeToString(body));
            event.setIsBase64Encoded(true);
        } else {
            event.setIsBase64Encoded(false);
        }
        return event;
    }

    /** The decoded {name} segments when rawPath matches the resource template, else null. */
    static Map<String, String> pathParameters(String resource, String rawPath) {
        String[] template = resource.split("/", -1);
        String[] actual = rawPath.split("/", -1);
        if (template.length != actual.length) return null;
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < template.length; i++) {
            String segment = decodePath(actual[i]);
            if (template[i].startsWith("{") && template[i].endsWith("}")) {
                if (segment.isEmpty()) return null;
                params.put(template[i].substring(1, template[i].length() - 1), segment);
            } else if (!template[i].equals(segment)) {
                return null;
            }
        }
        return params;
    }

    /** Null when there is no query string, as API Gateway sends it. */
    private static Map<String, List<String>> queryParameters(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) return null;
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return params.isEmpty() ? null : params;
    }

    /** Percent-decoding for a path: unlike a query, '+' is a plus. */
    private static String decodePath(String raw) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return raw;
        }
    }

    /** Request header names as the handlers look them up: Content-Type, whatever case the client sent. */
    private static String canonical(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean upper = true;
        for (char c : name.toCharArray()) {
            out.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return out.toString();
    }

    /** "0" per literal segment, "1" per {param}: sorts the more specific of two same-length paths first. */
    private static String specificity(String resource) {
        return Arrays.stream(resource.split("/"))
                .map(s -> s.startsWith("{") ? "1" : "0")
                .collect(Collectors.joining());
    }

    /** Header names go out as the handler spelled them (Jetty writes only its known headers, Content-Type say, its own way). */
    private static void write(
            Response response,
            Callback callback,
            String method,
            APIGatewayProxyResponseEvent answer,
            Route route,
            String path) {
        HttpFields.Mutable out = response.getHeaders();
        if (answer.getMultiValueHeaders() != null) {
            answer.getMultiValueHeaders()
                    .forEach((name, values) ->
                            values.stream().filter(Objects::nonNull).forEach(v -> out.add(name, v)));
        }
        if (answer.getHeaders() != null) {
            answer.getHeaders().forEach((name, value) -> {
                if (value != null && !out.getValuesList(name).contains(value)) out.add(name, value);
            });
        }
        if (!out.contains(HttpHeader.CONTENT_TYPE)) out.put(HttpHeader.CONTENT_TYPE, "application/json");
        String body = answer.getBody();
        byte[] bytes = body == null
                ? new byte[0]
                : Boolean.TRUE.equals(answer.getIsBase64Encoded())
                        ? Base64.getMimeDecoder().decode(body)
                        : body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(answer.getStatusCode());
        AnswerObserver watching = observer;
        if (watching != null) watching.answered(route, method, path, answer.getStatusCode(), headers(out), bytes);
        if (method.equals("HEAD")) {
            // a handler's Content-Length stays: it is the GET's
            response.write(true, null, callback);
            return;
        }
        out.remove(HttpHeader.CONTENT_LENGTH); // Jetty sets the length of what it sends
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    /**
     * Answers one of API Gateway's own errors as a deployed API does: with the template's gateway response
     * of the error's type, else its DEFAULT_4XX or DEFAULT_5XX, else API Gateway's default body. A
     * response's StatusCode replaces the error's status; its application/json template (else its first)
     * is the body, with the $context variables API Gateway fills in. The responses are those of the route's REST
     * API; with no route, of the API a deployed client would have called (see {@link #apiOf}).
     */
    private void error(
            Request request,
            Response response,
            Callback callback,
            GatewayError error,
            String requestId,
            String path,
            Route route) {
        GatewayResponse custom = gatewayResponse(error, route == null ? apiOf(path) : route.api());
        int status = custom == null
                ? error.status()
                : custom.statusCode().map(Integer::parseInt).orElse(error.status());
        String contentType = "application/json";
        String template = DEFAULT_ERROR_TEMPLATE;
        if (custom != null && !custom.responseTemplates().isEmpty()) {
            Map<String, String> templates = custom.responseTemplates();
            contentType = templates.containsKey(contentType)
                    ? contentType
                    : templates.keySet().iterator().next();
            template = templates.get(contentType);
        }
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        Map<String, String> context = new LinkedHashMap<>();
        context.put("error.message", error.message());
        context.put("error.messageString", jsonString(error.message()));
        context.put("error.responseType", error.responseType());
        context.put("httpMethod", method);
        context.put("path", path);
        context.put("requestId", requestId);
        context.put("stage", "local");

        HttpFields.Mutable headers = response.getHeaders();
        if (custom != null) {
            custom.responseParameters().forEach((name, value) -> {
                if (!name.startsWith("gatewayresponse.header.")) return;
                String header = name.substring("gatewayresponse.header.".length());
                String resolved = parameterValue(value, request);
                if (resolved != null) headers.put(header, resolved);
            });
        }
        response.setStatus(status);
        headers.put(HttpHeader.CONTENT_TYPE, contentType);
        if (error.errorType() != null) headers.put("x-amzn-ErrorType", error.errorType());
        headers.put("x-amzn-RequestId", requestId);
        String body = render(template, context);
        AnswerObserver watching = observer;
        if (watching != null && route != null) {
            watching.answered(route, method, path, status, headers(headers), body.getBytes(StandardCharsets.UTF_8));
        }
        Content.Sink.write(response, true, body, callback);
    }

    /** The error's own type if the API customizes it, else DEFAULT_4XX / DEFAULT_5XX, else null. */
    private GatewayResponse gatewayResponse(GatewayError error, String api) {
        Map<String, GatewayResponse> responses = gatewayResponses.getOrDefault(api, Map.of());
        GatewayResponse own = responses.get(error.responseType());
        if (own != null) return own;
        return responses.get(error.status() >= 500 ? "DEFAULT_5XX" : "DEFAULT_4XX");
    }

    /**
     * The REST API a path that matches no route belongs to. On AWS each API has its own URL, so the URL says; here
     * one port serves them all, so it is the API of the route sharing the most leading path segments with the path
     * (the first in template order on a tie): /api/v4/nothing is Hack Club's, /zones/x/y KeyCDN's.
     */
    private String apiOf(String path) {
        String[] segments = path.split("/");
        String best = "";
        int bestShared = -1;
        for (Route route : routes) {
            String[] other = route.path().split("/");
            int shared = 0;
            while (shared < segments.length
                    && shared < other.length
                    && (segments[shared].equals(other[shared]) || other[shared].startsWith("{"))) {
                shared++;
            }
            if (shared > bestShared) {
                bestShared = shared;
                best = route.api();
            }
        }
        return best;
    }

    /** A response parameter's value: a 'quoted literal', or a header of the request; null for anything else. */
    private static String parameterValue(String value, Request request) {
        if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
            return value.substring(1, value.length() - 1);
        }
        if (value.startsWith("method.request.header.")) {
            return request.getHeaders().get(value.substring("method.request.header.".length()));
        }
        return null;
    }

    /**
     * Fills in a gateway response template's $context references, unescaped as VTL does; an unknown
     * reference stays as written (a quiet {@code $!} one renders nothing).
     */
    static String render(String template, Map<String, String> context) {
        Matcher m = CONTEXT_REFERENCE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = (m.group(2) != null ? m.group(2) : m.group(3)).substring(1);
            String value = context.get(name);
            String replacement = value != null ? value : m.group(1).isEmpty() ? m.group() : "";
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** $context.error.messageString: the message as a JSON string, quotes included. */
    static String jsonString(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        return out.append('"').toString();
    }

    /** A gateway response's StatusCode must be an HTTP status: a template with another fails at start, not per request. */
    private static void checkStatusCode(GatewayResponse response) {
        response.statusCode().ifPresent(code -> {
            try {
                int status = Integer.parseInt(code);
                if (status >= 100 && status <= 599) return;
            } catch (NumberFormatException notANumber) {
                // reported below
            }
            throw new IllegalArgumentException(
                    response.logicalId() + ": StatusCode " + code + " is not an HTTP status");
        });
    }
}
