package nimbus.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * {@code nimbus push DIR --zone ID [--delete]}: makes a KeyCDN push zone hold what the folder holds. It lists the
 * zone's files (their SHA-256), uploads the files that are new or whose SHA-256 differs, a few at a time, through
 * the zone's upload endpoints, and with {@code --delete} deletes the zone's files the folder no longer has. The
 * server purges every path it replaces or deletes; a new path needs no purge.
 */
final class Push {
    record Remote(long size, String sha256) {}

    private final Api api;
    private final String apiUrl;
    private final Uploader uploader;
    private final ExecutorService files;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;

    Push(
            Api api,
            String apiUrl,
            Uploader uploader,
            ExecutorService files,
            PrintStream out,
            PrintStream err,
            boolean terminal) {
        this.api = api;
        this.apiUrl = apiUrl;
        this.uploader = uploader;
        this.files = files;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    int run(Path dir, String zoneId, boolean delete) {
        if (!Files.isDirectory(dir)) throw CliError.usage(dir + " is not a folder");
        if (!zoneId.matches("[0-9]{1,18}")) throw CliError.usage("--zone takes a zone id (digits), not " + zoneId);
        Map<String, Remote> remote = list(zoneId);
        Map<String, Path> local = walk(dir);
        List<String> changed = new ArrayList<>();
        Map<String, String> hashes = new TreeMap<>();
        long bytes = 0;
        List<String> empty = new ArrayList<>();
        for (Map.Entry<String, Path> e : local.entrySet()) {
            if (size(e.getValue()) == 0) {
                // The upload endpoints take at least one byte (an S3 multipart upload has at least one part).
                empty.add(e.getKey());
                err.println("nimbus: skipping " + e.getKey() + ": an empty file cannot be uploaded");
                continue;
            }
            String sha = Uploader.sha256(e.getValue());
            hashes.put(e.getKey(), sha);
            Remote there = remote.get(e.getKey());
            long size = size(e.getValue());
            if (there == null || !there.sha256().equals(sha) || there.size() != size) {
                changed.add(e.getKey());
                bytes += size;
            }
        }
        List<String> removed = delete
                ? remote.keySet().stream()
                        .filter(p -> !local.containsKey(p) || empty.contains(p))
                        .sorted()
                        .toList()
                : List.of();
        err.println("nimbus: " + local.size() + " file(s) in " + dir + ", " + remote.size() + " in zone " + zoneId
                + ": " + changed.size() + " to upload (" + Progress.size(bytes) + ")"
                + (delete ? ", " + removed.size() + " to delete" : ""));
        Progress progress = new Progress(err, "push", bytes, terminal);
        List<String> uploaded = Collections.synchronizedList(new ArrayList<>());
        List<String> failed = Collections.synchronizedList(new ArrayList<>());
        List<Future<?>> work = new ArrayList<>();
        CliError[] stop = new CliError[1];
        for (String path : changed) {
            Path file = local.get(path);
            work.add(files.submit(() -> {
                try {
                    uploader.upload(
                            file,
                            hashes.get(path),
                            size(file),
                            Targets.keyCdnZone(api, apiUrl, zoneId, path),
                            progress);
                    uploaded.add(path);
                } catch (CliError e) {
                    if (e.exitCode == 130) {
                        synchronized (stop) {
                            stop[0] = e;
                        }
                        return;
                    }
                    failed.add(path);
                    err.println("\nnimbus: " + path + ": " + e.getMessage());
                }
            }));
        }
        for (Future<?> f : work) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw new CliError(String.valueOf(e.getCause()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliError("interrupted", 130, 0);
            }
        }
        progress.finish();
        if (stop[0] != null) throw stop[0];
        List<String> deleted = new ArrayList<>();
        for (String path : removed) {
            try {
                api.call("DELETE", "/zones/" + zoneId + "/files.json?path=" + Targets.encode(path), null);
                deleted.add(path);
            } catch (CliError e) {
                failed.add(path);
                err.println("nimbus: delete " + path + ": " + e.getMessage());
            }
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("zone", zoneId);
        List<String> sortedUploads = new ArrayList<>(uploaded);
        Collections.sort(sortedUploads);
        summary.put("uploaded", sortedUploads);
        summary.put("unchanged", local.size() - changed.size() - empty.size());
        summary.put("skipped", empty);
        summary.put("deleted", deleted);
        List<String> sortedFailures = new ArrayList<>(failed);
        Collections.sort(sortedFailures);
        summary.put("failed", sortedFailures);
        out.println(Json.write(summary));
        err.println(
                "nimbus: uploaded " + uploaded.size() + ", unchanged " + (local.size() - changed.size() - empty.size())
                        + ", deleted " + deleted.size() + (failed.isEmpty() ? "" : ", FAILED " + failed.size()));
        return failed.isEmpty() ? 0 : 1;
    }

    /** Every file of the zone, page by page (1000 a page), by path. */
    @SuppressWarnings("unchecked")
    private Map<String, Remote> list(String zoneId) {
        Map<String, Remote> files = new TreeMap<>();
        for (int page = 1; ; page++) {
            Map<String, Object> data =
                    (Map<String, Object>) api.call("GET", "/zones/" + zoneId + "/files.json?page=" + page, null)
                            .get("data");
            List<Object> items = (List<Object>) data.get("files");
            for (Object o : items) {
                Map<String, Object> f = (Map<String, Object>) o;
                files.put((String) f.get("path"), new Remote(((Number) f.get("size")).longValue(), (String)
                        f.get("sha256")));
            }
            Object pages = data.get("pages");
            boolean more = pages instanceof Number n ? page < n.longValue() : items.size() >= 1000;
            if (!more || items.isEmpty()) return files;
        }
    }

    /** The folder's regular files by zone path ({@code /} + the relative path with {@code /} separators). */
    private static Map<String, Path> walk(Path dir) {
        Map<String, Path> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            all.filter(Files::isRegularFile).forEach(f -> {
                StringBuilder path = new StringBuilder();
                for (Path part : dir.relativize(f)) path.append('/').append(part);
                files.put(path.toString(), f);
            });
        } catch (IOException e) {
            throw new CliError("cannot read " + dir + ": " + e.getMessage());
        }
        return files;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new CliError("cannot read " + file + ": " + e.getMessage());
        }
    }
}
