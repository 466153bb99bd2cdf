package nimbus.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * One dialect's API: its base URL and the caller's key in the dialect's header. A 429 is waited out (its
 * {@code Retry-After}), a 502/503/504 or a broken connection is tried again a few times; any other error is a
 * {@link CliError} with the dialect's own words ({@code description}, {@code message} or {@code error}).
 */
final class Api {
    private static final int MAX_WAITS = 30;
    private static final int MAX_RETRIES = 4;

    final HttpClient http;
    private final String base;
    private final String authorization;
    private final PrintStream err;

    Api(HttpClient http, String base, String authorization, PrintStream err) {
        this.http = http;
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.authorization = authorization;
        this.err = err;
    }

    static String bearer(String key) {
        return "Bearer " + key;
    }

    /** KeyCDN: HTTP Basic with the key as the user and an empty password ({@code curl -u KEY:}). */
    static String basic(String key) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
    }

    /** The answer's JSON object; a status outside 2xx is a {@link CliError} carrying it. */
    Map<String, Object> call(String method, String path, Object body) {
        HttpResponse<String> response = send(method, path, body);
        Map<String, Object> json;
        try {
            json = Json.object(response.body());
        } catch (IllegalArgumentException e) {
            throw new CliError(
                    method + " " + path + " answered " + response.statusCode() + " without JSON",
                    1,
                    response.statusCode());
        }
        if (response.statusCode() / 100 != 2) {
            throw new CliError(
                    method + " " + path + ": " + response.statusCode() + " " + message(json), 1, response.statusCode());
        }
        return json;
    }

    /** The raw answer body of a 2xx (what {@code upload} prints). */
    String callRaw(String method, String path, Object body) {
        HttpResponse<String> response = send(method, path, body);
        if (response.statusCode() / 100 != 2) {
            String why;
            try {
                why = message(Json.object(response.body()));
            } catch (IllegalArgumentException e) {
                why = response.body();
            }
            throw new CliError(
                    method + " " + path + ": " + response.statusCode() + " " + why, 1, response.statusCode());
        }
        return response.body();
    }

    private HttpResponse<String> send(String method, String path, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", authorization)
                .header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(Json.write(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        int waits = 0;
        int retries = 0;
        while (true) {
            HttpResponse<String> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (++retries > MAX_RETRIES) throw new CliError(method + " " + path + ": " + e);
                pause(500L << retries);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliError("interrupted", 130, 0);
            }
            int status = response.statusCode();
            if (status == 429 && ++waits <= MAX_WAITS) {
                long seconds = response.headers()
                        .firstValue("Retry-After")
                        .map(Api::seconds)
                        .orElse(1L);
                err.println("\nnimbus: rate limited, waiting " + seconds + " s");
                pause(seconds * 1000);
                continue;
            }
            if ((status == 502 || status == 503 || status == 504) && ++retries <= MAX_RETRIES) {
                pause(500L << retries);
                continue;
            }
            return response;
        }
    }

    static String message(Map<String, Object> json) {
        for (String field : new String[] {"description", "message", "error"}) {
            Object value = json.get(field);
            if (value instanceof String s && !s.isBlank()) return s;
            if (value instanceof Map<?, ?> m && m.get("message") instanceof String s) return s; // Aether
        }
        return Json.write(json);
    }

    private static long seconds(String value) {
        try {
            return Math.max(1, Math.min(120, Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliError("interrupted", 130, 0);
        }
    }
}
