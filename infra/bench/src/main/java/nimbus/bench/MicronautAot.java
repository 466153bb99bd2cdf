package nimbus.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;

/**
 * Micronaut AOT (the framework's build-time optimizer, as its Maven plugin runs it) over a function's
 * shaded jar: generated classes that replace service scanning, environment deduction and
 * missing-type probes with code. {@code infra/bench/run coldstart --micronaut-aot} puts them ahead
 * of the jar on the framework's classpath. Options: {@code micronaut-aot.properties} beside this class.
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
        Path classes = output.resolve("classes");
        WorkDirs.delete(output);
        Properties options = new Properties();
        try (InputStream in = MicronautAot.class.getResourceAsStream("micronaut-aot.properties")) {
            options.load(in);
        }
        List<String> classpath = new ArrayList<>(optimizerJars());
        classpath.add(functionJar.toAbsolutePath().toString());
        options.put("classpath", String.join(",", classpath));
        options.put("package", "nimbus.aot");
        options.put("output.directory", output.toAbsolutePath().toString());
        options.put("runtime", "jit");
        String unused = System.getProperty("bench.micronautAotDrop", "");
        if (!unused.isBlank()) options.put("serviceloading.rejected.impls", definitionsUnder(functionJar, unused));
        // The optimizer must load the application's Micronaut, not the harness's: its own loader, over the platform's.
        URL[] urls = classpath.stream().map(MicronautAot::url).toArray(URL[]::new);
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
            Thread.currentThread().setContextClassLoader(loader);
            loader.loadClass("io.micronaut.aot.MicronautAotOptimizer")
                    .getMethod("execute", Properties.class)
                    .invoke(null, options);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Micronaut AOT failed for " + functionJar, e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
        if (!Files.isDirectory(classes)) throw new IllegalStateException("Micronaut AOT wrote nothing to " + output);
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

    /** The optimizer's jars, from the harness's classpath (infra/bench depends on them). */
    private static List<String> optimizerJars() {
        List<String> jars = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> p.contains("micronaut-aot-") || p.contains("javapoet"))
                .collect(Collectors.toList());
        if (jars.stream().noneMatch(p -> p.contains("micronaut-aot-std-optimizers"))) {
            throw new IllegalStateException("micronaut-aot-std-optimizers is not on the harness classpath");
        }
        return jars;
    }

    private static URL url(String path) {
        try {
            return new File(path).toURI().toURL();
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }
}
