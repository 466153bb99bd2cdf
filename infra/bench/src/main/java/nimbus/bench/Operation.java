package nimbus.bench;

import java.util.List;

/**
 * One API operation to benchmark: the handler, its event fixture under events/, and what the
 * benchmark needs around it. Adding an operation is one line in {@link #ALL}.
 *
 * @param baseline the plain-Java baseline's class (nimbus.bench.plain), or null; an operation with
 *                 {@code cold} set is measured in cold start, against its baseline when it has one
 * @param warmup   warm-up invocations before the timed ones (0: the harness default)
 * @param iterations timed warm invocations (0: the harness default, {@code --iterations})
 */
public record Operation(
        String name,
        String dialect,
        String handler,
        String event,
        Payload payload,
        boolean pathId,
        int expectedStatus,
        boolean cold,
        String baseline,
        int warmup,
        int iterations) {

    /** A request body the harness builds (the fixtures' own bodies are tiny). */
    public enum Payload {
        NONE,
        ONE_MB_MULTIPART
    }

    public static final List<Operation> ALL = List.of(
            op("hackclub me", "hackclub", "nimbus.hackclub.MeHandler", "hackclub/me.json")
                    .cold("nimbus.bench.plain.PlainMe"),
            op("aether files list", "aether", "nimbus.aether.ListFilesHandler", "aether/list-files.json")
                    .cold("nimbus.bench.plain.PlainListFiles"),
            op("hackclub upload 1 MB", "hackclub", "nimbus.hackclub.UploadHandler", "hackclub/upload.json")
                    .body(Payload.ONE_MB_MULTIPART)
                    .status(201)
                    .warm(100, 300)
                    .cold("nimbus.bench.plain.PlainUpload"),
            op("aether download 1 KB", "aether", "nimbus.aether.DownloadFileHandler", "aether/download-file.json")
                    .withPathId(),
            op("hackclub rename", "hackclub", "nimbus.hackclub.RenameHandler", "hackclub/rename.json")
                    .withPathId(),
            op("aether user stats", "aether", "nimbus.aether.UserStatsHandler", "aether/user-stats.json"),
            op("rescdn zones list", "rescdn", "nimbus.rescdn.ListZonesHandler", "rescdn/list-zones.json"));

    public static Operation op(String name, String dialect, String handler, String event) {
        return new Operation(name, dialect, handler, event, Payload.NONE, false, 200, false, null, 0, 0);
    }

    /** Measured in cold start too, against this baseline class (null: no baseline). */
    public Operation cold(String baselineClass) {
        return new Operation(
                name,
                dialect,
                handler,
                event,
                payload,
                pathId,
                expectedStatus,
                true,
                baselineClass,
                warmup,
                iterations);
    }

    public Operation body(Payload p) {
        return new Operation(
                name, dialect, handler, event, p, pathId, expectedStatus, cold, baseline, warmup, iterations);
    }

    /** The event's {id} path parameter becomes the fixture's small file. */
    public Operation withPathId() {
        return new Operation(
                name, dialect, handler, event, payload, true, expectedStatus, cold, baseline, warmup, iterations);
    }

    public Operation status(int expected) {
        return new Operation(
                name, dialect, handler, event, payload, pathId, expected, cold, baseline, warmup, iterations);
    }

    public Operation warm(int warmupInvocations, int timedInvocations) {
        return new Operation(
                name,
                dialect,
                handler,
                event,
                payload,
                pathId,
                expectedStatus,
                cold,
                baseline,
                warmupInvocations,
                timedInvocations);
    }

    /** The shaded jar holding the handler: functions/<dialect>/target/nimbus-<dialect>.jar. */
    public String functionModule() {
        return handler.split("\\.")[1];
    }
}
