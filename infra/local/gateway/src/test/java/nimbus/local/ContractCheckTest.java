package nimbus.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import nimbus.local.kit.LocalAws;
import nimbus.local.kit.Template;
import nimbus.local.kit.Template.Route;
import nimbus.local.kit.TestStack;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The dialects' OpenAPI documents: in step with template.yaml, served by the local stack, and enforced. */
class ContractCheckTest {
    private static final Path DOCUMENTS = Template.defaultPath().getParent().resolve("docs/openapi");
    private final Template template = Template.loadDefault();

    @Test
    void everyRouteIsInItsDialectsDocumentAndEveryDocumentedOperationIsARoute() throws Exception {
        Map<String, List<Route>> byDialect =
                template.routes().stream().collect(Collectors.groupingBy(ContractCheck::dialect));
        for (var entry : byDialect.entrySet()) {
            Set<String> routes = entry.getValue().stream()
                    .map(r -> r.method() + " " + r.path())
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(routes, operations(entry.getKey()), "docs/openapi/" + entry.getKey() + ".yaml");
        }
        try (Stream<Path> files = Files.list(DOCUMENTS)) {
            assertEquals(
                    new TreeSet<>(byDialect.keySet()),
                    files.map(f -> f.getFileName().toString().replaceFirst("\\.yaml$", ""))
                            .collect(Collectors.toCollection(TreeSet::new)),
                    "one document per dialect with routes");
        }
    }

    @Test
    void anAnswerThatBreaksItsContractIsReported() {
        Route me = template.routes().stream()
                .filter(r -> r.functionName().equals("HackClubMeFunction"))
                .findFirst()
                .orElseThrow();
        Map<String, List<String>> json = Map.of("Content-Type", List.of("application/json"));

        Optional<String> wrongType = ContractCheck.violation(
                me, "GET", "/api/v4/me", 200, json, "{\"email\": 42}".getBytes(StandardCharsets.UTF_8));
        Optional<String> wrongContentType = ContractCheck.violation(
                me,
                "GET",
                "/api/v4/me",
                200,
                Map.of("Content-Type", List.of("text/html")),
                "<p>hello</p>".getBytes(StandardCharsets.UTF_8));

        assertTrue(wrongType.isPresent(), "a number where the document says string");
        assertTrue(wrongType.get().contains("email"), wrongType.get());
        assertTrue(wrongContentType.isPresent(), "an HTML page where the document says JSON");
    }

    @Test
    void theLocalStackServesTheDocumentsAndABrowsableReference() throws Exception {
        Gateway gateway = Gateway.start(LocalAws.shared().template(), TestStack.context(), 0);
        HttpClient http = HttpClient.newHttpClient();
        try {
            HttpResponse<String> index = get(http, gateway.baseUrl() + "/_docs/");
            assertEquals(200, index.statusCode());
            for (String dialect : List.of("hackclub", "aether", "keycdn", "rescdn")) {
                assertTrue(index.body().contains("openapi/" + dialect + ".yaml"), index.body());
                HttpResponse<String> document = get(http, gateway.baseUrl() + "/_docs/openapi/" + dialect + ".yaml");
                assertEquals(200, document.statusCode());
                assertEquals(Files.readString(DOCUMENTS.resolve(dialect + ".yaml")), document.body());
            }
            HttpResponse<String> script = get(http, gateway.baseUrl() + "/_docs/ui/swagger-ui-bundle.js");
            assertEquals(200, script.statusCode());
            assertTrue(script.headers().firstValue("Content-Type").orElse("").startsWith("application/javascript"));
            assertEquals(
                    404,
                    get(http, gateway.baseUrl() + "/_docs/openapi/..%2F..%2Ftemplate.yaml")
                            .statusCode());
            assertEquals(
                    404,
                    get(http, gateway.baseUrl() + "/_docs/openapi/missing.yaml").statusCode());
        } finally {
            gateway.close();
        }
    }

    /** "METHOD /path" for every operation in {@code dialect}'s document. */
    @SuppressWarnings("unchecked")
    private static Set<String> operations(String dialect) throws Exception {
        Map<String, Object> document = new Yaml().load(Files.readString(DOCUMENTS.resolve(dialect + ".yaml")));
        Set<String> operations = new TreeSet<>();
        ((Map<String, Map<String, Object>>) document.get("paths"))
                .forEach((path, item) -> item.keySet().stream()
                        .filter(key -> Set.of("get", "put", "post", "delete", "patch", "head", "options")
                                .contains(key))
                        .forEach(method -> operations.add(method.toUpperCase() + " " + path)));
        return operations;
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
