package nimbus.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark harness, started by infra/bench/run:
 * {@code Bench [coldstart|warm|sizes|all] [--runs N] [--iterations N] [--jdk PATH]...}.
 * Needs -Dnimbus.root (the project), -Dbench.runnerJar and -Dbench.plainJar. Results are printed as
 * markdown and written to infra/bench/target/results.md.
 */
public final class Bench {
    static final int MIN_RUNS = Integer.getInteger("bench.minRuns", 10);
    static final int WARMUP = Integer.getInteger("bench.warmup", 500);

    private Bench() {}

    /** Only the operations whose name contains this (--only). */
    private static String only = "";

    private static List<Operation> operations() {
        return Operation.ALL.stream().filter(op -> op.name().contains(only)).toList();
    }

    public static void main(String[] args) throws Exception {
        String mode = "all";
        int runs = 10;
        int iterations = 3000;
        List<String> jdkArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "coldstart", "warm", "sizes", "largeupload", "all" -> mode = args[i];
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--iterations" -> iterations = Integer.parseInt(args[++i]);
                case "--jdk" -> jdkArgs.add(args[++i]);
                case "--only" -> only = args[++i];
                case "--jit", "--cds-from" -> i++; // infra/bench/run turns these into -Dbench.* settings
                case "--cds", "--aot-cache", "--micronaut-aot", "--unpacked" -> {} // ditto
                default -> {
                    System.err.println(
                            "usage: infra/bench/run [coldstart|warm|sizes|largeupload|all] [--runs N] [--iterations N] [--jdk PATH]..."
                                    + " [--only TEXT] [--jit c1|c2] [--cds [--cds-from JDK] | --aot-cache] [--micronaut-aot] [--unpacked]");
                    System.exit(2);
                }
            }
        }
        if (runs < MIN_RUNS) {
            System.err.println("--runs " + runs + " is below the minimum of " + MIN_RUNS + "; using " + MIN_RUNS);
            runs = MIN_RUNS;
        }
        Path root =
                Path.of(System.getProperty("nimbus.root", ".")).toAbsolutePath().normalize();
        Path target = root.resolve("infra/bench/target");
        Report report = new Report();
        report.line("# Nimbus benchmarks (" + mode + ", " + LocalDate.now() + ")");
        report.line("");
        report.line("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("os.name") + " "
                + System.getProperty("os.version") + " " + System.getProperty("os.arch")
                + "; harness JVM " + System.getProperty("java.version") + " with "
                + String.join(
                        " ",
                        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                                .filter(a -> a.startsWith("-X"))
                                .toList())
                + ".");

        if (mode.equals("sizes") || mode.equals("all")) sizes(root, report);
        if (!mode.equals("sizes")) {
            System.setProperty("NIMBUS_AETHER_RATE_LIMIT", "1000000");
            System.setProperty("NIMBUS_RESCDN_RATE_LIMIT", "1000000");
            try (Fixture fixture = Fixture.start(target.resolve("bench"))) {
                if (mode.equals("coldstart") || mode.equals("all")) {
                    List<Jdk> jdks = new ArrayList<>();
                    if (jdkArgs.isEmpty()) {
                        jdks.add(Jdk.of("java"));
                        if (Files.isDirectory(Jdk.TEMURIN_25)) jdks.add(Jdk.of(Jdk.TEMURIN_25.toString()));
                    } else {
                        jdkArgs.forEach(j -> jdks.add(Jdk.of(j)));
                    }
                    coldStart(root, fixture, jdks, runs, report);
                }
                if (mode.equals("warm") || mode.equals("all")) warm(fixture, iterations, report);
                if (mode.equals("largeupload") || mode.equals("all")) LargeUploadBench.run(fixture, report);
            }
        }
        Files.createDirectories(target);
        Files.writeString(target.resolve("results.md"), report.markdown());
        System.err.println("written: " + target.resolve("results.md"));
        System.exit(0);
    }

    private static void sizes(Path root, Report report) throws Exception {
        report.heading("## Shaded function jars");
        List<List<String>> rows = new ArrayList<>();
        for (Sizes.Jar jar : Sizes.measure(root)) {
            rows.add(List.of(
                    jar.path().toString(),
                    String.format(Locale.ROOT, "%,d", jar.bytes()),
                    String.format(Locale.ROOT, "%.1f", jar.bytes() / 1048576.0),
                    String.format(Locale.ROOT, "%,d", jar.classes()),
                    String.format(Locale.ROOT, "%,d", jar.entries())));
        }
        report.table(List.of("jar", "bytes", "MB", "classes", "entries"), rows);
    }

    private static void coldStart(Path root, Fixture fixture, List<Jdk> jdks, int runs, Report report)
            throws Exception {
        ColdStart cold = new ColdStart(
                fixture,
                root,
                Path.of(System.getProperty("bench.runnerJar")),
                Path.of(System.getProperty("bench.plainJar")));
        List<Operation> ops = operations().stream().filter(Operation::cold).toList();
        List<ColdStart.Result> all = new ArrayList<>();
        for (Jdk jdk : jdks) all.addAll(cold.run(jdk, ops, runs));

        report.heading("## Cold start (" + runs + " runs each, ms)");
        report.line(
                "Fresh JVM per run: `" + String.join(" ", ColdStart.LAMBDA_FLAGS)
                        + "`, classpath = shaded function jar + "
                        + "runner (framework) or baseline classes. *wall*: parent, spawn to the status line; *in JVM*: JVM start "
                        + "(RuntimeMXBean) to the response. *classes*: classes loaded in one extra run with -Xlog:class+load (of which from the CDS archive).");
        report.line("");
        List<List<String>> rows = new ArrayList<>();
        for (ColdStart.Result r : all) {
            Stats wall =
                    new Stats(r.samples().stream().map(ColdStart.Sample::wallMs).toList());
            Stats jvm = new Stats(r.samples().stream()
                    .map(s -> s.field("millisSinceJvmStart"))
                    .toList());
            rows.add(List.of(
                    r.jdk().label(),
                    r.op().name(),
                    r.variant().name().toLowerCase(Locale.ROOT),
                    Stats.ms0(wall.median()),
                    Stats.ms0(wall.percentile(90)),
                    Stats.ms0(wall.min()),
                    Stats.ms0(jvm.median()),
                    Stats.ms0(jvm.percentile(90)),
                    Stats.ms0(jvm.min()),
                    r.classes().total() + " (" + r.classes().fromCds() + " CDS)"));
        }
        report.table(
                List.of(
                        "JDK",
                        "operation",
                        "variant",
                        "wall p50",
                        "wall p90",
                        "wall min",
                        "in JVM p50",
                        "in JVM p90",
                        "in JVM min",
                        "classes"),
                rows);

        report.heading("### Framework / baseline (medians)");
        rows = new ArrayList<>();
        for (ColdStart.Result f : all) {
            if (f.variant() != ColdStart.Variant.FRAMEWORK) continue;
            for (ColdStart.Result b : all) {
                if (b.variant() != ColdStart.Variant.BASELINE || b.jdk() != f.jdk() || b.op() != f.op()) continue;
                double fw = median(f, null), bw = median(b, null);
                double fj = median(f, "millisSinceJvmStart"), bj = median(b, "millisSinceJvmStart");
                rows.add(List.of(
                        f.jdk().label(),
                        f.op().name(),
                        Stats.ms0(fw),
                        Stats.ms0(bw),
                        Stats.ratio(fw, bw),
                        Stats.ms0(fj),
                        Stats.ms0(bj),
                        Stats.ratio(fj, bj)));
            }
        }
        report.table(
                List.of(
                        "JDK",
                        "operation",
                        "framework wall p50",
                        "baseline wall p50",
                        "ratio (wall)",
                        "framework in-JVM p50",
                        "baseline in-JVM p50",
                        "ratio (in JVM)"),
                rows);

        report.heading("### Where the in-JVM time goes (medians, ms)");
        report.line(
                "*to main*: JVM start to the runner's main; *init*: handler constructor (framework: the Micronaut context; "
                        + "baseline: SDK clients); *event*: reading the event (framework: a JDK-only JSON reader plus base64 of the body, as the Lambda runtime does it outside the function; "
                        + "baseline: arguments); *invoke*: handleRequest, first call.");
        report.line("");
        rows = new ArrayList<>();
        for (ColdStart.Result r : all) {
            List<String> row = new ArrayList<>(
                    List.of(r.jdk().label(), r.op().name(), r.variant().name().toLowerCase(Locale.ROOT)));
            for (String field : List.of("toMain", "init", "event", "invoke")) {
                row.add(Stats.ms0(median(r, field)));
            }
            rows.add(row);
        }
        report.table(List.of("JDK", "operation", "variant", "to main", "init", "event", "invoke"), rows);
    }

    /** Median of a cold result's wall ms (field null) or of one of the child's fields. */
    private static double median(ColdStart.Result r, String field) {
        return new Stats(r.samples().stream()
                        .map(s -> field == null ? s.wallMs() : s.field(field))
                        .toList())
                .median();
    }

    private static void warm(Fixture fixture, int iterations, Report report) throws Exception {
        List<Warm.Result> results = new Warm(fixture).run(operations(), WARMUP, iterations);
        report.heading("## Warm, in-process (ms)");
        report.line("One handler per operation on its own started context in the harness JVM; *own* = total minus the "
                + "time inside AWS SDK calls (an ExecutionInterceptor, beforeExecution to afterExecution: marshalling, "
                + "signing, HTTP to moto, unmarshalling).");
        report.line("");
        List<List<String>> rows = new ArrayList<>();
        for (Warm.Result r : results) {
            Stats own = new Stats(r.ownNanos());
            Stats aws = new Stats(r.awsNanos());
            Stats total = new Stats(r.totalNanos());
            rows.add(List.of(
                    r.op().name(),
                    r.warmup() + " + " + r.totalNanos().length,
                    Stats.ms3(own.median()),
                    Stats.ms3(own.percentile(99)),
                    Stats.ms3(aws.median()),
                    Stats.ms3(aws.percentile(99)),
                    Stats.ms3(total.median()),
                    Stats.ms3(total.percentile(99))));
        }
        report.table(
                List.of(
                        "operation",
                        "warm-up + timed",
                        "own p50",
                        "own p99",
                        "AWS p50",
                        "AWS p99",
                        "total p50",
                        "total p99"),
                rows);
    }
}
