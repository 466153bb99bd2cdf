package nimbus.shared.upload;

import jakarta.inject.Singleton;
import java.io.IOException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import nimbus.shared.Ids;
import nimbus.shared.Settings;
import nimbus.shared.error.InvalidInput;
import nimbus.shared.error.NotFound;
import nimbus.shared.error.Subject;
import nimbus.shared.error.Unavailable;
import nimbus.shared.error.UploadRefused;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Uploads too big for a request body (API Gateway and Lambda stop near 4.5 MB): the client starts one,
 * sends its parts straight to S3 through presigned URLs, then completes it. Completing assembles the
 * parts, reads the object once to learn its real size and SHA-256 (and its first bytes, to sniff the
 * type), and refuses what does not match the start. What the upload becomes (a file, a zone path) is
 * the caller's to record; nothing counts against a quota before that. An upload not completed by its
 * deadline is refused; the bucket's lifecycle rule aborts its parts a day after it started.
 */
@Singleton
public class LargeUploads {
    private static final Logger LOG = LoggerFactory.getLogger(LargeUploads.class);
    /** How long a part URL may be used; the status call hands out fresh ones to resume with. */
    static final Duration PART_URL_VALIDITY = Duration.ofHours(1);
    /** What completion keeps of the object's start for type sniffing. */
    static final int HEAD_BYTES = 64 * 1024;

    private static final Set<Character> HEX =
            "0123456789abcdef".chars().mapToObj(c -> (char) c).collect(Collectors.toSet());

    private final S3Client s3;
    private final UploadSessionTable sessions;
    private final Clock clock;
    private final String bucket;

    public LargeUploads(S3Client s3, UploadSessionTable sessions, Clock clock) {
        this.s3 = s3;
        this.sessions = sessions;
        this.clock = clock;
        this.bucket = Settings.assetsBucket();
    }

    public record PartUrl(int number, long size, String url, boolean uploaded) {}

    public record Started(UploadSession session, List<PartUrl> parts) {}

    /** The object is whole at the session's blob key: its real size and SHA-256, and its first bytes. */
    public record Assembled(UploadSession session, long size, String sha256, byte[] head) {}

    /** How long an upload may take from start to complete: 24 hours unless NIMBUS_UPLOAD_TTL_SECONDS says otherwise. */
    static Duration lifetime() {
        return Duration.ofSeconds(Settings.longValue("NIMBUS_UPLOAD_TTL_SECONDS", 24 * 3600));
    }

    /** The SHA-256 as 64 lowercase hex digits, or null when none was given; anything else is refused. */
    public static String checkedSha256(String given) {
        if (given == null || given.isBlank()) return null;
        String hex = given.trim().toLowerCase(Locale.ROOT);
        if (hex.length() != 64 || !hex.chars().allMatch(c -> HEX.contains((char) c))) {
            throw InvalidInput.malformed("sha256");
        }
        return hex;
    }

    /**
     * Opens the S3 multipart upload at {@code blobKey} and records the session under {@code id} (a new id:
     * the caller's, so that it can name the blob after it). The object is given the
     * content type {@code contentType} and a cache policy now, as S3 fixes both at creation.
     */
    public Started start(
            String id,
            String accountId,
            String zoneId,
            String blobKey,
            String name,
            long size,
            String contentType,
            String sha256,
            String cacheControl,
            Map<String, String> attributes) {
        if (size <= 0) throw InvalidInput.notAllowed("size", Long.toString(size));
        String checksum = checkedSha256(sha256);
        String s3UploadId;
        try {
            s3UploadId = s3.createMultipartUpload(c -> c.bucket(bucket)
                            .key(blobKey)
                            .contentType(contentType)
                            .cacheControl(cacheControl))
                    .uploadId();
        } catch (RuntimeException e) {
            LOG.error("could not start a multipart upload at {}: {}", blobKey, e.toString());
            throw new Unavailable();
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        UploadSession session = new UploadSession(
                id,
                accountId,
                zoneId,
                blobKey,
                name,
                size,
                contentType,
                checksum,
                s3UploadId,
                PartPlan.partSize(size),
                now,
                now.plus(lifetime()),
                attributes);
        try {
            sessions.put(session);
        } catch (RuntimeException e) {
            abortQuietly(session);
            LOG.error("could not record upload {}: {}", id, e.toString());
            throw new Unavailable();
        }
        return new Started(session, urls(session, Map.of()));
    }

    /** The caller's upload in progress; another account's reads as missing. */
    public Optional<UploadSession> find(String accountId, String uploadId) {
        String id = Ids.normalize(uploadId);
        if (!Ids.isUuid(id)) return Optional.empty();
        return sessions.find(id).filter(s -> s.accountId().equals(accountId));
    }

    public UploadSession require(String accountId, String uploadId) {
        return find(accountId, uploadId).orElseThrow(() -> new NotFound(Subject.UPLOAD));
    }

    /** Where the upload stands: the parts S3 holds, and fresh URLs for the others (to resume with). */
    public Started status(String accountId, String uploadId) {
        return status(require(accountId, uploadId));
    }

    /** {@link #status(String, String)} of a session the caller has just read. */
    public Started status(UploadSession session) {
        refuseIfExpired(session);
        return new Started(session, urls(session, uploadedParts(session)));
    }

    /**
     * Assembles the parts into the object and reads it once. Refused when the deadline passed (the parts
     * are dropped), when parts are missing (the session stays: send them and complete again), or when the
     * bytes are not what the start declared (object and session are dropped). The session stays until the
     * caller has recorded the result and calls {@link #finish}.
     */
    public Assembled assemble(String accountId, String uploadId) {
        return assemble(require(accountId, uploadId));
    }

    /** {@link #assemble(String, String)} of a session the caller has just read. */
    public Assembled assemble(UploadSession session) {
        refuseIfExpired(session);
        Map<Integer, Part> parts;
        try {
            parts = uploadedParts(session);
        } catch (NoSuchUploadException alreadyAssembled) {
            // An earlier complete assembled it and then failed before recording: the object is there.
            return read(session);
        }
        List<Integer> missing = new ArrayList<>();
        for (int number = 1; number <= session.partCount(); number++) {
            if (!parts.containsKey(number)) missing.add(number);
        }
        if (!missing.isEmpty()) throw UploadRefused.incomplete(missing);
        long received = parts.values().stream().mapToLong(Part::size).sum();
        boolean extraParts = parts.size() != session.partCount();
        if (received != session.size() || extraParts) {
            throw UploadRefused.sizeMismatch(session.size(), received);
        }
        List<CompletedPart> completed = parts.values().stream()
                .sorted(Comparator.comparing(Part::partNumber))
                .map(p -> CompletedPart.builder()
                        .partNumber(p.partNumber())
                        .eTag(p.eTag())
                        .build())
                .toList();
        try {
            s3.completeMultipartUpload(c -> c.bucket(bucket)
                    .key(session.blobKey())
                    .uploadId(session.s3UploadId())
                    .multipartUpload(m -> m.parts(completed)));
        } catch (NoSuchUploadException raced) {
            // A concurrent complete got there first; the object is whole either way.
            LOG.info("upload {} was assembled by a concurrent complete", session.id());
        }
        return read(session);
    }

    /** The caller recorded what the upload became: the session goes (a retried complete finds the record). */
    public void finish(UploadSession session) {
        try {
            sessions.delete(session.id());
        } catch (RuntimeException e) {
            // Harmless: it expires by TTL, and a complete on it finds the recorded result first.
            LOG.warn("could not delete finished upload {}: {}", session.id(), e.toString());
        }
    }

    /** Refused after assembly (quota, checksum): the object and the session go. */
    public void discard(UploadSession session) {
        try {
            s3.deleteObject(d -> d.bucket(bucket).key(session.blobKey()));
        } catch (RuntimeException e) {
            LOG.warn("could not delete refused upload {} at {}: {}", session.id(), session.blobKey(), e.toString());
        }
        finish(session);
    }

    /** The client gives up: the parts and the session go. */
    public void abort(String accountId, String uploadId) {
        UploadSession session = require(accountId, uploadId);
        abortQuietly(session);
        finish(session);
    }

    private void refuseIfExpired(UploadSession session) {
        if (clock.instant().isBefore(session.deadline())) return;
        abortQuietly(session);
        finish(session);
        throw UploadRefused.expired();
    }

    private Assembled read(UploadSession session) {
        MessageDigest sha256 = sha256();
        byte[] head = new byte[HEAD_BYTES];
        int headLength = 0;
        long size = 0;
        byte[] buffer = new byte[256 * 1024];
        try (ResponseInputStream<GetObjectResponse> in =
                s3.getObject(g -> g.bucket(bucket).key(session.blobKey()))) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha256.update(buffer, 0, n);
                if (headLength < HEAD_BYTES) {
                    int keep = Math.min(n, HEAD_BYTES - headLength);
                    System.arraycopy(buffer, 0, head, headLength, keep);
                    headLength += keep;
                }
                size += n;
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("could not read assembled upload {}: {}", session.id(), e.toString());
            throw new Unavailable();
        }
        String actual = HexFormat.of().formatHex(sha256.digest());
        if (size != session.size()) {
            discard(session);
            throw UploadRefused.sizeMismatch(session.size(), size);
        }
        if (session.sha256() != null && !session.sha256().equals(actual)) {
            discard(session);
            throw UploadRefused.checksumMismatch();
        }
        byte[] first = new byte[headLength];
        System.arraycopy(head, 0, first, 0, headLength);
        return new Assembled(session, size, actual, first);
    }

    /** The parts S3 holds, by number; one page answers them all ({@link PartPlan#MAX_PARTS}). */
    private Map<Integer, Part> uploadedParts(UploadSession session) {
        Map<Integer, Part> parts = new TreeMap<>();
        for (Part part : s3.listParts(l -> l.bucket(bucket)
                        .key(session.blobKey())
                        .uploadId(session.s3UploadId())
                        .maxParts(PartPlan.MAX_PARTS))
                .parts()) {
            parts.put(part.partNumber(), part);
        }
        return parts;
    }

    /** A presigned UploadPart URL for each part S3 does not hold yet (or holds at the wrong size). */
    private List<PartUrl> urls(UploadSession session, Map<Integer, Part> uploaded) {
        List<PartUrl> urls = new ArrayList<>();
        try (S3Presigner presigner = S3Presigner.builder().s3Client(s3).build()) {
            for (int number = 1; number <= session.partCount(); number++) {
                long bytes = session.partBytes(number);
                Part held = uploaded.get(number);
                if (held != null && held.size() == bytes) {
                    urls.add(new PartUrl(number, bytes, null, true));
                    continue;
                }
                int part = number;
                String url = presigner
                        .presignUploadPart(p -> p.signatureDuration(PART_URL_VALIDITY)
                                .uploadPartRequest(u -> u.bucket(bucket)
                                        .key(session.blobKey())
                                        .uploadId(session.s3UploadId())
                                        .partNumber(part)
                                        .contentLength(bytes)))
                        .url()
                        .toString();
                urls.add(new PartUrl(number, bytes, url, false));
            }
        }
        return urls;
    }

    private void abortQuietly(UploadSession session) {
        try {
            s3.abortMultipartUpload(a -> a.bucket(bucket).key(session.blobKey()).uploadId(session.s3UploadId()));
        } catch (RuntimeException e) {
            LOG.warn("could not abort upload {}: {}", session.id(), e.toString());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
