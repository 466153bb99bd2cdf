package nimbus.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import nimbus.shared.http.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The users' tool (not the operator's: that is infra/admin/nimbus-admin): {@code upload} sends one file of any size
 * the tier allows to the account's files zone (Hack Club key), {@code push} syncs a folder into a KeyCDN push zone
 * (KeyCDN key), both through the presigned multipart flow, with a progress line and resumable uploads.
 */
@Command(
        name = "nimbus",
        mixinStandardHelpOptions = true,
        subcommands = {NimbusCli.Upload.class, NimbusCli.Push.class},
        description = "Nimbus CDN from the command line: upload a large file, push a folder into a push zone.")
public final class NimbusCli {
    /** Exit status of a run stopped with parts left (--max-parts): run the same command again to resume. */
    static final int STOPPED = 3;
    /** Files a push sends at once. */
    static final int FILES_AT_ONCE = 4;

    static final class Common {
        @Option(names = "--api", description = "API base URL (default: NIMBUS_API, else the running local stack's)")
        String api;

        @Option(names = "--key", description = "the dialect key (default: NIMBUS_KEY)")
        String key;

        @Option(
                names = "--max-parts",
                description = "send at most this many parts this run, then stop (run again to resume)",
                defaultValue = "2147483647")
        int maxParts;

        @Option(
                names = "--state-dir",
                description = "where unfinished uploads are remembered (default ~/.cache/nimbus)")
        Path stateDir;

        String api() {
            if (api != null) return api;
            String fromEnv = System.getenv("NIMBUS_API");
            if (fromEnv != null && !fromEnv.isBlank()) return fromEnv;
            for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
                Path local = dir.resolve(".nimbus/local.json");
                if (Files.exists(local)) {
                    try {
                        return (String)
                                Json.parseObject(Files.readAllBytes(local)).get("api");
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
            throw new CommandLine.ParameterException(
                    new CommandLine(new NimbusCli()), "no API: give --api or NIMBUS_API, or start infra/local/run");
        }

        String key() {
            String k = key != null ? key : System.getenv("NIMBUS_KEY");
            if (k == null || k.isBlank()) {
                throw new CommandLine.ParameterException(
                        new CommandLine(new NimbusCli()), "no key: give --key or NIMBUS_KEY");
            }
            return k.trim();
        }

        Path stateDir() {
            return stateDir != null ? stateDir : Path.of(System.getProperty("user.home"), ".cache", "nimbus");
        }
    }

    static HttpClient http() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();
    }

    @Command(
            name = "upload",
            mixinStandardHelpOptions = true,
            description = "Upload one file to your files zone (a Hack Club key); prints the file.")
    static final class Upload implements Callable<Integer> {
        @CommandLine.Mixin
        Common common = new Common();

        @Parameters(index = "0", description = "the file")
        Path file;

        @Override
        public Integer call() {
            PrintStream out = System.out;
            PrintStream err = System.err;
            HttpClient http = http();
            Api api = Api.hackClub(http, common.api(), common.key());
            Map<String, Object> start = new LinkedHashMap<>();
            start.put("filename", file.getFileName().toString());
            start.put("size", Resumable.size(file));
            start.put("sha256", Resumable.sha256(file));
            Resumable.Outcome outcome = new Resumable(http, api, common.stateDir(), err, false)
                    .upload(
                            file,
                            "hackclub " + common.api(),
                            new Resumable.Routes(
                                    "/api/v4/uploads/multipart",
                                    id -> "/api/v4/uploads/multipart/" + id,
                                    id -> "/api/v4/uploads/multipart/" + id + "/complete"),
                            start,
                            Api.Reply::json,
                            common.maxParts);
            if (outcome.completed() == null) {
                err.println(
                        "stopped with " + outcome.partsLeft() + " parts left: run the same command again to resume");
                return STOPPED;
            }
            out.println(new String(Json.write(outcome.completed()), java.nio.charset.StandardCharsets.UTF_8));
            out.flush();
            return 0;
        }
    }

    @Command(
            name = "push",
            mixinStandardHelpOptions = true,
            description = "Sync a folder into a push zone (a KeyCDN key): uploads new and changed files (by SHA-256),"
                    + " with --delete removes the zone's files the folder no longer has; the zone purges what changed.")
    static final class Push implements Callable<Integer> {
        @CommandLine.Mixin
        Common common = new Common();

        @Parameters(index = "0", description = "the folder")
        Path dir;

        @Option(names = "--zone", required = true, description = "the push zone's id")
        String zone;

        @Option(names = "--delete", description = "remove the zone's files the folder does not have")
        boolean delete;

        @Override
        public Integer call() throws IOException {
            PrintStream err = System.err;
            HttpClient http = http();
            Api api = Api.keyCdn(http, common.api(), common.key());
            Map<String, String> remote = remoteFiles(api);
            Map<String, Path> local = localFiles();
            Resumable resumable = new Resumable(http, api, common.stateDir(), err, true);
            Map<String, Path> changed = new TreeMap<>();
            Map<String, String> sums = new TreeMap<>();
            for (Map.Entry<String, Path> entry : local.entrySet()) {
                String sha256 = Resumable.sha256(entry.getValue());
                if (!sha256.equals(remote.get(entry.getKey()))) {
                    changed.put(entry.getKey(), entry.getValue());
                    sums.put(entry.getKey(), sha256);
                }
            }
            int unchanged = local.size() - changed.size();
            long bytes = changed.values().stream().mapToLong(Resumable::size).sum();
            Progress progress = new Progress(err, "push " + changed.size() + " files", bytes, 0);
            // a few files at a time: each is a handful of calls, and small files are bound by them, not by bytes
            java.util.concurrent.ExecutorService pool =
                    java.util.concurrent.Executors.newFixedThreadPool(FILES_AT_ONCE);
            java.util.concurrent.atomic.AtomicInteger stopped = new java.util.concurrent.atomic.AtomicInteger();
            List<java.util.concurrent.Future<?>> work = new ArrayList<>();
            String base = "/zones/" + zone;
            for (Map.Entry<String, Path> entry : changed.entrySet()) {
                work.add(pool.submit(() -> {
                    Map<String, Object> start = new LinkedHashMap<>();
                    start.put("path", entry.getKey());
                    start.put("size", Resumable.size(entry.getValue()));
                    start.put("sha256", sums.get(entry.getKey()));
                    Resumable.Outcome outcome = resumable.upload(
                            entry.getValue(),
                            "keycdn " + common.api() + " zone " + zone + " " + entry.getKey(),
                            new Resumable.Routes(
                                    base + "/uploads.json",
                                    id -> base + "/uploads/" + id + ".json",
                                    id -> base + "/uploads/" + id + "/complete.json"),
                            start,
                            reply -> reply.object("data") == null ? null : upload(reply.object("data")),
                            common.maxParts);
                    if (outcome.completed() == null) stopped.incrementAndGet();
                    progress.add(Resumable.size(entry.getValue()));
                    return null;
                }));
            }
            try {
                Api.Failed.awaitAll(work);
            } finally {
                pool.shutdownNow();
            }
            progress.done();
            if (stopped.get() > 0) {
                err.println(stopped.get() + " files stopped with parts left: run the same command again to resume");
                return STOPPED;
            }
            int uploaded = changed.size();
            int deleted = 0;
            if (delete) {
                for (String path : remote.keySet()) {
                    if (local.containsKey(path)) continue;
                    Api.Reply reply = api.delete("/zones/" + zone + "/files.json?path=" + Api.query(path));
                    if (!reply.ok()) throw new Api.Failed("delete " + path + " refused: " + reply.json());
                    deleted++;
                }
            }
            System.out.println("pushed " + dir + " to zone " + zone + ": " + uploaded + " uploaded, " + unchanged
                    + " unchanged, " + deleted + " deleted");
            return 0;
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> upload(Map<String, Object> data) {
            return (Map<String, Object>) data.get("upload");
        }

        /** The zone's files, path to SHA-256, page by page. */
        @SuppressWarnings("unchecked")
        private Map<String, String> remoteFiles(Api api) {
            Map<String, String> files = new TreeMap<>();
            String after = null;
            do {
                Api.Reply page =
                        api.get("/zones/" + zone + "/files.json" + (after == null ? "" : "?after=" + Api.query(after)));
                if (!page.ok()) throw new Api.Failed("listing zone " + zone + " refused: " + page.json());
                Map<String, Object> data = page.object("data");
                for (Map<String, Object> file : (List<Map<String, Object>>) data.get("files")) {
                    files.put((String) file.get("path"), (String) file.get("sha256"));
                }
                after = (String) data.get("next");
            } while (after != null);
            return files;
        }

        /** The folder's regular files by zone path ({@code /a/b.css}), in path order. */
        private Map<String, Path> localFiles() throws IOException {
            Map<String, Path> files = new TreeMap<>();
            try (Stream<Path> walk = Files.walk(dir)) {
                List<Path> regular =
                        new ArrayList<>(walk.filter(Files::isRegularFile).toList());
                for (Path file : regular) {
                    files.put("/" + dir.relativize(file).toString().replace('\\', '/'), file);
                }
            }
            return files;
        }
    }

    /** Runs the tool with {@code args}; its exit status. */
    public static int run(String... args) {
        CommandLine line = new CommandLine(new NimbusCli());
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("nimbus: " + e.getMessage());
            return 1;
        });
        return line.execute(args);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }
}
