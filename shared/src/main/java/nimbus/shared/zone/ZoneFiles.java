package nimbus.shared.zone;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import nimbus.shared.Ids;
import nimbus.shared.Settings;
import nimbus.shared.account.Account;
import nimbus.shared.account.AccountService;
import nimbus.shared.account.Quota;
import nimbus.shared.error.Conflict;
import nimbus.shared.error.InvalidInput;
import nimbus.shared.error.NotFound;
import nimbus.shared.error.QuotaExceeded;
import nimbus.shared.error.Subject;
import nimbus.shared.error.Unavailable;
import nimbus.shared.files.ContentTypes;
import nimbus.shared.purge.PurgeService;
import nimbus.shared.upload.LargeUploads;
import nimbus.shared.upload.LargeUploads.Assembled;
import nimbus.shared.upload.LargeUploads.Started;
import nimbus.shared.upload.UploadSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MetadataDirective;

/**
 * Content of push zones, by path, through the presigned {@link LargeUploads} flow: parts go to a staging object, so
 * a refused upload (checksum, size, quota) never touches what the zone serves; completing records the path (the quota
 * enforced in the same transaction), copies the staging object over the zone's, and purges the path when it replaced
 * one. Deleting a path purges it too.
 */
@Singleton
public class ZoneFiles {
    private static final Logger LOG = LoggerFactory.getLogger(ZoneFiles.class);
    public static final int MAX_PATH_BYTES = 1024;
    public static final int PAGE_SIZE = 1000;
    private static final String PATH = "path";

    private final LargeUploads uploads;
    private final ZoneFileTable files;
    private final ZoneService zones;
    private final AccountService accounts;
    private final PurgeService purges;
    private final S3Client s3;
    private final Clock clock;
    private final String bucket;

    public ZoneFiles(
            LargeUploads uploads,
            ZoneFileTable files,
            ZoneService zones,
            AccountService accounts,
            PurgeService purges,
            S3Client s3,
            Clock clock) {
        this.uploads = uploads;
        this.files = files;
        this.zones = zones;
        this.accounts = accounts;
        this.purges = purges;
        this.s3 = s3;
        this.clock = clock;
        this.bucket = Settings.assetsBucket();
    }

    /** A path as stored: starting with {@code /}, no empty, {@code .} or {@code ..} segment, no control character. */
    public static String normalize(String path) {
        if (path == null || path.isBlank()) throw InvalidInput.missing(PATH);
        String p = path.startsWith("/") ? path : "/" + path;
        if (p.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) throw InvalidInput.controlCharacters(PATH);
        if (p.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw InvalidInput.tooLong(PATH, MAX_PATH_BYTES);
        }
        if (p.endsWith("/")) throw InvalidInput.notAllowed(PATH, p);
        for (String segment : p.substring(1).split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw InvalidInput.notAllowed(PATH, p);
            }
        }
        return p;
    }

    public Started start(String accountId, String zoneId, String path, long size, String declaredType, String sha256) {
        Zone zone = pushZone(accountId, zoneId);
        String clean = normalize(path);
        // its object key, <zoneId><path>, must fit S3's 1024 bytes too
        int room = MAX_PATH_BYTES - zone.id().length();
        if (clean.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > room)
            throw InvalidInput.tooLong(PATH, room);
        String checksum = LargeUploads.checkedSha256(sha256);
        Account account = accounts.require(accountId);
        Quota.checkFits(account, size);
        String id = Ids.newId();
        return uploads.start(
                id,
                accountId,
                zone.id(),
                "staging/" + id,
                clean,
                size,
                ContentTypes.detect(new byte[0], clean, declaredType),
                checksum,
                null,
                Map.of(PATH, clean));
    }

    public Started status(String accountId, String zoneId, String uploadId) {
        return uploads.status(session(accountId, zoneId, uploadId));
    }

    /**
     * Records the path and makes the zone serve the new bytes; the path is purged when it held other bytes. A
     * complete that failed after recording is finished by the next one (the record names its upload).
     */
    public ZoneFile complete(String accountId, String zoneId, String uploadId) {
        Zone zone = pushZone(accountId, zoneId);
        UploadSession session = uploads.find(accountId, uploadId)
                .filter(s -> s.zoneId().equals(zoneId))
                .orElse(null);
        if (session == null) {
            // gone: a complete retried after one that succeeded answers what that one recorded
            String id = Ids.normalize(uploadId);
            if (!Ids.isUuid(id)) throw new NotFound(Subject.UPLOAD);
            return files.result(id)
                    .map(ZoneFileTable.Recorded::file)
                    .filter(f -> f.accountId().equals(accountId) && f.zoneId().equals(zone.id()))
                    .orElseThrow(() -> new NotFound(Subject.UPLOAD));
        }
        Assembled assembled = uploads.assemble(session);
        String path = session.attributes().get(PATH);
        String type = ContentTypes.detect(assembled.head(), path, session.declaredType());
        ZoneFile file = new ZoneFile(
                zone.id(),
                accountId,
                path,
                assembled.size(),
                assembled.sha256(),
                type,
                clock.instant().truncatedTo(ChronoUnit.MILLIS),
                session.id());
        ZoneFile previous = files.find(zone.id(), path).orElse(null);
        boolean replaced = previous != null && !previous.sha256().equals(file.sha256());
        if (previous != null && previous.uploadId().equals(session.id())) {
            // recorded by an earlier complete that failed afterwards: whether it replaced bytes is in its result
            replaced = files.result(session.id())
                    .map(ZoneFileTable.Recorded::replaced)
                    .orElse(true);
        } else {
            Account account = accounts.require(accountId);
            ZoneFileTable.Write outcome = files.put(
                    file, previous, Quota.roomBefore(account, file.size() - size(previous)), replaced, clock.instant());
            if (outcome == ZoneFileTable.Write.OVER_QUOTA) {
                uploads.discard(session);
                throw new QuotaExceeded(
                        QuotaExceeded.Reason.STORAGE_FULL,
                        accounts.require(accountId).usage(),
                        file.size());
            }
            if (outcome == ZoneFileTable.Write.CHANGED_MEANWHILE) throw Conflict.changedMeanwhile(Subject.FILE);
        }
        try {
            s3.copyObject(c -> c.sourceBucket(bucket)
                    .sourceKey(session.blobKey())
                    .destinationBucket(bucket)
                    .destinationKey(file.blobKey())
                    .metadataDirective(MetadataDirective.REPLACE)
                    .contentType(type));
        } catch (RuntimeException e) {
            // recorded but not yet served: the session stays, and the next complete copies again
            LOG.error("could not copy upload {} to {}: {}", session.id(), file.blobKey(), e.toString());
            throw new Unavailable();
        }
        uploads.discard(session); // the staging object and the session
        if (replaced) purges.paths(zone, List.of(path));
        return file;
    }

    /** The zone's files in path order, a page of {@value #PAGE_SIZE} after {@code afterPath} (null: the first). */
    public List<ZoneFile> list(String accountId, String zoneId, String afterPath) {
        Zone zone = pushZone(accountId, zoneId);
        return files.page(zone.id(), afterPath == null ? null : normalize(afterPath), PAGE_SIZE);
    }

    /** Removes the path from the zone: record and counters, then the bytes, then the edge's copies. */
    public ZoneFile delete(String accountId, String zoneId, String path) {
        Zone zone = pushZone(accountId, zoneId);
        ZoneFile file = files.find(zone.id(), normalize(path)).orElseThrow(() -> new NotFound(Subject.FILE));
        if (!files.delete(file)) throw Conflict.changedMeanwhile(Subject.FILE);
        try {
            s3.deleteObject(d -> d.bucket(bucket).key(file.blobKey()));
        } catch (RuntimeException e) {
            // the path is gone from the zone's records and counters; its bytes stay until deleted by hand
            LOG.warn("could not delete {}: {}", file.blobKey(), e.toString());
        }
        purges.paths(zone, List.of(file.path()));
        return file;
    }

    private static long size(ZoneFile file) {
        return file == null ? 0 : file.size();
    }

    private Zone pushZone(String accountId, String zoneId) {
        Zone zone = zones.require(accountId, zoneId);
        if (zone.kind() != ZoneKind.PUSH)
            throw InvalidInput.notAllowed("zone", zone.kind().slug() + " zone");
        return zone;
    }

    private UploadSession session(String accountId, String zoneId, String uploadId) {
        UploadSession session = uploads.require(accountId, uploadId);
        if (!session.zoneId().equals(zoneId)) throw new NotFound(Subject.UPLOAD);
        return session;
    }
}
