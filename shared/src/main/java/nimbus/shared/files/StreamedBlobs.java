package nimbus.shared.files;

import jakarta.inject.Singleton;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import nimbus.shared.Settings;
import nimbus.shared.upload.PartPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * A blob written from a stream of unknown length, holding one part in memory at a time: a body that fits in one
 * part is one PutObject; a longer one is an S3 multipart upload of {@link PartPlan#MIN_PART_BYTES} parts through the
 * same reused buffer. The SHA-256 is computed as the bytes pass and the type sniffed from the first part. Whatever
 * fails midway (the source, the deadline, S3) aborts the multipart upload: nothing is left behind.
 *
 * <p>A small loop over the sync client rather than the SDK's transfer manager: that needs the async (CRT or Netty)
 * client, a second HTTP stack in every jar and at every cold start, for what is here four calls.
 */
@Singleton
public class StreamedBlobs {
    private static final Logger LOG = LoggerFactory.getLogger(StreamedBlobs.class);
    private static final int HEAD_BYTES = 64 * 1024;

    private final S3Client s3;
    private final String bucket;

    public StreamedBlobs(S3Client s3) {
        this.s3 = s3;
        this.bucket = Settings.assetsBucket();
    }

    /** Writes the stream to {@code files/<id>}; its filename and declared type help sniff the type. */
    public FileService.StoredBlob store(String id, InputStream in, String filename, String declaredType)
            throws IOException {
        String key = FileRecord.blobKey(id);
        MessageDigest sha256 = sha256();
        byte[] buffer = new byte[(int) PartPlan.MIN_PART_BYTES];
        int filled = fill(in, buffer);
        sha256.update(buffer, 0, filled);
        String type = ContentTypes.detect(Arrays.copyOf(buffer, Math.min(filled, HEAD_BYTES)), filename, declaredType);
        if (filled < buffer.length) {
            s3.putObject(
                    p -> p.bucket(bucket)
                            .key(key)
                            .contentType(type)
                            .cacheControl(BlobStore.CACHE_CONTROL)
                            .contentLength((long) filled),
                    RequestBody.fromBytes(Arrays.copyOf(buffer, filled)));
            return new FileService.StoredBlob(
                    id, filename, filled, type, HexFormat.of().formatHex(sha256.digest()));
        }
        String uploadId = s3.createMultipartUpload(
                        c -> c.bucket(bucket).key(key).contentType(type).cacheControl(BlobStore.CACHE_CONTROL))
                .uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            long size = 0;
            int length = filled;
            for (int number = 1; length > 0; number++) {
                int part = number;
                int bytes = length;
                String etag = s3.uploadPart(
                                u -> u.bucket(bucket)
                                        .key(key)
                                        .uploadId(uploadId)
                                        .partNumber(part)
                                        .contentLength((long) bytes),
                                // read from the buffer as it is: no copy of the part
                                RequestBody.fromContentProvider(
                                        () -> new ByteArrayInputStream(buffer, 0, bytes),
                                        bytes,
                                        "application/octet-stream"))
                        .eTag();
                parts.add(CompletedPart.builder().partNumber(part).eTag(etag).build());
                size += bytes;
                length = fill(in, buffer);
                sha256.update(buffer, 0, length);
            }
            s3.completeMultipartUpload(
                    c -> c.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
            return new FileService.StoredBlob(
                    id, filename, size, type, HexFormat.of().formatHex(sha256.digest()));
        } catch (IOException | RuntimeException e) {
            try {
                s3.abortMultipartUpload(a -> a.bucket(bucket).key(key).uploadId(uploadId));
            } catch (RuntimeException abortFailed) {
                // the bucket's lifecycle rule aborts it within a day; it never counts
                LOG.warn("could not abort the streamed upload of {}: {}", id, abortFailed.toString());
            }
            throw e;
        }
    }

    /** Reads until the buffer is full or the stream ends; how many bytes it holds. */
    private static int fill(InputStream in, byte[] buffer) throws IOException {
        int filled = 0;
        while (filled < buffer.length) {
            int n = in.read(buffer, filled, buffer.length - filled);
            if (n < 0) break;
            filled += n;
        }
        return filled;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
