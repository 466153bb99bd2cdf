package nimbus.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Each dialect's OpenAPI document (docs/openapi/DIALECT.yaml) at /_docs/openapi/DIALECT.yaml, and a browsable
 * reference of them all (Swagger UI, from its webjar) at /_docs/. Local only: a deployed API serves its dialect alone.
 */
final class ApiDocs {
    static final String PREFIX = "/_docs";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Map<String, String> TYPES = Map.of(
            "js", "application/javascript",
            "css", "text/css",
            "png", "image/png",
            "html", "text/html; charset=utf-8",
            "map", "application/json",
            "yaml", "application/yaml");
    private static final Map<String, String> TITLES =
            Map.of("hackclub", "Hack Club", "aether", "AetherCDN", "keycdn", "KeyCDN", "rescdn", "ResCDN");

    private final Path documents;
    private final String swaggerUi;

    ApiDocs(Path documents) {
        this.documents = documents;
        this.swaggerUi = "META-INF/resources/webjars/swagger-ui/" + webjarVersion() + "/";
    }

    static boolean isDocs(String path) {
        return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
    }

    void serve(String method, String path, Response response, Callback callback) throws IOException {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            answer(response, callback, 405, "text/plain", "GET only\n".getBytes(StandardCharsets.UTF_8));
        } else if (path.equals(PREFIX)) {
            response.getHeaders().put(HttpHeader.LOCATION, PREFIX + "/");
            answer(response, callback, 301, "text/plain", new byte[0]);
        } else if (path.equals(PREFIX + "/")) {
            answer(response, callback, 200, TYPES.get("html"), index().getBytes(StandardCharsets.UTF_8));
        } else if (path.startsWith(PREFIX + "/openapi/") && named(path, PREFIX + "/openapi/")) {
            Path file = documents.resolve(path.substring((PREFIX + "/openapi/").length()));
            if (Files.isRegularFile(file)) {
                answer(response, callback, 200, TYPES.get("yaml"), Files.readAllBytes(file));
            } else {
                notFound(response, callback);
            }
        } else if (path.startsWith(PREFIX + "/ui/") && named(path, PREFIX + "/ui/")) {
            String file = path.substring((PREFIX + "/ui/").length());
            try (InputStream in = ApiDocs.class.getClassLoader().getResourceAsStream(swaggerUi + file)) {
                if (in == null) {
                    notFound(response, callback);
                } else {
                    String extension = file.substring(file.lastIndexOf('.') + 1);
                    answer(
                            response,
                            callback,
                            200,
                            TYPES.getOrDefault(extension, "application/octet-stream"),
                            in.readAllBytes());
                }
            }
        } else {
            notFound(response, callback);
        }
    }

    /** The dialect documents there are, named for the reference's picker. */
    List<String> documents() throws IOException {
        if (!Files.isDirectory(documents)) return List.of();
        try (Stream<Path> files = Files.list(documents)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".yaml"))
                    .sorted()
                    .toList();
        }
    }

    private String index() throws IOException {
        String urls = documents().stream()
                .map(name -> {
                    String dialect = name.substring(0, name.length() - ".yaml".length());
                    return "{url: 'openapi/%s', name: '%s'}".formatted(name, TITLES.getOrDefault(dialect, dialect));
                })
                .collect(Collectors.joining(", "));
        return """
                <!doctype html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <title>Nimbus CDN: API reference</title>
                  <link rel="stylesheet" href="ui/swagger-ui.css">
                </head>
                <body>
                  <div id="reference"></div>
                  <script src="ui/swagger-ui-bundle.js"></script>
                  <script src="ui/swagger-ui-standalone-preset.js"></script>
                  <script>
                    SwaggerUIBundle({
                      dom_id: '#reference',
                      urls: [%s],
                      presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
                      layout: 'StandaloneLayout'
                    });
                  </script>
                </body>
                </html>
                """.formatted(urls);
    }

    private static boolean named(String path, String prefix) {
        return NAME.matcher(path.substring(prefix.length())).matches();
    }

    private static void notFound(Response response, Callback callback) {
        answer(response, callback, 404, "text/plain", "no such document\n".getBytes(StandardCharsets.UTF_8));
    }

    private static void answer(Response response, Callback callback, int status, String type, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static String webjarVersion() {
        Properties properties = new Properties();
        try (InputStream in = ApiDocs.class
                .getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) throw new IllegalStateException("the swagger-ui webjar is not on the classpath");
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return properties.getProperty("version");
    }
}
