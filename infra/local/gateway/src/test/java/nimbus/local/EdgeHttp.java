package nimbus.local;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import nimbus.local.kit.LocalEdge;

/**
 * GETs to the local edge with a chosen Host header (the edge picks the zone or the files host by it; the surefire
 * configuration lets java.net.http set Host), for the end-to-end tests.
 */
final class EdgeHttp {
    private static final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final Duration DEADLINE = Duration.ofSeconds(60);

    private final LocalEdge edge;

    EdgeHttp(LocalEdge edge) {
        this.edge = edge;
    }

    record Reply(int status, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String xCache() {
            return header("X-Cache");
        }
    }

    /** A GET to the edge with this Host header and these other headers (name, value, ...). */
    Reply get(String host, String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(edge.url() + pathAndQuery)).header("Host", host);
        for (int i = 0; i < headers.length; i += 2) request.header(headers[i], headers[i + 1]);
        var response = http.send(request.build(), BodyHandlers.ofByteArray());
        return new Reply(response.statusCode(), response.headers().map(), response.body());
    }

    /** GETs until the reply is {@code done} (zone config reaches the edge after a short delay), within DEADLINE. */
    Reply await(String what, Predicate<Reply> done, String host, String path, String... headers) throws Exception {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (true) {
            Reply reply = get(host, path, headers);
            if (done.test(reply)) return reply;
            assertTrue(
                    Instant.now().isBefore(deadline),
                    what + " within " + DEADLINE + "; last " + reply.status() + " " + reply.text());
            Thread.sleep(100);
        }
    }
}
