package nimbus.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import nimbus.local.kit.Template;
import nimbus.shared.http.Json;

/**
 * The sample event of each function in events/: an API operation's is the file whose {@code httpMethod} and
 * {@code resource} are its route's; a function triggered otherwise (a queue, a stream, a bucket) has
 * {@code events/platform/<its name in kebab case, without "Function">.json}, in the shape Lambda delivers.
 */
public final class SampleEvents {
    private SampleEvents() {}

    public static Path of(Path root, Template template, String function) {
        Path events = root.resolve("events");
        List<Template.Route> routes = template.routes().stream()
                .filter(r -> r.functionName().equals(function))
                .toList();
        if (routes.isEmpty()) {
            Path file = events.resolve("platform").resolve(kebab(function) + ".json");
            if (!Files.exists(file)) throw new IllegalStateException("no sample event " + root.relativize(file));
            return file;
        }
        Template.Route route = routes.get(0);
        try (Stream<Path> files = Files.walk(events)) {
            return files.filter(f -> f.toString().endsWith(".json"))
                    .sorted()
                    .filter(f -> {
                        Map<String, Object> event = read(f);
                        return route.method().equals(event.get("httpMethod"))
                                && route.path().equals(event.get("resource"));
                    })
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no sample event in events/ for " + route));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "PurgeWorkerFunction" -> "purge-worker". */
    static String kebab(String function) {
        String name = function.endsWith("Function") ? function.substring(0, function.length() - 8) : function;
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static Map<String, Object> read(Path file) {
        try {
            return Json.parseObject(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
