package nimbus.shared.usage;

import jakarta.inject.Singleton;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import nimbus.shared.Settings;
import nimbus.shared.files.FileTable;
import nimbus.shared.store.Keys;
import nimbus.shared.zone.HostEntry;
import nimbus.shared.zone.ZoneTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Turns one CloudFront access log object into delivery counters: each request is credited to the zone whose host the
 * viewer asked for (a zone hostname or alias, by its {@code HOST#} item), or, on the files host, to the files zone of
 * the account that owns the file in the path ({@code /{id}/…}). A request for a host or file no one owns is counted
 * nowhere. Counts go to the zone and to its account, per hour and per day, once per log object ({@link UsageTable}).
 */
@Singleton
public class LogIngest {
    private static final Logger LOG = LoggerFactory.getLogger(LogIngest.class);

    /** What one log object gave. */
    public record Result(long lines, long skipped, long unattributed, int partsAdded) {}

    private record Owner(String zoneId, String accountId) {}

    private final ZoneTable zones;
    private final FileTable files;
    private final UsageTable usage;
    private final S3Client s3;
    private final Clock clock;

    public LogIngest(ZoneTable zones, FileTable files, UsageTable usage, S3Client s3, Clock clock) {
        this.zones = zones;
        this.files = files;
        this.usage = usage;
        this.s3 = s3;
        this.clock = clock;
    }

    /** Counts the log object {@code key} of {@code bucket}, streamed (gunzipped when its name ends in .gz). */
    public Result ingestObject(String bucket, String key) {
        try (InputStream raw = s3.getObject(g -> g.bucket(bucket).key(key));
                InputStream body = key.endsWith(".gz") ? new GZIPInputStream(raw, 64 * 1024) : raw;
                BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            return ingest(bucket + "/" + key, reader);
        } catch (IOException e) {
            throw new UncheckedIOException("reading access log " + bucket + "/" + key, e);
        }
    }

    /** Counts the log read from {@code log}, known as {@code logObject} ({@code bucket/key}) for idempotency. */
    public Result ingest(String logObject, BufferedReader log) {
        String filesHost = URI.create(Settings.cdnBaseUrl()).getHost().toLowerCase(Locale.ROOT);
        Map<String, Optional<Owner>> hosts = new HashMap<>();
        Map<String, Optional<Owner>> fileOwners = new HashMap<>();
        SortedMap<UsageTable.Counter, Counts> counts = new TreeMap<>();
        long[] unattributed = {0};
        AccessLog.Tally tally = AccessLog.read(log, line -> {
            Optional<Owner> owner = filesHost.equals(line.host())
                    ? fileId(line.uriStem()).flatMap(id -> fileOwners.computeIfAbsent(id, this::ownerOfFile))
                    : hosts.computeIfAbsent(line.host(), this::ownerOfHost);
            if (owner.isEmpty()) {
                unattributed[0]++;
                return;
            }
            Counts one = Counts.of(line);
            for (Interval interval : Interval.values()) {
                String sk = Keys.usageInterval(UsageTable.letter(interval), Period.floor(line.epochSecond(), interval));
                counts.merge(new UsageTable.Counter(Keys.zoneUsage(owner.get().zoneId()), sk), one, Counts::plus);
                counts.merge(
                        new UsageTable.Counter(Keys.accountUsage(owner.get().accountId()), sk), one, Counts::plus);
            }
        });
        int added = usage.addOnce(logObject, counts, clock.instant());
        Result result = new Result(tally.read(), tally.skipped(), unattributed[0], added);
        LOG.info(
                "access log {}: {} lines, {} unreadable, {} for no known host or file, {} counter parts added",
                logObject,
                result.lines(),
                result.skipped(),
                result.unattributed(),
                added);
        return result;
    }

    private Optional<Owner> ownerOfHost(String host) {
        if (host.isEmpty()) return Optional.empty();
        return zones.resolveHost(host).map((HostEntry h) -> new Owner(h.zoneId(), h.accountId()));
    }

    private Optional<Owner> ownerOfFile(String id) {
        return files.find(id).map(f -> new Owner(f.zoneId(), f.accountId()));
    }

    /** The file id of a files-host path: {@code /{id}/{name}} as viewers ask, or {@code /files/{id}} after the rewrite. */
    static Optional<String> fileId(String path) {
        String[] segments = path.startsWith("/") ? path.substring(1).split("/", -1) : new String[0];
        String id = segments.length >= 2 && "files".equals(segments[0])
                ? segments[1]
                : segments.length > 0 ? segments[0] : "";
        return id.isEmpty() || id.length() > 64 ? Optional.empty() : Optional.of(id);
    }
}
