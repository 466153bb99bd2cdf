package nimbus.shared.aws;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import nimbus.shared.Settings;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The AWS clients. They take endpoint, region and credentials from the SDK's standard settings
 * (AWS_ENDPOINT_URL, AWS_REGION, ...), so nothing here knows whether it talks to AWS or to moto. The one exception
 * is for SAM CLI, which passes a function only the variables template.yaml declares, while the SDK refuses an empty
 * AWS_ENDPOINT_URL: the template declares NIMBUS_AWS_ENDPOINT_URL and NIMBUS_CLOUDFRONT_ENDPOINT_URL, empty on AWS,
 * and the local stack's env-vars file points them at moto and the local edge.
 * The URLConnection HTTP client is the lightest the SDK offers and starts fastest. Interceptor
 * beans (none in production; the fault-injection tests add one) are added to every client.
 */
@Factory
public class AwsClients {

    @Singleton
    public DynamoDbClient dynamoDb(List<ExecutionInterceptor> interceptors) {
        return DynamoDbClient.builder()
                .applyMutation(b -> endpoint("NIMBUS_AWS_ENDPOINT_URL").ifPresent(b::endpointOverride))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.executionInterceptors(interceptors))
                .build();
    }

    @Singleton
    public S3Client s3(List<ExecutionInterceptor> interceptors) {
        return S3Client.builder()
                .applyMutation(b -> endpoint("NIMBUS_AWS_ENDPOINT_URL").ifPresent(b::endpointOverride))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.executionInterceptors(interceptors))
                // Path-style addressing lets a local S3 stand-in on 127.0.0.1 serve every bucket.
                .forcePathStyle(Boolean.parseBoolean(
                        Settings.optional("NIMBUS_S3_PATH_STYLE").orElse("false")))
                .build();
    }

    @Singleton
    public SqsClient sqs(List<ExecutionInterceptor> interceptors) {
        return SqsClient.builder()
                .applyMutation(b -> endpoint("NIMBUS_AWS_ENDPOINT_URL").ifPresent(b::endpointOverride))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.executionInterceptors(interceptors))
                .build();
    }

    /** CloudFront is a global service: its API lives in us-east-1 whatever region the stack is in. */
    @Singleton
    public CloudFrontClient cloudFront(List<ExecutionInterceptor> interceptors) {
        return CloudFrontClient.builder()
                .region(Region.AWS_GLOBAL)
                .applyMutation(b -> endpoint("NIMBUS_CLOUDFRONT_ENDPOINT_URL")
                        .or(() -> endpoint("NIMBUS_AWS_ENDPOINT_URL"))
                        .ifPresent(b::endpointOverride))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.executionInterceptors(interceptors))
                .build();
    }

    /** Only the functions that seal custom certificates' keys use it (see KeyVault); it is made on first use. */
    @Singleton
    public KmsClient kms(List<ExecutionInterceptor> interceptors) {
        return KmsClient.builder()
                .applyMutation(b -> endpoint("NIMBUS_AWS_ENDPOINT_URL").ifPresent(b::endpointOverride))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.executionInterceptors(interceptors))
                .build();
    }

    private static Optional<URI> endpoint(String setting) {
        return Settings.optional(setting).map(URI::create);
    }
}
