package nimbus.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent.ProxyRequestContext;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent.RequestIdentity;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import nimbus.local.kit.Template;
import nimbus.local.kit.Template.Route;
import nimbus.shared.http.ApiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local API Gateway (REST API, Lambda proxy integration): serves every route of template.yaml,
 * turns each request into the proxy event API Gateway would send and invokes the function's handler
 * in-process, one warm instance per function, created on its first request.
 */
public final class Gateway implements AutoCloseable {
    /** API Gateway's payload limit. */
    static final long MAX_BODY_BYTES = 10L * 1024 * 1024;
    /** Lambda's synchronous invocation limit: in AWS a bigger event never reaches the function. */
    private static final long LAMBDA_PAYLOAD_BYTES = 6L * 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final HttpServer server;
    private final ExecutorService executor;
    private final ApplicationContext context;
    /** Resource paths, most specific first: a literal segment beats a {param} in the same place. */
    private final List<String> resources;
    private final List<Route> routes;
    private final Map<String, ApiFunction> warm = new ConcurrentHashMap<>();

    private Gateway(HttpServer server, ExecutorService executor, ApplicationContext context, List<Route> routes) {
        this.server = server;
        this.executor = executor;
        this.context = context;
        this.routes = routes;
        this.resources = routes.stream().map(Route::path).distinct()
                .sorted(Comparator.comparing(Gateway::specificity)).toList();
    }

    /**
     * Serves on 127.0.0.1:port (0 for a free one). A taken port is an UncheckedIOException caused by
     * a {@link java.net.BindException}.
     */
    public static Gateway start(Template template, ApplicationContext context, int port) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "gateway-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Gateway gateway = new Gateway(server, executor, context, template.routes());
        server.createContext("/", gateway::serve);
        server.setExecutor(executor);
        server.start();
        return gateway;
    }

    public int port() { return server.getAddress().getPort(); }

    public String baseUrl() { return "http://127.0.0.1:" + port(); }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String requestId = UUID.randomUUID().toString();
            exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
            Route route = route(method, exchange.getRequestURI().getRawPath());
            if (route == null) {
                drain(exchange.getRequestBody());
                error(exchange, 403, "MissingAuthenticationTokenException", "Missing Authentication Token");
                return;
            }
            byte[] body = readBody(exchange);
            if (body == null) {
                error(exchange, 413, "RequestTooLongException", "Request Too Long");
                return;
            }
            APIGatewayProxyRequestEvent event = event(route.path(), method, exchange.getRequestURI(),
                    exchange.getRequestHeaders(), body, exchange.getRemoteAddress().getAddress().getHostAddress());
            event.getRequestContext().setRequestId(requestId);
            if (body.length * 4L / 3 > LAMBDA_PAYLOAD_BYTES) {
                LOG.warn("{} {}: a {}-byte body exceeds Lambda's 6 MB invocation payload once base64-encoded; "
                        + "AWS would not deliver it", method, event.getPath(), body.length);
            }
            APIGatewayProxyResponseEvent response;
            try {
                response = handler(route).handleRequest(event, null);
            } catch (RuntimeException | LinkageError e) {
                LOG.error("{} ({}) failed on {} {}", route.functionName(), route.handlerClass(), method, event.getPath(), e);
                error(exchange, 502, null, "Internal server error");
                return;
            }
            if (response == null || response.getStatusCode() == null) {
                LOG.error("{} returned a malformed proxy response (no statusCode)", route.functionName());
                error(exchange, 502, null, "Internal server error");
                return;
            }
            write(exchange, method, response);
        } catch (IOException | RuntimeException e) {
            LOG.warn("gateway failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
        }
    }

    /** API Gateway picks the resource first, then the method: a known path with another method is a 403 too. */
    private Route route(String method, String rawPath) {
        for (String resource : resources) {
            if (pathParameters(resource, rawPath) == null) continue;
            return routes.stream()
                    .filter(r -> r.path().equals(resource) && (r.method().equals(method) || r.method().equals("ANY")))
                    .findFirst().orElse(null);
        }
        return null;
    }

    private ApiFunction handler(Route route) {
        return warm.computeIfAbsent(route.functionName(), name -> {
            try {
                return (ApiFunction) Class.forName(route.handlerClass())
                        .getConstructor(ApplicationContext.class).newInstance(context);
            } catch (ReflectiveOperationException | ClassCastException e) {
                throw new IllegalStateException("cannot create handler " + route.handlerClass() + " of " + name, e);
            }
        });
    }

    /** The request body, or null when it is over the limit (then the rest is read and dropped: never more than the limit held). */
    private static byte[] readBody(HttpExchange exchange) throws IOException {
        InputStream in = exchange.getRequestBody();
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null && parseLong(declared) > MAX_BODY_BYTES) {
            drain(in);
            return null;
        }
        byte[] body = in.readNBytes((int) MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            drain(in);
            return null;
        }
        return body;
    }

    /** Reading what the client sends before answering lets it see the answer instead of a reset connection. */
    private static void drain(InputStream in) throws IOException {
        in.transferTo(OutputStream.nullOutputStream());
    }

    private static long parseLong(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The proxy event exactly as API Gateway's REST proxy integration builds it. */
    static APIGatewayProxyRequestEvent event(String resource, String method, URI uri,
                                             Map<String, List<String>> requestHeaders, byte[] body, String sourceIp) {
        Map<String, List<String>> multiHeaders = new LinkedHashMap<>();
        requestHeaders.forEach((name, values) -> multiHeaders.put(canonical(name), new ArrayList<>(values)));
        // API Gateway appends the caller's address to X-Forwarded-For and says which scheme it was called with.
        List<String> forwarded = multiHeaders.computeIfAbsent("X-Forwarded-For", k -> new ArrayList<>());
        if (forwarded.isEmpty()) forwarded.add(sourceIp);
        else forwarded.set(forwarded.size() - 1, forwarded.get(forwarded.size() - 1) + ", " + sourceIp);
        multiHeaders.putIfAbsent("X-Forwarded-Proto", new ArrayList<>(List.of("http")));
        Map<String, String> headers = new LinkedHashMap<>();
        multiHeaders.forEach((name, values) -> headers.put(name, values.isEmpty() ? "" : values.get(values.size() - 1)));

        Map<String, List<String>> multiQuery = queryParameters(uri.getRawQuery());
        Map<String, String> query = multiQuery == null ? null : multiQuery.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get(e.getValue().size() - 1),
                        (a, b) -> b, LinkedHashMap::new));
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

    /** The JDK server lower-cases header names after the first letter; clients mostly send Content-Type. */
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
        return Arrays.stream(resource.split("/")).map(s -> s.startsWith("{") ? "1" : "0").collect(Collectors.joining());
    }

    private static void write(HttpExchange exchange, String method, APIGatewayProxyResponseEvent response) throws IOException {
        Headers out = exchange.getResponseHeaders();
        if (response.getMultiValueHeaders() != null) {
            response.getMultiValueHeaders().forEach((name, values) -> values.stream().filter(Objects::nonNull).forEach(v -> out.add(name, v)));
        }
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((name, value) -> {
                List<String> present = out.get(name);
                if (value != null && (present == null || !present.contains(value))) out.add(name, value);
            });
        }
        if (!out.containsKey("Content-Type")) out.set("Content-Type", "application/json");
        String body = response.getBody();
        byte[] bytes = body == null ? new byte[0]
                : Boolean.TRUE.equals(response.getIsBase64Encoded()) ? Base64.getMimeDecoder().decode(body)
                : body.getBytes(StandardCharsets.UTF_8);
        boolean noBody = bytes.length == 0 || method.equals("HEAD");
        exchange.sendResponseHeaders(response.getStatusCode(), noBody ? -1 : bytes.length);
        if (!noBody) exchange.getResponseBody().write(bytes);
    }

    private static void error(HttpExchange exchange, int status, String errorType, String message) throws IOException {
        byte[] body = ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (errorType != null) exchange.getResponseHeaders().set("x-amzn-ErrorType", errorType);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }
}
