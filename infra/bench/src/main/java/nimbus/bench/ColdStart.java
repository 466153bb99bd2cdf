package nimbus.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cold starts: each run is a fresh JVM started the way Lambda's java21 runtime starts one (flags
 * below, -Xmx for a 1024 MB function), its classpath the function's shaded jar plus the runner jar
 * (framework) or the baseline jar (plain Java, same shaded jar for the SDK). Framework and baseline
 * runs alternate so drifting machine noise hits both alike; one untimed run of each comes first.
 */
final class ColdStart {
    /**
     * The java21 runtime's flags; {@code -Dbench.tieredStopAtLevel=4} (infra/bench/run --jit c2) is what a function
     * gets with JAVA_TOOL_OPTIONS -XX:TieredStopAtLevel=4 (C2 allowed).
     */
    static final List<String> LAMBDA_FLAGS = List.of(
            "-XX:+TieredCompilation",
            "-XX:TieredStopAtLevel=" + System.getProperty("bench.tieredStopAtLevel", "1"),
            "-XX:+UseSerialGC",
            "-Xshare:auto",
            "-Xmx870m");

    private static final Pattern FIELD = Pattern.compile("(\\w+)=(\\d+)");

    enum Variant {
        FRAMEWORK,
        BASELINE
    }

    /** One child's answer: wall ms (parent: spawn to status line) and the child's own fields. */
    record Sample(long wallMs, Map<String, Long> fields) {
        long field(String name) {
            return fields.getOrDefault(name, -1L);
        }
    }

    record Result(Jdk jdk, Operation op, Variant variant, List<Sample> samples, ClassLoads classes) {}

    /** Classes loaded in one extra run (-Xlog:class+load): from the CDS archive, and from elsewhere (jars, generated). */
    record ClassLoads(int total, int fromCds) {}

    private final Fixture fixture;
    private final Path root;
    private final Path runnerJar;
    private final Path plainJar;
    private final Path logs;

    ColdStart(Fixture fixture, Path root, Path runnerJar, Path plainJar) {
        this.fixture = fixture;
        this.root = root;
        this.runnerJar = runnerJar;
        this.plainJar = plainJar;
        this.logs = fixture.workDir.resolve("logs");
    }

    List<Result> run(Jdk jdk, List<Operation> ops, int runs) throws IOException {
        Files.createDirectories(logs);
        List<Result> results = new ArrayList<>();
        for (Operation op : ops) {
            List<Variant> variants =
                    op.baseline() == null ? List.of(Variant.FRAMEWORK) : List.of(Variant.FRAMEWORK, Variant.BASELINE);
            Map<Variant, List<Sample>> samples = new LinkedHashMap<>();
            Map<Variant, List<String>> flags = new LinkedHashMap<>();
            for (Variant v : variants) {
                samples.put(v, new ArrayList<>());
                flags.put(v, classDataFlags(jdk, op, v));
                spawn(jdk, op, v, flags.get(v)); // untimed: page cache, moto's first request
            }
            for (int i = 0; i < runs; i++) {
                for (Variant v : variants) samples.get(v).add(spawn(jdk, op, v, flags.get(v)));
            }
            for (Variant v : variants) {
                results.add(new Result(jdk, op, v, samples.get(v), classLoads(jdk, op, v, flags.get(v))));
                System.err.printf("  %s | %s | %s: %d runs%n", jdk.label(), op.name(), v, runs);
            }
        }
        return results;
    }

    /**
     * With {@code -Dbench.cds=true} (infra/bench/run --cds): an application class-data archive of this variant's own
     * run, made by one untimed run with -XX:ArchiveClassesAtExit, then used by every timed run. The same kind of
     * archive on both sides, so the ratio compares like with like. {@code -Dbench.cdsFrom=JDK} uses the archive
     * another JDK made instead, to show that a mismatched archive is ignored, never fatal.
     */
    private List<String> classDataFlags(Jdk jdk, Operation op, Variant v) throws IOException {
        String kind = System.getProperty("bench.cds", "false");
        if (kind.equals("aot")) return aotCacheFlags(jdk, op, v);
        if (!kind.equals("true")) return List.of();
        String maker = System.getProperty("bench.cdsFrom");
        Jdk archiving = maker == null ? jdk : Jdk.of(maker);
        Path archive = logs.resolve("app-" + archiving.version() + "-" + slug(op) + "-" + v + ".jsa");
        Files.deleteIfExists(archive);
        spawn(archiving, op, v, List.of("-XX:ArchiveClassesAtExit=" + archive));
        if (!Files.exists(archive)) throw new IllegalStateException("no archive made at " + archive);
        return List.of("-XX:SharedArchiveFile=" + archive);
    }

    /**
     * With {@code -Dbench.cds=aot} (infra/bench/run --aot-cache): on JDK 25 and later, JEP 483's ahead-of-time cache
     * (classes loaded and linked, constant pools resolved) of this variant's own training run
     * (-XX:AOTCacheOutput), used by every timed run (-XX:AOTCache); earlier JDKs run without one.
     */
    private List<String> aotCacheFlags(Jdk jdk, Operation op, Variant v) throws IOException {
        if (Integer.parseInt(jdk.version().split("[.+-]")[0]) < 25) return List.of();
        Path cache = logs.resolve("app-" + jdk.version() + "-" + slug(op) + "-" + v + ".aot");
        Files.deleteIfExists(cache);
        spawn(jdk, op, v, List.of("-XX:AOTCacheOutput=" + cache));
        if (!Files.exists(cache)) throw new IllegalStateException("no AOT cache made at " + cache);
        return List.of("-XX:AOTCache=" + cache);
    }

    private ClassLoads classLoads(Jdk jdk, Operation op, Variant v, List<String> flags) throws IOException {
        Path log = logs.resolve("classload-" + jdk.version() + "-" + slug(op) + "-" + v + ".log");
        Files.deleteIfExists(log);
        List<String> logging = new ArrayList<>(flags);
        logging.add("-Xlog:class+load=info:file=" + log);
        spawn(jdk, op, v, logging);
        List<String> lines = Files.readAllLines(log);
        int cds = (int)
                lines.stream().filter(l -> l.contains("shared objects file")).count();
        return new ClassLoads(lines.size(), cds);
    }

    private Sample spawn(Jdk jdk, Operation op, Variant variant, List<String> extraFlags) throws IOException {
        Path shadedJar =
                root.resolve("functions/" + op.functionModule() + "/target/nimbus-" + op.functionModule() + ".jar");
        Path jar = System.getProperty("bench.unpacked", "false").equals("true")
                ? LambdaTask.unpack(shadedJar, logs)
                : shadedJar;
        List<String> command = new ArrayList<>();
        command.add(jdk.java());
        // JDK 25 refuses to start with an AOT cache (made or used) and any explicit -Xshare setting, even -Xshare:auto
        boolean aotCache = extraFlags.stream().anyMatch(f -> f.startsWith("-XX:AOTCache"));
        LAMBDA_FLAGS.stream()
                .filter(f -> !(aotCache && f.startsWith("-Xshare")))
                .forEach(command::add);
        command.addAll(extraFlags);
        String childFlags = System.getProperty("bench.childFlags", "").strip();
        if (!childFlags.isEmpty()) command.addAll(List.of(childFlags.split("\\s+")));
        command.add("-cp");
        if (variant == Variant.FRAMEWORK) {
            String aot = System.getProperty("bench.micronautAot", "false").equals("true")
                    ? MicronautAot.classesFor(shadedJar, logs) + ":"
                    : "";
            command.add(aot + jar + ":" + runnerJar);
            command.add("nimbus.bench.runner.ColdRunner");
            command.add(op.handler());
            command.addAll(fixture.coldRunnerArgs(op));
        } else {
            command.add(jar + ":" + plainJar);
            command.add("nimbus.bench.plain.PlainMain");
            command.add(op.baseline());
            command.addAll(fixture.baselineArgs(op));
        }
        Path err = logs.resolve("last-" + slug(op) + "-" + variant + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(err.toFile());
        builder.environment().clear();
        builder.environment().putAll(fixture.childEnvironment());
        long started = System.nanoTime();
        Process process = builder.start();
        String status = null;
        StringBuilder output = new StringBuilder();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("status=")) {
                    status = line;
                    break;
                }
                output.append(line).append('\n');
            }
            long wallMs = (System.nanoTime() - started) / 1_000_000;
            out.transferTo(java.io.Writer.nullWriter());
            process.waitFor();
            if (status == null) {
                throw new IllegalStateException(
                        op.name() + " " + variant + " printed no status line; exit " + process.exitValue()
                                + "\nstdout:\n" + output + "stderr (" + err + "):\n" + Files.readString(err));
            }
            Map<String, Long> fields = new LinkedHashMap<>();
            Matcher m = FIELD.matcher(status);
            while (m.find()) fields.put(m.group(1), Long.parseLong(m.group(2)));
            if (fields.getOrDefault("status", -1L) != op.expectedStatus()) {
                throw new IllegalStateException(op.name() + " " + variant + " answered " + status + ", expected status="
                        + op.expectedStatus() + "\nstdout:\n" + output + "stderr:\n" + Files.readString(err));
            }
            return new Sample(wallMs, fields);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String slug(Operation op) {
        return op.name().replaceAll("[^A-Za-z0-9]+", "-");
    }
}
