package nimbus.shared.zone;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nimbus.shared.Ids;
import nimbus.shared.account.Account;
import nimbus.shared.account.AccountService;
import nimbus.shared.account.Quota;
import nimbus.shared.error.Conflict;
import nimbus.shared.error.InvalidInput;
import nimbus.shared.error.NotFound;
import nimbus.shared.error.QuotaExceeded;
import nimbus.shared.error.Subject;
import nimbus.shared.error.Unavailable;
import nimbus.shared.files.BlobStore;
import nimbus.shared.files.ContentTypes;
import nimbus.shared.purge.PurgeService;
import nimbus.shared.store.Writes;
import nimbus.shared.upload.LargeUploads;
import nimbus.shared.upload.LargeUploads.Started;
import nimbus.shared.upload.UploadSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Content for push zones, through {@link LargeUploads}: the parts go to a staging object
 * ({@code staging/<uploadId>}), so a refused upload (size, checksum, quota) never touches the live file. Completing
 * assembles and checks the bytes, records the file with its counters (the quota enforced by condition, a replaced
 * path counted by the size difference), copies the staging object to the path's object with its type and cache
 * policy, queues a purge of the path when it replaced a file, and drops the session and the staging object. A
 * complete retried after one that succeeded answers what that one recorded; one that failed part-way (the session
 * still there) redoes only what is missing: the recording is idempotent by the upload id.
 */
@Singleton
public class PushUploads {
    private static final Logger LOG = LoggerFactory.getLogger(PushUploads.class);
    /**
     * Push-zone objects are replaced in place: viewers may keep a copy 5 minutes, the CDN a year (a replaced or
     * deleted path is purged). A zone's {@code expire} setting overrides it at the edge.
     */
    public static final String CACHE_CONTROL = "public, max-age=300, s-maxage=31536000";

    static final String PATH = "path";
    /** Attempts to record over a path that other writes keep changing. */
    private static final int RECORD_ATTEMPTS = 5;

    private final LargeUploads uploads;
    private final ZoneFiles zoneFiles;
    private final ZoneFileTable files;
    private final AccountService accounts;
    private final BlobStore blobs;
    private final PurgeService purges;
    private final Clock clock;

    public PushUploads(
            LargeUploads uploads,
            ZoneFiles zoneFiles,
            ZoneFileTable files,
            AccountService accounts,
            BlobStore blobs,
            PurgeService purges,
            Clock clock) {
        this.uploads = uploads;
        this.zoneFiles = zoneFiles;
        this.files = files;
        this.accounts = accounts;
        this.blobs = blobs;
        this.purges = purges;
        this.clock = clock;
    }

    /** Where an upload's parts go before they are checked. */
    public static String stagingKey(String uploadId) {
        return "staging/" + uploadId;
    }

    /** Starts an upload of {@code size} bytes to {@code path} of the caller's push zone; the quota is checked now. */
    public Started start(String accountId, String zoneId, String path, long size, String declaredType, String sha256) {
        Zone zone = zoneFiles.requirePush(accountId, zoneId);
        String normalized = ZonePaths.normalize(zone.id(), path);
        String checksum = LargeUploads.checkedSha256(sha256);
        if (size <= 0) throw InvalidInput.notAllowed("size", Long.toString(size));
        Quota.checkFits(accounts.require(accountId), size);
        String id = Ids.newId();
        String name = ZonePaths.filename(normalized);
        return uploads.start(
                id,
                accountId,
                zone.id(),
                stagingKey(id),
                name,
                size,
                ContentTypes.detect(new byte[0], name, declaredType),
                checksum,
                CACHE_CONTROL,
                Map.of(PATH, normalized));
    }

    /** The parts S3 holds and fresh URLs for the rest; another zone's upload is not found. */
    public Started status(String accountId, String zoneId, String uploadId) {
        Zone zone = zoneFiles.requirePush(accountId, zoneId);
        Started started = uploads.status(accountId, uploadId); // one read of the session, then its zone is checked
        if (!zone.id().equals(started.session().zoneId()) || path(started.session()) == null)
            throw new NotFound(Subject.UPLOAD);
        return started;
    }

    /** The upload's path, once: the session's attribute. */
    public static String path(UploadSession session) {
        return session.attributes().get(PATH);
    }

    /** Assembles, checks, records and publishes the file; see the class comment. */
    public ZoneFile complete(String accountId, String zoneId, String uploadId) {
        Zone zone = zoneFiles.requirePush(accountId, zoneId);
        UploadSession session = session(accountId, zone, uploadId).orElse(null);
        if (session == null) {
            String id = Ids.normalize(uploadId);
            if (!Ids.isUuid(id)) throw new NotFound(Subject.UPLOAD);
            return files.result(id)
                    .map(ZoneFileTable.Recorded::file)
                    .filter(f -> f.accountId().equals(accountId) && f.zoneId().equals(zone.id()))
                    .orElseThrow(() -> new NotFound(Subject.UPLOAD));
        }
        LargeUploads.Assembled assembled = uploads.assemble(session);
        String type = ContentTypes.detect(assembled.head(), session.name(), session.declaredType());
        ZoneFile file = new ZoneFile(
                zone.id(),
                accountId,
                path(session),
                assembled.size(),
                assembled.sha256(),
                type,
                clock.instant().truncatedTo(ChronoUnit.MILLIS),
                session.id());
        ZoneFileTable.Recorded recorded = record(file, session);
        try {
            blobs.copy(
                    session.blobKey(),
                    recorded.file().objectKey(),
                    recorded.file().contentType(),
                    CACHE_CONTROL);
        } catch (RuntimeException e) {
            // Recorded but not in place yet: the session stays, and a retried complete copies again.
            LOG.error(
                    "could not copy upload {} to {}: {}",
                    session.id(),
                    recorded.file().objectKey(),
                    e.toString());
            throw new Unavailable();
        }
        if (recorded.replaced()) purges.paths(zone, List.of(recorded.file().path()));
        uploads.finish(session);
        blobs.deleteQuietly(session.blobKey());
        return recorded.file();
    }

    private ZoneFileTable.Recorded record(ZoneFile file, UploadSession session) {
        for (int attempt = 0; attempt < RECORD_ATTEMPTS; attempt++) {
            ZoneFile previous = files.find(file.zoneId(), file.path(), true).orElse(null);
            if (previous != null && previous.uploadId().equals(file.uploadId())) return recordedBefore(file);
            long delta = file.size() - (previous == null ? 0 : previous.size());
            Account account = accounts.require(file.accountId());
            ZoneFileTable.Write write;
            try {
                write = files.put(file, previous, delta > 0 ? Quota.roomBefore(account, delta) : null, now());
            } catch (Writes.OutcomeUnknown e) {
                // The recording may yet have landed: keep the session and the staging object for a retry.
                LOG.error("recording upload {} has an unknown outcome: {}", file.uploadId(), e.toString());
                throw new Unavailable();
            }
            switch (write) {
                case STORED:
                    return new ZoneFileTable.Recorded(file, previous != null);
                case RECORDED_BEFORE:
                    return recordedBefore(file);
                case OVER_QUOTA:
                    uploads.discard(session);
                    throw new QuotaExceeded(
                            QuotaExceeded.Reason.STORAGE_FULL,
                            accounts.require(file.accountId()).usage(),
                            file.size());
                case CHANGED:
                    continue; // another upload or a delete of the path landed since the read: read it again
            }
        }
        throw Conflict.changedMeanwhile(Subject.FILE);
    }

    private ZoneFileTable.Recorded recordedBefore(ZoneFile file) {
        return files.result(file.uploadId()).orElse(new ZoneFileTable.Recorded(file, true));
    }

    /** The caller's upload into this zone; one into another zone (or a files upload) reads as missing. */
    private Optional<UploadSession> session(String accountId, Zone zone, String uploadId) {
        return uploads.find(accountId, uploadId)
                .filter(s -> zone.id().equals(s.zoneId()) && s.attributes().containsKey(PATH));
    }

    private Instant now() {
        return clock.instant();
    }
}
