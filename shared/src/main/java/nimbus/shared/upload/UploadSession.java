package nimbus.shared.upload;

import java.time.Instant;
import java.util.Map;

/**
 * A large upload in progress: the S3 multipart upload the client sends parts to, what was declared at
 * the start (size, type, optional SHA-256), and until when it may be completed. {@code attributes} are
 * the caller's own (a folder, a description, a zone path) for when it records the result.
 */
public record UploadSession(
        String id,
        String accountId,
        String zoneId,
        String blobKey,
        String name,
        long size,
        String declaredType,
        String sha256,
        String s3UploadId,
        long partSize,
        Instant createdAt,
        Instant deadline,
        Map<String, String> attributes) {

    public UploadSession {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    public int partCount() {
        return PartPlan.count(size, partSize);
    }

    /** Bytes of part {@code number} (1-based): every part is {@code partSize} but the last. */
    public long partBytes(int number) {
        return PartPlan.bytesOf(number, size, partSize);
    }
}
