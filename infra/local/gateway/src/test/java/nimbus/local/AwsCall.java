package nimbus.local;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/**
 * One AWS call a function made: {@code Service.Operation} as the SDK names it, and the request it
 * sent, which says what the call touched (table and index, bucket and key, the items of a transaction
 * or a batch); {@link IamActions} reads it. A presigned URL is a call too, made later by whoever holds
 * the URL with the function's credentials: it is recorded from the URL the function handed out.
 * {@code missingObject} marks an S3 read of a key that does not exist, whose answer (404, not 403)
 * the function relies on: IamPolicyTest marks the reads of a path that deleted the blob first.
 */
record AwsCall(String service, String operation, SdkRequest request, boolean presigned, boolean missingObject) {

    AwsCall(String service, String operation, SdkRequest request, boolean presigned) {
        this(service, operation, request, presigned, false);
    }

    /** This call, known to read an S3 object that does not exist. */
    AwsCall ofMissingObject() {
        if (!service.equals("S3")) throw new IllegalStateException(this + " reads no S3 object");
        return new AwsCall(service, operation, request, presigned, true);
    }

    /** {@code DynamoDb.GetItem}, the name CallBudgetTest counts. */
    String name() {
        return service + "." + operation;
    }

    /** The S3 GET a presigned URL stands for. The URL is path-style (bucket first) or virtual-hosted. */
    static AwsCall presignedGet(String url, String bucket) {
        URI uri = URI.create(url);
        if (uri.getRawQuery() == null || !uri.getRawQuery().contains("X-Amz-Signature=")) {
            throw new IllegalArgumentException("not a presigned URL: " + url);
        }
        String path = uri.getRawPath().substring(1);
        String key;
        if (uri.getHost().startsWith(bucket + ".")) {
            key = path;
        } else if (path.startsWith(bucket + "/")) {
            key = path.substring(bucket.length() + 1);
        } else {
            throw new IllegalArgumentException("a presigned URL outside bucket " + bucket + ": " + url);
        }
        String decoded = URLDecoder.decode(key.replace("+", "%2B"), StandardCharsets.UTF_8);
        return new AwsCall(
                "S3",
                "GetObject",
                GetObjectRequest.builder().bucket(bucket).key(decoded).build(),
                true);
    }

    @Override
    public String toString() {
        return name() + (presigned ? " (presigned URL)" : "") + (missingObject ? " of a missing object" : "");
    }
}
