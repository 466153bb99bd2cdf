package nimbus.local;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A pull zone's origin for the edge tests, on 127.0.0.1: answers every path with {@code origin says <path>} as
 * cacheable CSS (10 minutes), and records what each request carried (path, Host, X-Pull).
 */
final class TestOrigin implements AutoCloseable {
    private final HttpServer server;
    final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();

    TestOrigin() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            requests.add(Map.of(
                    "path", exchange.getRequestURI().getRawPath(),
                    "host", String.valueOf(exchange.getRequestHeaders().getFirst("Host")),
                    "x-pull", String.valueOf(exchange.getRequestHeaders().getFirst("X-Pull"))));
            byte[] body = ("origin says " + exchange.getRequestURI().getRawPath()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/css");
            exchange.getResponseHeaders().add("Cache-Control", "max-age=600");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
