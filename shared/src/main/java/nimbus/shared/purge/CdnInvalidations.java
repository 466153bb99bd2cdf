package nimbus.shared.purge;

import jakarta.inject.Singleton;
import java.util.Optional;
import nimbus.shared.Settings;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.CloudFrontException;

/**
 * CloudFront invalidations of the deployment's distribution ({@code NIMBUS_DISTRIBUTION_ID}; locally, the local
 * stand-in's). Without a distribution nothing is cached anywhere, so there is nothing to invalidate.
 */
@Singleton
public class CdnInvalidations {
    private final CloudFrontClient cloudFront;

    public CdnInvalidations(CloudFrontClient cloudFront) {
        this.cloudFront = cloudFront;
    }

    /**
     * Creates the batch's invalidation, or finds the one created before under the same CallerReference (CloudFront
     * answers a repeated reference with the same batch as it did the first time). Its id; "none" when there is no
     * distribution.
     */
    public String create(InvalidationBatch batch) {
        Optional<String> distributionId = Settings.optional("NIMBUS_DISTRIBUTION_ID");
        if (distributionId.isEmpty()) return "none";
        try {
            return cloudFront
                    .createInvalidation(c -> c.distributionId(distributionId.get())
                            .invalidationBatch(b -> b.callerReference(batch.reference())
                                    .paths(p -> p.quantity(batch.paths().size()).items(batch.paths()))))
                    .invalidation()
                    .id();
        } catch (CloudFrontException e) {
            // The same reference with other paths: cannot happen for a stored batch; the first one stands.
            if ("InvalidationBatchAlreadyExists".equals(e.awsErrorDetails().errorCode())) return "existing";
            throw e;
        }
    }
}
