package nimbus.aot;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Micronaut AOT (the framework's build-time optimizer, as its Maven plugin runs it) over a function's shaded jar. The
 * build runs {@link #main} over every {@code functions/*}{@code /target/nimbus-*.jar} with {@code
 * micronaut-aot.properties}: static service loading only, written into the jar itself, so that the context finds its
 * bean definitions and services from a generated list instead of opening the jar as a zip file system to list {@code
 * META-INF/micronaut} (BENCHMARKS.md, "Cold start"). infra/bench's {@code --micronaut-aot} runs it with more options.
 */
public final class ServiceLoadingOptimizer {
    /** The package of the generated classes inside a function's jar. */
    public static final String GENERATED_PACKAGE = "nimbus.aot.generated";

    private ServiceLoadingOptimizer() {}

    /** Usage: {@code ServiceLoadingOptimizer <functions directory> <work directory>}. */
    public static void main(String[] args) throws IOException {
        Path functions = Path.of(args[0]);
        Path work = Path.of(args[1]);
        Properties options = new Properties();
        try (InputStream in = ServiceLoadingOptimizer.class.getResourceAsStream("micronaut-aot.properties")) {
            options.load(in);
        }
        List<Path> jars;
        try (Stream<Path> modules = Files.list(functions)) {
            jars = modules.map(m -> m.resolve("target").resolve("nimbus-" + m.getFileName() + ".jar"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        }
        if (jars.isEmpty()) throw new IllegalStateException("no function jars under " + functions);
        for (Path jar : jars) {
            String name = jar.getFileName().toString().replace(".jar", "");
            Path classes = generate(jar, options, work.resolve(name));
            int added = writeInto(jar, classes);
            System.out.printf("[aot] %s: %d generated entries written%n", jar, added);
        }
    }

    /**
     * Runs the optimizer over {@code functionJar} into {@code output} (emptied first) and returns the directory of
     * the generated classes and service files. The optimizer's own jars come from this JVM's class path; it loads the
     * function's Micronaut from the jar, not ours.
     */
    public static Path generate(Path functionJar, Properties options, Path output) throws IOException {
        deleteTree(output);
        Files.createDirectories(output);
        List<String> classpath = new ArrayList<>(optimizerJars());
        classpath.add(functionJar.toAbsolutePath().toString());
        Properties run = new Properties();
        run.putAll(options);
        run.put("classpath", String.join(",", classpath));
        run.put("package", GENERATED_PACKAGE);
        run.put("output.directory", output.toAbsolutePath().toString());
        run.put("runtime", "jit");
        URL[] urls = classpath.stream().map(ServiceLoadingOptimizer::url).toArray(URL[]::new);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
            thread.setContextClassLoader(loader);
            loader.loadClass("io.micronaut.aot.MicronautAotOptimizer")
                    .getMethod("execute", Properties.class)
                    .invoke(null, run);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Micronaut AOT failed for " + functionJar, e);
        } finally {
            thread.setContextClassLoader(previous);
        }
        Path classes = output.resolve("classes");
        if (!Files.isDirectory(classes)) throw new IllegalStateException("Micronaut AOT wrote nothing to " + output);
        return classes;
    }

    /**
     * Adds the generated entries to the jar. A service file the jar already has gets the new lines appended (the
     * generated configurer beside any existing one); any other existing entry is a clash and fails the build.
     */
    static int writeInto(Path jar, Path classes) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        try (FileSystem zip = FileSystems.newFileSystem(jar)) {
            for (Path file : files) {
                String entry = classes.relativize(file).toString().replace(File.separatorChar, '/');
                Path target = zip.getPath(entry);
                if (Files.exists(target)) {
                    if (!entry.startsWith("META-INF/services/"))
                        throw new IllegalStateException(jar + " already holds " + entry);
                    Set<String> lines = new LinkedHashSet<>(Files.readAllLines(target, StandardCharsets.UTF_8));
                    lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
                    Files.write(target, lines, StandardCharsets.UTF_8);
                } else {
                    if (target.getParent() != null) Files.createDirectories(target.getParent());
                    Files.copy(file, target);
                }
            }
        }
        return files.size();
    }

    private static List<String> optimizerJars() {
        List<String> jars = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> p.contains("micronaut-aot-") || p.contains("javapoet"))
                .toList();
        if (jars.stream().noneMatch(p -> p.contains("micronaut-aot-std-optimizers")))
            throw new IllegalStateException("micronaut-aot-std-optimizers is not on the class path");
        return jars;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    private static URL url(String path) {
        try {
            return new File(path).toURI().toURL();
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }
}
