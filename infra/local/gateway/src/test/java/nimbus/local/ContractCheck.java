package nimbus.local;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import nimbus.local.kit.Template;
import nimbus.local.kit.Template.Route;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Checks every answer the local gateway gives on one of template.yaml's routes against the OpenAPI document of the
 * route's dialect (docs/openapi/DIALECT.yaml, DIALECT being the REST API's logical id without "Api"): status,
 * content type, headers and body. Registered for every test of this module (META-INF/services), it fails the test
 * during which a response broke its contract, so the documents and the code cannot drift.
 */
public final class ContractCheck implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    private static final Path DOCUMENTS = Template.defaultPath().getParent().resolve("docs/openapi");
    private static final Set<Route> TEMPLATE_ROUTES =
            Set.copyOf(Template.loadDefault().routes());
    private static final Map<String, OpenApiInteractionValidator> VALIDATORS = new ConcurrentHashMap<>();
    private static final Map<String, AtomicLong> VALIDATED = new ConcurrentHashMap<>();
    private static final List<String> BROKEN = new ArrayList<>();

    static {
        Gateway.observeAnswers(ContractCheck::check);
    }

    /** The number of answers checked against {@code dialect}'s document so far in this JVM. */
    static long validated(String dialect) {
        AtomicLong count = VALIDATED.get(dialect);
        return count == null ? 0 : count.get();
    }

    static String dialect(Route route) {
        return route.api().replaceFirst("Api$", "").toLowerCase(Locale.ROOT);
    }

    private static void check(
            Route route, String method, String rawPath, int status, Map<String, List<String>> headers, byte[] body) {
        // a test's own stand-in routes (fixed or failing handlers) are not the product's
        if (!TEMPLATE_ROUTES.contains(route) || method.equals("HEAD")) return;
        try {
            violation(route, method, rawPath, status, headers, body).ifPresent(ContractCheck::broken);
        } catch (RuntimeException unreadable) {
            broken("%s %s: docs/openapi/%s.yaml cannot be read: %s"
                    .formatted(method, rawPath, dialect(route), unreadable.getMessage()));
        }
        VALIDATED.computeIfAbsent(dialect(route), d -> new AtomicLong()).incrementAndGet();
    }

    /** What is wrong with this answer against its dialect's document, if anything. */
    static Optional<String> violation(
            Route route, String method, String rawPath, int status, Map<String, List<String>> headers, byte[] body) {
        String dialect = dialect(route);
        Path document = DOCUMENTS.resolve(dialect + ".yaml");
        if (!Files.exists(document)) {
            return Optional.of(
                    "%s %s: no OpenAPI document %s for %s".formatted(method, rawPath, document, route.api()));
        }
        OpenApiInteractionValidator validator = VALIDATORS.computeIfAbsent(
                dialect,
                d -> OpenApiInteractionValidator.createForSpecificationUrl(
                                document.toUri().toString())
                        .withBasePathOverride("/")
                        // JSON Schema's meaning: an object schema is open unless it says additionalProperties: false
                        // (the
                        // validator's default closes every one, which breaks allOf and oneOf compositions)
                        .withLevelResolver(LevelResolver.create()
                                .withLevel("validation.schema.additionalProperties", ValidationReport.Level.IGNORE)
                                .build())
                        .build());
        SimpleResponse.Builder response = SimpleResponse.Builder.status(status);
        headers.forEach(response::withHeader);
        String contentType = String.join(",", headers.getOrDefault("Content-Type", List.of()));
        boolean json = contentType.contains("json");
        if (json && body.length > 0) {
            response.withBody(new String(body, StandardCharsets.UTF_8));
        } else if (!json && !contentType.isEmpty()) {
            response.withBody(body); // a file's bytes, however few (an empty file is an empty body)
        }
        ValidationReport report = validator.validateResponse(rawPath, Request.Method.valueOf(method), response.build());
        if (!json) {
            // an empty file's download is an empty body, which the validator takes for no body
            report = ValidationReport.from(report.getMessages().stream()
                    .filter(m -> body.length > 0 || !m.getKey().equals("validation.response.body.missing"))
                    .toList());
        }
        if (!report.hasErrors()) return Optional.empty();
        return Optional.of("%s %s answered %d, against docs/openapi/%s.yaml:%n  %s%n  body: %s"
                .formatted(
                        method,
                        rawPath,
                        status,
                        dialect,
                        report.getMessages().stream()
                                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                                .map(m -> m.getKey() + ": " + m.getMessage()
                                        + (m.getAdditionalInfo().isEmpty()
                                                ? ""
                                                : " " + String.join("; ", m.getAdditionalInfo())))
                                .collect(Collectors.joining("\n  ")),
                        json ? new String(body, StandardCharsets.UTF_8) : contentType));
    }

    private static void broken(String violation) {
        synchronized (BROKEN) {
            BROKEN.add(violation);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // loading this class registered the check
    }

    @Override
    public void afterEach(ExtensionContext context) {
        failOnBrokenContracts();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        long all = VALIDATED.values().stream().mapToLong(AtomicLong::get).sum();
        if (all > 0) {
            System.out.printf(
                    "[contract] after %s: %d responses validated in this JVM %s%n",
                    context.getRequiredTestClass().getSimpleName(), all, new TreeMap<>(VALIDATED));
        }
        failOnBrokenContracts();
    }

    private static void failOnBrokenContracts() {
        List<String> broken;
        synchronized (BROKEN) {
            broken = List.copyOf(BROKEN);
            BROKEN.clear();
        }
        if (!broken.isEmpty()) {
            throw new AssertionError(broken.size() + " response(s) broke their dialect's contract:\n"
                    + String.join("\n", broken.subList(0, Math.min(10, broken.size()))));
        }
    }
}
