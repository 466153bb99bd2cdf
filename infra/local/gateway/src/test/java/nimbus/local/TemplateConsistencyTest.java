package nimbus.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.function.aws.MicronautRequestHandler;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import nimbus.local.kit.Template;
import nimbus.shared.http.ApiFunction;
import org.junit.jupiter.api.Test;

/** template.yaml, the handler classes and events/ describe the same set of operations. */
class TemplateConsistencyTest {
    private final Template template = Template.loadDefault();
    private final Path root = Template.defaultPath().getParent();

    @Test
    void everyFunctionHasAHandlerClassAndABuiltModule() throws Exception {
        for (String function : template.resourcesOfType("AWS::Serverless::Function")) {
            Map<String, Object> props = template.properties(function);
            String handler = ((String) props.get("Handler")).split("::")[0];
            Class<?> type = Class.forName(handler);
            boolean api =
                    template.routes().stream().anyMatch(r -> r.functionName().equals(function));
            assertTrue(
                    api
                            ? ApiFunction.class.isAssignableFrom(type)
                            : MicronautRequestHandler.class.isAssignableFrom(type),
                    handler + (api ? " is an API function" : " is a Lambda handler"));
            assertFalse(Modifier.isAbstract(type.getModifiers()), handler);
            String codeUri = (String) props.get("CodeUri");
            Path module = root.resolve(codeUri.substring(0, codeUri.indexOf("/target/")));
            assertTrue(
                    Files.isRegularFile(module.resolve("pom.xml")), function + " CodeUri names a module: " + codeUri);
            assertTrue(
                    Files.isRegularFile(module.resolve("src/main/java/" + handler.replace('.', '/') + ".java")),
                    handler + " is built by " + module);
        }
    }

    @Test
    void everyHandlerClassHasAFunction() throws IOException {
        Set<String> declared = new TreeSet<>(
                template.routes().stream().map(Template.Route::handlerClass).toList());
        Set<String> found = new TreeSet<>();
        try (Stream<Path> modules = Files.list(root.resolve("functions"))) {
            for (Path classes : modules.map(m -> m.resolve("target/classes"))
                    .filter(Files::isDirectory)
                    .toList()) {
                try (Stream<Path> files = Files.walk(classes)) {
                    files.filter(f -> f.toString().endsWith(".class")
                                    && !f.toString().contains("$"))
                            .forEach(f -> {
                                String name = classes.relativize(f)
                                        .toString()
                                        .replace('/', '.')
                                        .replaceAll("\\.class$", "");
                                try {
                                    Class<?> type = Class.forName(name);
                                    if (ApiFunction.class.isAssignableFrom(type)
                                            && !Modifier.isAbstract(type.getModifiers())) {
                                        found.add(name);
                                    }
                                } catch (ClassNotFoundException e) {
                                    throw new IllegalStateException(e);
                                }
                            });
                }
            }
        }
        assertFalse(found.isEmpty());
        assertEquals(found, declared);
    }

    @Test
    void everyRouteHasAnEventFile() throws IOException {
        JsonMapper json = JsonMapper.createDefault();
        List<String> events = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root.resolve("events"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                Map<?, ?> event = json.readValue(Files.readAllBytes(file), Map.class);
                events.add(event.get("httpMethod") + " " + event.get("resource"));
            }
        }
        for (Template.Route route : template.routes()) {
            assertTrue(events.contains(route.method() + " " + route.path()), "an event in events/ for " + route);
        }
    }

    /**
     * An API function's sample event is named after it: HackClubMeFunction's is events/hackclub/me.json (a second
     * method of one function adds a suffix: edit-zone-post.json), so `sam local invoke F -e ...` is easy to pair.
     */
    @Test
    void eachRoutesEventIsNamedAfterItsFunction() {
        Path events = root.resolve("events");
        for (Template.Route route : template.routes()) {
            Path file = SampleEvents.of(root, template, route.functionName());
            String dialect = events.relativize(file).getName(0).toString();
            String function = route.functionName().replaceFirst("Function$", "");
            String prefix = switch (dialect) {
                case "hackclub" -> "HackClub";
                case "aether" -> "Aether";
                case "keycdn" -> "KeyCdn";
                case "rescdn" -> "ResCdn";
                default -> throw new AssertionError("events/" + dialect + " is no dialect's");
            };
            assertTrue(function.startsWith(prefix), route + " lives in events/" + dialect);
            String expected = SampleEvents.kebab(function.substring(prefix.length())) + ".json";
            assertEquals(expected, file.getFileName().toString(), "the sample event of " + route.functionName());
        }
    }

    @Test
    void cfnLintIsClean() throws Exception {
        Process lint = new ProcessBuilder(
                        "cfn-lint", root.resolve("template.yaml").toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(lint.waitFor(120, TimeUnit.SECONDS));
        assertEquals("", output.trim());
        assertEquals(0, lint.exitValue());
    }
}
