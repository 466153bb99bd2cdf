package nimbus.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import nimbus.shared.http.Json;

/**
 * One file through a presigned multipart flow, resumable: the upload id is kept in a small state file (under
 * {@code stateDir}, named after the target, the file, its size and its modification time) until the upload
 * completes, so a run that was interrupted (or stopped after {@code maxParts}) continues where it stopped, asking the
 * status call which parts S3 already holds.
 */
final class Resumable {
    /** Where the flow's calls live, for one dialect. */
    record Routes(String start, Function<String, String> status, Function<String, String> complete) {}

    /** How a run ended: the answer of complete, or stopped with parts left (to resume). */
    record Outcome(Map<String, Object> completed, int partsLeft) {}

    private final HttpClient http;
    private final Api api;
    private final Path stateDir;
    private final PrintStream err;
    /** No progress line per file (a push draws one for the whole folder). */
    private final boolean quiet;

    Resumable(HttpClient http, Api api, Path stateDir, PrintStream err, boolean quiet) {
        this.http = http;
        this.api = api;
        this.stateDir = stateDir;
        this.err = err;
        this.quiet = quiet;
    }

    /**
     * Uploads {@code file}; {@code startBody} is the start call's body (name or path, size, sha256);
     * {@code upload} picks the upload object out of an answer.
     */
    Outcome upload(
            Path file,
            String target,
            Routes routes,
            Map<String, Object> startBody,
            Function<Api.Reply, Map<String, Object>> upload,
            int maxParts) {
        long size = size(file);
        Path state = stateFile(target, file, size);
        Map<String, Object> current = null;
        String id = readState(state);
        if (id != null) {
            Api.Reply status = api.get(routes.status().apply(id));
            if (status.ok()) {
                current = upload.apply(status);
                err.println("resuming upload " + id + ": " + uploaded(current) + " of "
                        + parts(current).size() + " parts already sent");
            } else {
                forget(state); // expired or gone: start again
            }
        }
        if (current == null) {
            Api.Reply started = api.post(routes.start(), startBody);
            if (!started.ok()) throw new Api.Failed("start refused (" + started.status() + "): " + started.json());
            current = upload.apply(started);
            id = (String) current.get("id");
            if (id == null) id = (String) current.get("upload_id");
            writeState(state, id);
        }
        long partSize = ((Number)
                        (current.containsKey("part_size") ? current.get("part_size") : current.get("partSize")))
                .longValue();
        long already = parts(current).stream()
                .filter(p -> p.get("url") == null)
                .mapToLong(p -> ((Number) p.get("size")).longValue())
                .sum();
        Progress progress = quiet
                ? Progress.silent(size)
                : new Progress(err, file.getFileName().toString(), size, already);
        int missing =
                (int) parts(current).stream().filter(p -> p.get("url") != null).count();
        int sent = Parts.send(http, file, parts(current), partSize, maxParts, progress);
        if (sent < missing) {
            progress.done();
            return new Outcome(null, missing - sent);
        }
        progress.done();
        Api.Reply completed = api.post(routes.complete().apply(id), null);
        if (!completed.ok()) throw new Api.Failed("complete refused (" + completed.status() + "): " + completed.json());
        forget(state);
        return new Outcome(completed.json(), 0);
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> parts(Map<String, Object> upload) {
        return (List<Map<String, Object>>) upload.get("parts");
    }

    private static long uploaded(Map<String, Object> upload) {
        return parts(upload).stream().filter(p -> p.get("url") == null).count();
    }

    private Path stateFile(String target, Path file, long size) {
        try {
            String identity = target + "\n" + file.toAbsolutePath().normalize() + "\n" + size + "\n"
                    + Files.getLastModifiedTime(file).toMillis();
            String name = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 32);
            return stateDir.resolve("upload-" + name + ".json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String readState(Path state) {
        try {
            if (!Files.exists(state)) return null;
            return (String) Json.parseObject(Files.readAllBytes(state)).get("upload_id");
        } catch (IOException | RuntimeException e) {
            return null; // unreadable: start again
        }
    }

    private static void writeState(Path state, String id) {
        try {
            Files.createDirectories(state.getParent());
            Files.write(state, Json.write(Map.of("upload_id", id)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void forget(Path state) {
        try {
            Files.deleteIfExists(state);
        } catch (IOException ignored) {
            // a stale state file only costs one status call next time
        }
    }
}
