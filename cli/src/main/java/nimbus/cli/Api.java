package nimbus.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import nimbus.shared.http.Json;

/**
 * The Nimbus API as the CLI calls it: JSON in and out, the key where its dialect puts it (Hack Club: Bearer; KeyCDN:
 * HTTP Basic user), and a 429 waited out (its Retry-After, at most a minute) rather than failed.
 */
final class Api {
    /** An answer: its status and JSON body (empty when there is none). */
    record Reply(int status, Map<String, Object> json) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> object(String name) {
            return (Map<String, Object>) json.get(name);
        }
    }

    static final class Failed extends RuntimeException {
        Failed(String message) {
            super(message);
        }

        /** Waits for every task; the first failure is rethrown as it was, or as a Failed when it was checked. */
        static void awaitAll(List<? extends Future<?>> tasks) {
            try {
                for (Future<?> task : tasks) task.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r
                        ? r
                        : new Failed(e.getCause().toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Failed("interrupted");
            }
        }
    }

    private final HttpClient http;
    private final String base;
    private final String authorization;

    private Api(HttpClient http, String base, String authorization) {
        this.http = http;
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.authorization = authorization;
    }

    static Api hackClub(HttpClient http, String base, String key) {
        return new Api(http, base, "Bearer " + key);
    }

    static Api keyCdn(HttpClient http, String base, String key) {
        return new Api(
                http,
                base,
                "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8)));
    }

    Reply get(String path) {
        return send("GET", path, null);
    }

    Reply post(String path, Object body) {
        return send("POST", path, body);
    }

    Reply delete(String path) {
        return send("DELETE", path, null);
    }

    static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private Reply send(String method, String path, Object body) {
        for (int attempt = 1; ; attempt++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(60))
                    .header("Authorization", authorization)
                    .header("Accept", "application/json")
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(Json.write(body)));
            if (body != null) request.header("Content-Type", "application/json");
            HttpResponse<byte[]> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                throw new Failed(method + " " + path + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Failed("interrupted");
            }
            if (response.statusCode() == 429 && attempt < 5) {
                long wait = response.headers()
                        .firstValue("Retry-After")
                        .map(Long::parseLong)
                        .orElse(5L);
                sleep(Math.min(60, Math.max(1, wait)));
                continue;
            }
            Map<String, Object> json = response.body().length == 0 ? Map.of() : Json.parseObject(response.body());
            return new Reply(response.statusCode(), json);
        }
    }

    private static void sleep(long seconds) {
        try {
            Thread.sleep(seconds * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failed("interrupted");
        }
    }
}
