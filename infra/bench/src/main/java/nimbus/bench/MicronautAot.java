package nimbus.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import nimbus.aot.ServiceLoadingOptimizer;

/**
 * Micronaut AOT over a function's shaded jar with more options than the build's (which writes static service loading
 * into every jar: infra/aot): environment caching and missing-type probes as code, and with {@code
 * BENCH_MICRONAUT_AOT_DROP} fewer bean definitions. {@code infra/bench/run coldstart --micronaut-aot} puts the
 * generated classes ahead of the jar on the framework's classpath. Options: {@code micronaut-aot.properties} beside
 * this class.
 */
final class MicronautAot {
    private static final Map<Path, Path> MADE = new HashMap<>();

    private MicronautAot() {}

    /** A jar of the generated classes for {@code functionJar}, made afresh once per benchmark run in {@code workDir}. */
    static synchronized Path classesFor(Path functionJar, Path workDir) throws IOException {
        Path made = MADE.get(functionJar);
        if (made != null) return made;
        String name = functionJar.getFileName().toString().replace(".jar", "");
        Path output = workDir.resolve("micronaut-aot-" + name);
        Properties options = new Properties();
        try (InputStream in = MicronautAot.class.getResourceAsStream("micronaut-aot.properties")) {
            options.load(in);
        }
        String unused = System.getProperty("bench.micronautAotDrop", "");
        if (!unused.isBlank()) options.put("serviceloading.rejected.impls", definitionsUnder(functionJar, unused));
        // Same package and class names as the build's generated classes in the jar, which these, ahead on the
        // classpath, replace: two static-optimization loaders would both set the service list, and Micronaut refuses
        // that.
        Path classes = ServiceLoadingOptimizer.generate(functionJar, options, output);
        // A jar, not a directory: a class-data archive refuses directories on the classpath.
        Path jar = output.resolve(name + "-aot.jar");
        int exit = ToolProvider.findFirst("jar")
                .orElseThrow()
                .run(System.out, System.err, "--create", "--file", jar.toString(), "-C", classes.toString(), ".");
        if (exit != 0) throw new IllegalStateException("jar failed for " + classes);
        MADE.put(functionJar, jar);
        return jar;
    }

    /**
     * Fewer beans: the bean definitions of {@code packages} (comma-separated prefixes) in the jar, which the
     * generated service loader then leaves out.
     */
    private static String definitionsUnder(Path jar, String packages) throws IOException {
        List<String> prefixes =
                Arrays.stream(packages.split(",")).map(String::trim).toList();
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream()
                    .map(e -> e.getName())
                    .filter(n -> n.endsWith("$Definition.class") || n.endsWith("$Definition$Reference.class"))
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                    .filter(n -> prefixes.stream().anyMatch(n::startsWith))
                    .collect(Collectors.joining(","));
        }
    }
}
