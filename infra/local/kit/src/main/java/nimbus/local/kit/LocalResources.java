package nimbus.local.kit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates the stack's table, buckets, queues and KMS keys (with their aliases) in a local AWS stand-in FROM template.yaml's own
 * resource definitions, so local and cloud cannot drift, and resolves the functions' environment
 * ({@code !Ref Table} becomes the local table's name).
 */
public final class LocalResources {
    private final Template template;
    private final Map<String, String> physicalNames = new LinkedHashMap<>();

    public LocalResources(Template template) {
        this.template = template;
        for (String type : List.of("AWS::DynamoDB::Table", "AWS::S3::Bucket", "AWS::SQS::Queue")) {
            template.resourcesOfType(type)
                    .forEach(id -> physicalNames.put(id, "nimbus-" + id.toLowerCase(Locale.ROOT)));
        }
        // A KMS key's id is chosen by KMS, so the functions name it by its alias (whose Ref is the alias name); the
        // key's own name here only stands in for its id in ARNs (IAM checks).
        template.resourcesOfType("AWS::KMS::Key")
                .forEach(id -> physicalNames.put(id, "nimbus-" + id.toLowerCase(Locale.ROOT)));
        template.resourcesOfType("AWS::KMS::Alias")
                .forEach(id -> physicalNames.put(id, "alias/nimbus-" + id.toLowerCase(Locale.ROOT)));
    }

    /** What {@code Ref} gives for a queue: its URL (moto's form: endpoint, the default account, the name). */
    private String queueUrl(String logicalId) {
        String endpoint = System.getProperty("aws.endpointUrl", "http://127.0.0.1");
        return endpoint.replaceAll("/$", "") + "/" + MOTO_ACCOUNT + "/" + physicalName(logicalId);
    }

    private static final String MOTO_ACCOUNT = "123456789012";

    public String physicalName(String logicalId) {
        String name = physicalNames.get(logicalId);
        if (name == null) throw new IllegalArgumentException("no local resource " + logicalId);
        return name;
    }

    /** The variables every function shares (the Globals), with every {@code Ref} resolved locally. */
    public Map<String, String> environment(Map<String, String> parameterOverrides) {
        return resolve(template.globalEnvironment(), parameterOverrides);
    }

    /** The variables function {@code logicalId} sees: the Globals and its own, with every {@code Ref} resolved. */
    public Map<String, String> functionEnvironment(String logicalId, Map<String, String> parameterOverrides) {
        Map<String, Object> declared = new LinkedHashMap<>(template.globalEnvironment());
        declared.putAll(template.functionEnvironment(logicalId));
        return resolve(declared, parameterOverrides);
    }

    private Map<String, String> resolve(Map<String, Object> variables, Map<String, String> parameterOverrides) {
        Map<String, String> env = new LinkedHashMap<>();
        variables.forEach((name, value) -> {
            if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                env.put(name, value.toString());
            } else if (Template.map(value).get("Ref") instanceof String ref) {
                String resolved = template.resourcesOfType("AWS::SQS::Queue").contains(ref)
                        ? queueUrl(ref)
                        : physicalNames.containsKey(ref)
                                ? physicalNames.get(ref)
                                : parameterOverrides.containsKey(ref)
                                        ? parameterOverrides.get(ref)
                                        : template.parameterDefault(ref)
                                                .orElseThrow(() -> new IllegalStateException("cannot resolve " + ref));
                env.put(name, resolved);
            } else {
                throw new IllegalStateException("cannot resolve variable " + name + " locally: " + value);
            }
        });
        return env;
    }

    public void createAll() {
        try (DynamoDbClient dynamo = DynamoDbClient.builder()
                        .httpClient(UrlConnectionHttpClient.create())
                        .build();
                S3Client s3 = S3Client.builder()
                        .httpClient(UrlConnectionHttpClient.create())
                        .forcePathStyle(true)
                        .build();
                SqsClient sqs = SqsClient.builder()
                        .httpClient(UrlConnectionHttpClient.create())
                        .build();
                KmsClient kms = KmsClient.builder()
                        .httpClient(UrlConnectionHttpClient.create())
                        .build()) {
            template.resourcesOfType("AWS::DynamoDB::Table").forEach(id -> createTable(dynamo, id));
            template.resourcesOfType("AWS::S3::Bucket").forEach(id -> s3.createBucket(b -> b.bucket(physicalName(id))));
            createQueues(sqs);
            createKeys(kms);
        }
    }

    /** Each KMS key as the template describes it (spec, usage, rotation), and each alias pointing at its key. */
    private void createKeys(KmsClient kms) {
        Map<String, String> keyIds = new LinkedHashMap<>();
        for (String id : template.resourcesOfType("AWS::KMS::Key")) {
            Map<String, Object> p = template.properties(id);
            String keyId = kms.createKey(k -> k.description((String) p.get("Description"))
                            .keySpec((String) p.getOrDefault("KeySpec", "SYMMETRIC_DEFAULT"))
                            .keyUsage((String) p.getOrDefault("KeyUsage", "ENCRYPT_DECRYPT")))
                    .keyMetadata()
                    .keyId();
            if (Boolean.TRUE.equals(p.get("EnableKeyRotation"))) kms.enableKeyRotation(r -> r.keyId(keyId));
            keyIds.put(id, keyId);
        }
        for (String id : template.resourcesOfType("AWS::KMS::Alias")) {
            Object target =
                    Template.map(template.properties(id).get("TargetKeyId")).get("Ref");
            String keyId = keyIds.get(String.valueOf(target));
            if (keyId == null) throw new IllegalStateException(id + ": TargetKeyId must be !Ref of a key");
            kms.createAlias(a -> a.aliasName(physicalName(id)).targetKeyId(keyId));
        }
    }

    /**
     * A CloudFront distribution in the stand-in, as the edge stack makes on AWS: what purges invalidate. Its id (the
     * stand-in picks it) is the stack's {@code DistributionId}.
     */
    public String createDistribution() {
        try (CloudFrontClient cloudFront = CloudFrontClient.builder()
                .region(Region.AWS_GLOBAL)
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            String origin = physicalName("AssetsBucket") + ".s3.amazonaws.com";
            return cloudFront
                    .createDistribution(d ->
                            d.distributionConfig(c -> c.callerReference("nimbus-local-" + System.nanoTime())
                                    .comment("Nimbus local edge")
                                    .enabled(true)
                                    .origins(o -> o.quantity(1)
                                            .items(i -> i.id("assets")
                                                    .domainName(origin)
                                                    .s3OriginConfig(s -> s.originAccessIdentity(""))))
                                    .defaultCacheBehavior(b -> b.targetOriginId("assets")
                                            .viewerProtocolPolicy("redirect-to-https")
                                            .cachePolicyId("658327ea-f89d-4fab-a63d-7e88639e58f6"))))
                    .distribution()
                    .id();
        }
    }

    @SuppressWarnings("unchecked")
    private void createTable(DynamoDbClient dynamo, String id) {
        Map<String, Object> p = template.properties(id);
        String name = physicalName(id);
        List<AttributeDefinition> attributes = ((List<Map<String, Object>>) p.get("AttributeDefinitions"))
                .stream()
                        .map(a -> AttributeDefinition.builder()
                                .attributeName((String) a.get("AttributeName"))
                                .attributeType((String) a.get("AttributeType"))
                                .build())
                        .toList();
        List<GlobalSecondaryIndex> indexes = ((List<Map<String, Object>>)
                        p.getOrDefault("GlobalSecondaryIndexes", List.of()))
                .stream()
                        .map(g -> {
                            Map<String, Object> projection = Template.map(g.get("Projection"));
                            return GlobalSecondaryIndex.builder()
                                    .indexName((String) g.get("IndexName"))
                                    .keySchema(keySchema(g.get("KeySchema")))
                                    .projection(Projection.builder()
                                            .projectionType((String) projection.get("ProjectionType"))
                                            .nonKeyAttributes((List<String>) projection.get("NonKeyAttributes"))
                                            .build())
                                    .build();
                        })
                        .toList();
        Map<String, Object> stream = Template.map(p.get("StreamSpecification"));
        dynamo.createTable(t -> t.tableName(name)
                .billingMode(BillingMode.fromValue((String) p.getOrDefault("BillingMode", "PAY_PER_REQUEST")))
                .attributeDefinitions(attributes)
                .keySchema(keySchema(p.get("KeySchema")))
                .globalSecondaryIndexes(indexes.isEmpty() ? null : indexes)
                .streamSpecification(
                        stream.isEmpty()
                                ? null
                                : StreamSpecification.builder()
                                        .streamEnabled(true)
                                        .streamViewType((String) stream.get("StreamViewType"))
                                        .build()));
        Map<String, Object> ttl = Template.map(p.get("TimeToLiveSpecification"));
        if (Boolean.TRUE.equals(ttl.get("Enabled"))) {
            dynamo.updateTimeToLive(u -> u.tableName(name)
                    .timeToLiveSpecification(s ->
                            s.attributeName((String) ttl.get("AttributeName")).enabled(true)));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<KeySchemaElement> keySchema(Object value) {
        return ((List<Map<String, Object>>) value)
                .stream()
                        .map(k -> KeySchemaElement.builder()
                                .attributeName((String) k.get("AttributeName"))
                                .keyType((String) k.get("KeyType"))
                                .build())
                        .toList();
    }

    /** Queues first with their plain attributes, then redrive policies, whose targets now exist. */
    private void createQueues(SqsClient sqs) {
        Map<String, String> urls = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>(template.resourcesOfType("AWS::SQS::Queue"));
        for (String id : ids) {
            Map<String, String> attributes = new LinkedHashMap<>();
            template.properties(id).forEach((key, value) -> {
                if (value instanceof Number || value instanceof String) attributes.put(key, value.toString());
            });
            urls.put(
                    id,
                    sqs.createQueue(q -> q.queueName(physicalName(id)).attributesWithStrings(attributes))
                            .queueUrl());
        }
        for (String id : ids) {
            Map<String, Object> redrive = Template.map(template.properties(id).get("RedrivePolicy"));
            if (redrive.isEmpty()) continue;
            Object target = Template.map(redrive.get("deadLetterTargetArn")).get("Fn::GetAtt");
            String targetId = ((List<?>) target).get(0).toString();
            String targetArn = sqs.getQueueAttributes(
                            g -> g.queueUrl(urls.get(targetId)).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes()
                    .get(QueueAttributeName.QUEUE_ARN);
            String policy = "{\"deadLetterTargetArn\":\"" + targetArn + "\",\"maxReceiveCount\":\""
                    + redrive.get("maxReceiveCount") + "\"}";
            sqs.setQueueAttributes(
                    s -> s.queueUrl(urls.get(id)).attributesWithStrings(Map.of("RedrivePolicy", policy)));
        }
    }
}
