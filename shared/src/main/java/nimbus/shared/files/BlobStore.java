package nimbus.shared.files;

import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import nimbus.shared.ByteSlice;
import nimbus.shared.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Blobs in the assets bucket. Objects are immutable: a new upload is a new key. */
@Singleton
public class BlobStore {
    private static final Logger LOG = LoggerFactory.getLogger(BlobStore.class);
    public static final String CACHE_CONTROL = "public, max-age=31536000, immutable";

    private final S3Client s3;
    private final String bucket;

    public BlobStore(S3Client s3) {
        this.s3 = s3;
        this.bucket = Settings.assetsBucket();
    }

    /** Writes {@code data} as it is: the SDK reads it through streams, it is never copied. */
    public void put(String key, ByteSlice data, String contentType) {
        s3.putObject(
                p -> p.bucket(bucket)
                        .key(key)
                        .contentType(contentType)
                        .cacheControl(CACHE_CONTROL)
                        .contentLength((long) data.length()),
                RequestBody.fromContentProvider(data::newInputStream, data.length(), contentType));
    }

    /** Gives a stored blob another content type (a copy onto itself: S3 metadata cannot change in place). */
    public void retype(String key, String contentType) {
        s3.copyObject(c -> c.sourceBucket(bucket)
                .sourceKey(key)
                .destinationBucket(bucket)
                .destinationKey(key)
                .metadataDirective(MetadataDirective.REPLACE)
                .contentType(contentType)
                .cacheControl(CACHE_CONTROL));
    }

    /** The whole blob; a missing one is S3's {@code NoSuchKeyException} (given {@code s3:ListBucket}). */
    public byte[] get(String key) {
        return s3.getObjectAsBytes(g -> g.bucket(bucket).key(key)).asByteArray();
    }

    /** Bytes {@code first}..{@code last} (inclusive) of a blob; a missing one is {@code NoSuchKeyException}. */
    public byte[] getRange(String key, long first, long last) {
        return s3.getObjectAsBytes(g -> g.bucket(bucket).key(key).range("bytes=" + first + "-" + last))
                .asByteArray();
    }

    /** A short-lived GET URL for the blob, served as an attachment named {@code filename}. */
    public String presignedDownload(String key, String contentType, String contentDisposition, Duration validity) {
        try (S3Presigner presigner = S3Presigner.builder().s3Client(s3).build()) {
            return presigner
                    .presignGetObject(p -> p.signatureDuration(validity)
                            .getObjectRequest(g -> g.bucket(bucket)
                                    .key(key)
                                    .responseContentType(contentType)
                                    .responseContentDisposition(contentDisposition)))
                    .url()
                    .toString();
        }
    }

    /** Deletes without failing the caller: a blob left behind is invisible, only wasted space. */
    public void deleteQuietly(String key) {
        try {
            s3.deleteObject(d -> d.bucket(bucket).key(key));
        } catch (RuntimeException e) {
            LOG.warn("could not delete blob {}: {}", key, e.toString());
        }
    }

    public void deleteQuietly(List<String> keys) {
        for (int from = 0; from < keys.size(); from += 1000) {
            List<ObjectIdentifier> chunk = keys.subList(from, Math.min(keys.size(), from + 1000)).stream()
                    .map(k -> ObjectIdentifier.builder().key(k).build())
                    .toList();
            try {
                s3.deleteObjects(d -> d.bucket(bucket)
                        .delete(Delete.builder().objects(chunk).quiet(true).build()));
            } catch (RuntimeException e) {
                LOG.warn("could not delete {} blobs: {}", chunk.size(), e.toString());
            }
        }
    }
}
