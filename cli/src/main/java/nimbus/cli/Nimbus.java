package nimbus.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The user's command-line tool (the operator's is infra/admin/nimbus-admin): {@code upload} a large file with a Hack
 * Club v4 key, {@code push} a folder to a KeyCDN push zone with a KeyCDN key. {@link #run} is the whole program, so
 * tests call it in-process with their own environment.
 */
public final class Nimbus {
    static final String USAGE = """
            usage: nimbus [--api URL] [--key KEY] [--parallel N] COMMAND ...

              nimbus upload FILE                  a large file through Hack Club v4's multipart upload (key sk_cdn_...);
                                                  prints the file's record (JSON) as POST /api/v4/upload answers it
              nimbus push DIR --zone ID [--delete]
                                                  syncs DIR to a KeyCDN push zone (key sk_prod_...): uploads new and
                                                  changed files (by SHA-256), deletes the zone's files DIR lacks with
                                                  --delete; the server purges what it replaced or deleted

              --api URL      the dialect's API base URL (default: NIMBUS_API, else .nimbus/local.json's "api")
              --key KEY      the API key (default: NIMBUS_KEY)
              --parallel N   parts (and push files) sent at once (default 4)

            An interrupted upload resumes when the same command runs again: its upload id and parts are kept in
            NIMBUS_CACHE_DIR (default ~/.cache/nimbus) and the server says which parts it already holds.
            """;

    private Nimbus() {}

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), Path.of("").toAbsolutePath(), System.out, System.err));
    }

    /** Runs one command; its exit code: 0 done, 1 failed, 2 bad usage, 130 stopped (rerun to resume). */
    public static int run(String[] args, Map<String, String> env, Path cwd, PrintStream out, PrintStream err) {
        try {
            return execute(args, env, cwd, out, err);
        } catch (CliError e) {
            err.println("nimbus: " + e.getMessage());
            if (e.exitCode == 2) err.print(USAGE);
            return e.exitCode;
        }
    }

    private static int execute(String[] args, Map<String, String> env, Path cwd, PrintStream out, PrintStream err) {
        String api = null;
        String key = null;
        String zone = null;
        boolean delete = false;
        int parallel = 4;
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--api" -> api = value(args, ++i, a);
                case "--key" -> key = value(args, ++i, a);
                case "--zone" -> zone = value(args, ++i, a);
                case "--delete" -> delete = true;
                case "--parallel" -> {
                    try {
                        parallel = Integer.parseInt(value(args, ++i, a));
                    } catch (NumberFormatException e) {
                        throw CliError.usage("--parallel takes a number");
                    }
                    if (parallel < 1 || parallel > 32) throw CliError.usage("--parallel takes 1 to 32");
                }
                case "-h", "--help", "help" -> {
                    out.print(USAGE);
                    return 0;
                }
                default -> {
                    if (a.startsWith("--")) throw CliError.usage("unknown option " + a);
                    positional.add(a);
                }
            }
        }
        if (positional.isEmpty()) throw CliError.usage("no command");
        String command = positional.get(0);
        if (!command.equals("upload") && !command.equals("push")) throw CliError.usage("unknown command " + command);
        if (positional.size() != 2)
            throw CliError.usage(command + " takes one " + (command.equals("push") ? "DIR" : "FILE"));
        if (key == null) key = env.get("NIMBUS_KEY");
        if (key == null || key.isBlank()) throw CliError.usage("no key: set NIMBUS_KEY or give --key");
        if (api == null) api = env.get("NIMBUS_API");
        if (api == null) api = localApi(cwd);
        if (api == null) throw CliError.usage("no API URL: give --api (or run the local stack: infra/local/run)");
        Path target = cwd.resolve(positional.get(1));
        boolean terminal = System.console() != null && env.get("NIMBUS_CLI_STOP_AFTER_PARTS") == null;
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(20))
                .build();
        ExecutorService parts = Executors.newFixedThreadPool(parallel);
        ExecutorService files = Executors.newFixedThreadPool(parallel);
        try {
            Uploader uploader = new Uploader(http, parts, cacheDir(env), err, stopAfter(env));
            if (command.equals("upload")) {
                if (zone != null || delete) throw CliError.usage("--zone and --delete are push's");
                if (!Files.isRegularFile(target)) throw CliError.usage(target + " is not a file");
                long size = size(target);
                if (size == 0) throw new CliError(target + " is empty: upload it with POST /api/v4/upload");
                Progress progress = new Progress(err, "upload", size, terminal);
                String sha = Uploader.sha256(target);
                String record = uploader.upload(
                        target,
                        sha,
                        size,
                        Targets.hackClub(
                                new Api(http, api, Api.bearer(key), err),
                                api,
                                target.getFileName().toString()),
                        progress);
                progress.finish();
                out.println(record);
                return 0;
            }
            if (zone == null) throw CliError.usage("push needs --zone ID");
            return new Push(new Api(http, api, Api.basic(key), err), api, uploader, files, out, err, terminal)
                    .run(target, zone, delete);
        } finally {
            parts.shutdownNow();
            files.shutdownNow();
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) throw CliError.usage(option + " needs a value");
        return args[i];
    }

    /** .nimbus/local.json's "api", in the working folder or one above it, else in the checkout the wrapper runs from. */
    static String localApi(Path cwd) {
        List<Path> candidates = new ArrayList<>();
        for (Path p = cwd; p != null; p = p.getParent()) candidates.add(p.resolve(".nimbus/local.json"));
        String root = System.getProperty("nimbus.root");
        if (root != null) candidates.add(Path.of(root, ".nimbus/local.json"));
        for (Path file : candidates) {
            if (!Files.isRegularFile(file)) continue;
            try {
                Object api = Json.object(Files.readString(file)).get("api");
                if (api instanceof String s && !s.isBlank()) return s;
            } catch (IOException | RuntimeException e) {
                // not readable: try the next
            }
        }
        return null;
    }

    static Path cacheDir(Map<String, String> env) {
        String dir = env.get("NIMBUS_CACHE_DIR");
        if (dir != null && !dir.isBlank()) return Path.of(dir);
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) return Path.of(xdg, "nimbus");
        return Path.of(System.getProperty("user.home"), ".cache", "nimbus");
    }

    private static int stopAfter(Map<String, String> env) {
        String n = env.get("NIMBUS_CLI_STOP_AFTER_PARTS");
        try {
            return n == null ? 0 : Integer.parseInt(n.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new CliError("cannot read " + file + ": " + e.getMessage());
        }
    }
}
