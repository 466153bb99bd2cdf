package nimbus.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;
import software.amazon.awssdk.services.dynamodb.model.Condition;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * What IAM authorises for an AWS call: each action and the ARN it is checked on, as AWS evaluates it
 * (the Service Authorization Reference and the DynamoDB and S3 guides). The points that are easy to
 * get wrong:
 * <ul>
 *   <li>{@code TransactWriteItems} has no action of its own: each item is authorised as the single-item
 *       write it is (Put: {@code dynamodb:PutItem}, Update: {@code dynamodb:UpdateItem}, Delete:
 *       {@code dynamodb:DeleteItem}, ConditionCheck: {@code dynamodb:ConditionCheckItem}) on its table;
 *       {@code TransactGetItems} is {@code dynamodb:GetItem} per item;</li>
 *   <li>{@code Query} and {@code Scan} of an index are checked on the index's ARN
 *       ({@code <table ARN>/index/<name>}), not the table's;</li>
 *   <li>{@code BatchGetItem} and {@code BatchWriteItem} are actions of their own, on every table they name;</li>
 *   <li>S3 {@code DeleteObjects} is {@code s3:DeleteObject} on every key it lists; a range GET and a
 *       presigned GET are {@code s3:GetObject}; listing is {@code s3:ListBucket} on the bucket's ARN;
 *       a version id needs the {@code ...Version} action instead;</li>
 *   <li>a GET or HEAD of a key that does not exist answers 404 {@code NoSuchKey} only to a caller that
 *       also has {@code s3:ListBucket} on the bucket; without it S3 answers 403 AccessDenied, so a call
 *       recorded as {@link AwsCall#ofMissingObject() of a missing object} needs both.</li>
 * </ul>
 * With a DynamoDB item action comes the request's {@code dynamodb:LeadingKeys}, the partition key
 * value(s) a statement's Condition can restrict: the item's key for a single-item call and for each
 * item of a transaction, every key of the table for a batch, the partition key's equality in the key
 * condition of a Query (an index's own partition key for a Query of an index). The attribute that is
 * the partition key comes from the table's (or index's) key schema ({@link PartitionKeys}).
 * A call without a mapping here fails the check: add it rather than guess.
 */
final class IamActions {
    /** Placeholders for the ARNs of both sides, the recorded calls and the resolved template. */
    static final String PARTITION = "aws";

    static final String REGION = "us-east-1";
    static final String ACCOUNT = "123456789012";

    /**
     * One authorisation: {@code action} on {@code resource}, and the call (or item of a call) that needs it.
     * {@code leadingKeys} are the partition key values AWS sets as {@code dynamodb:LeadingKeys} for it;
     * {@code null} when there are none, or none could be read (no key schema, a Scan, another service).
     */
    record Need(String action, String resource, String call, List<String> leadingKeys) {
        Need {
            leadingKeys = leadingKeys == null ? null : List.copyOf(leadingKeys);
        }

        Need(String action, String resource, String call) {
            this(action, resource, call, null);
        }
    }

    /** The attribute that is the partition key of a table or an index, by its ARN; empty when unknown. */
    @FunctionalInterface
    interface PartitionKeys {
        PartitionKeys UNKNOWN = arn -> Optional.empty();

        Optional<String> of(String tableOrIndexArn);
    }

    private IamActions() {}

    /** The call's needs, without the leading keys of its DynamoDB items (no key schema to read them by). */
    static List<Need> of(AwsCall call) {
        return of(call, PartitionKeys.UNKNOWN);
    }

    static List<Need> of(AwsCall call, PartitionKeys partitionKeys) {
        return switch (call.service()) {
            case "DynamoDb" -> dynamoDb(call, partitionKeys);
            case "S3" -> s3(call);
            // every SQS action is on the queue its URL names (https://sqs.<region>.amazonaws.com/<account>/<name>)
            case "Sqs" -> {
                String url = call.request()
                        .getValueForField("QueueUrl", String.class)
                        .orElseThrow();
                yield List.of(new Need(
                        "sqs:" + call.operation(), queueArn(url.substring(url.lastIndexOf('/') + 1)), call.name()));
            }
            case "CloudFront" -> {
                if (!call.operation().equals("CreateInvalidation")) throw unmapped(call);
                String distribution = call.request()
                        .getValueForField("DistributionId", String.class)
                        .orElseThrow();
                yield List.of(new Need(
                        "cloudfront:CreateInvalidation",
                        "arn:%s:cloudfront::%s:distribution/%s".formatted(PARTITION, ACCOUNT, distribution),
                        call.name()));
            }
            case "Kms" -> kms(call);
            default -> throw unmapped(call);
        };
    }

    static String tableArn(String table) {
        return table.startsWith("arn:")
                ? table
                : "arn:%s:dynamodb:%s:%s:table/%s".formatted(PARTITION, REGION, ACCOUNT, table);
    }

    static String bucketArn(String bucket) {
        return "arn:%s:s3:::%s".formatted(PARTITION, bucket);
    }

    /**
     * A KMS key's ARN from what a call names it by: an ARN as it is, {@code alias/...} as the alias's ARN (IAM
     * checks the key it points at: {@link IamPolicies} resolves that), else a key id.
     */
    static String kmsArn(String keyId) {
        if (keyId.startsWith("arn:")) return keyId;
        return "arn:%s:kms:%s:%s:%s"
                .formatted(PARTITION, REGION, ACCOUNT, keyId.startsWith("alias/") ? keyId : "key/" + keyId);
    }

    /** {@code kms:Encrypt} on the key the call names (through an alias: on the alias's key, as IAM checks it). */
    private static List<Need> kms(AwsCall call) {
        String name = call.toString();
        return switch (call.operation()) {
            case "Encrypt" -> List.of(new Need("kms:Encrypt", kmsArn(field(call.request(), "KeyId")), name));
            default -> throw unmapped(call);
        };
    }

    static String queueArn(String queue) {
        return "arn:%s:sqs:%s:%s:%s".formatted(PARTITION, REGION, ACCOUNT, queue);
    }

    private static List<Need> dynamoDb(AwsCall call, PartitionKeys keys) {
        SdkRequest request = call.request();
        String name = call.toString();
        return switch (call.operation()) {
            case "GetItem", "PutItem", "UpdateItem", "DeleteItem" -> {
                String table = tableArn(field(request, "TableName"));
                Map<String, AttributeValue> key;
                if (request instanceof GetItemRequest get) key = get.key();
                else if (request instanceof PutItemRequest put) key = put.item();
                else if (request instanceof UpdateItemRequest update) key = update.key();
                else if (request instanceof DeleteItemRequest delete) key = delete.key();
                else
                    throw new IllegalStateException(
                            name + " with a " + request.getClass().getSimpleName());
                yield List.of(new Need("dynamodb:" + call.operation(), table, name, leadingKeys(keys, table, key)));
            }
            case "DescribeTable", "DescribeTimeToLive" ->
                List.of(new Need("dynamodb:" + call.operation(), tableArn(field(request, "TableName")), name));
            case "Query", "Scan" -> {
                String table = tableArn(field(request, "TableName"));
                String index =
                        request.getValueForField("IndexName", String.class).orElse(null);
                String resource = index == null ? table : table + "/index/" + index;
                yield List.of(new Need(
                        "dynamodb:" + call.operation(),
                        resource,
                        name + (index == null ? "" : " of index " + index),
                        request instanceof QueryRequest query ? queried(keys, resource, query) : null));
            }
            case "BatchGetItem" ->
                ((BatchGetItemRequest) request)
                        .requestItems().entrySet().stream()
                                .map(t -> new Need(
                                        "dynamodb:BatchGetItem",
                                        tableArn(t.getKey()),
                                        name,
                                        leadingKeys(
                                                keys,
                                                tableArn(t.getKey()),
                                                t.getValue().keys())))
                                .toList();
            case "BatchWriteItem" ->
                ((BatchWriteItemRequest) request)
                        .requestItems().entrySet().stream()
                                .map(t -> new Need(
                                        "dynamodb:BatchWriteItem",
                                        tableArn(t.getKey()),
                                        name,
                                        leadingKeys(
                                                keys,
                                                tableArn(t.getKey()),
                                                t.getValue().stream()
                                                        .map(IamActions::written)
                                                        .toList())))
                                .toList();
            case "TransactWriteItems" ->
                ((TransactWriteItemsRequest) request)
                        .transactItems().stream()
                                .map(item -> transactItem(item, name, keys))
                                .toList();
            case "TransactGetItems" ->
                ((TransactGetItemsRequest) request)
                        .transactItems().stream()
                                .map(item -> {
                                    String table = tableArn(item.get().tableName());
                                    return new Need(
                                            "dynamodb:GetItem",
                                            table,
                                            name + ": Get item",
                                            leadingKeys(keys, table, item.get().key()));
                                })
                                .toList();
            default -> throw unmapped(call);
        };
    }

    private static Need transactItem(TransactWriteItem item, String call, PartitionKeys keys) {
        if (item.put() != null) {
            String table = tableArn(item.put().tableName());
            return new Need(
                    "dynamodb:PutItem",
                    table,
                    call + ": Put item",
                    leadingKeys(keys, table, item.put().item()));
        }
        if (item.update() != null) {
            String table = tableArn(item.update().tableName());
            return new Need(
                    "dynamodb:UpdateItem",
                    table,
                    call + ": Update item",
                    leadingKeys(keys, table, item.update().key()));
        }
        if (item.delete() != null) {
            String table = tableArn(item.delete().tableName());
            return new Need(
                    "dynamodb:DeleteItem",
                    table,
                    call + ": Delete item",
                    leadingKeys(keys, table, item.delete().key()));
        }
        if (item.conditionCheck() != null) {
            String table = tableArn(item.conditionCheck().tableName());
            return new Need(
                    "dynamodb:ConditionCheckItem",
                    table,
                    call + ": ConditionCheck item",
                    leadingKeys(keys, table, item.conditionCheck().key()));
        }
        throw new IllegalStateException(call + " holds an item of no known kind: " + item);
    }

    // ------------------------------------------------------------------- dynamodb:LeadingKeys

    /** The item's partition key value, as the one leading key of a single-item call. */
    private static List<String> leadingKeys(PartitionKeys keys, String table, Map<String, AttributeValue> item) {
        return item == null ? null : leadingKeys(keys, table, List.of(item));
    }

    /** The partition key values of {@code items} (keys or whole items) of {@code table}; null if one is unreadable. */
    private static List<String> leadingKeys(PartitionKeys keys, String table, List<Map<String, AttributeValue>> items) {
        Optional<String> attribute = keys.of(table);
        if (attribute.isEmpty() || items == null || items.isEmpty()) return null;
        List<String> values = new ArrayList<>();
        for (Map<String, AttributeValue> item : items) {
            String value = item == null ? null : string(item.get(attribute.get()));
            if (value == null) return null;
            if (!values.contains(value)) values.add(value);
        }
        return values;
    }

    private static Map<String, AttributeValue> written(WriteRequest write) {
        if (write.putRequest() != null) return write.putRequest().item();
        if (write.deleteRequest() != null) return write.deleteRequest().key();
        return null;
    }

    /** {@code name = :value} or {@code :value = name} in a key condition expression. */
    private static final Pattern EQUALITY =
            Pattern.compile("(?<name>#?[\\w.]+)\\s*=\\s*(?<value>:\\w+)|(?<value2>:\\w+)\\s*=\\s*(?<name2>#?[\\w.]+)");

    /**
     * A Query's leading key: the value its key condition requires of the partition key of what it reads
     * (the table, or the index and its own partition key), from the expression or the legacy KeyConditions.
     */
    private static List<String> queried(PartitionKeys keys, String resource, QueryRequest query) {
        Optional<String> attribute = keys.of(resource);
        if (attribute.isEmpty()) return null;
        if (query.keyConditionExpression() != null) {
            Matcher m = EQUALITY.matcher(query.keyConditionExpression());
            while (m.find()) {
                String name = m.group("name") != null ? m.group("name") : m.group("name2");
                String value = m.group("value") != null ? m.group("value") : m.group("value2");
                if (name.startsWith("#"))
                    name = query.expressionAttributeNames().get(name);
                if (attribute.get().equals(name)) {
                    String key = string(query.expressionAttributeValues().get(value));
                    return key == null ? null : List.of(key);
                }
            }
            return null;
        }
        Condition condition = query.keyConditions().get(attribute.get());
        if (condition == null
                || condition.comparisonOperator() != ComparisonOperator.EQ
                || condition.attributeValueList().size() != 1) return null;
        String key = string(condition.attributeValueList().get(0));
        return key == null ? null : List.of(key);
    }

    /** A key's value as IAM's string conditions compare it; only string keys are read. */
    private static String string(AttributeValue value) {
        return value == null ? null : value.s();
    }

    private static List<Need> s3(AwsCall call) {
        SdkRequest request = call.request();
        String name = call.toString();
        if (call.operation().equals("ListBuckets")) return List.of(new Need("s3:ListAllMyBuckets", "*", name));
        String bucket = field(request, "Bucket");
        String object = request.getValueForField("Key", String.class)
                .map(key -> bucketArn(bucket) + "/" + key)
                .orElse(null);
        boolean version = request.getValueForField("VersionId", String.class).isPresent();
        return switch (call.operation()) {
            case "GetObject", "HeadObject" -> {
                Need read = new Need(version ? "s3:GetObjectVersion" : "s3:GetObject", required(object, call), name);
                yield call.missingObject()
                        ? List.of(
                                read,
                                new Need(
                                        "s3:ListBucket",
                                        bucketArn(bucket),
                                        name + " (S3 answers 404 NoSuchKey only with s3:ListBucket, else 403"
                                                + " AccessDenied)"))
                        : List.of(read);
            }
            case "DeleteObject" ->
                List.of(new Need(version ? "s3:DeleteObjectVersion" : "s3:DeleteObject", required(object, call), name));
            case "PutObject" -> putObject((PutObjectRequest) request, required(object, call), name);
            case "CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload" ->
                List.of(new Need("s3:PutObject", required(object, call), name));
            case "AbortMultipartUpload" -> List.of(new Need("s3:AbortMultipartUpload", required(object, call), name));
            case "ListParts" -> List.of(new Need("s3:ListMultipartUploadParts", required(object, call), name));
            case "DeleteObjects" ->
                ((DeleteObjectsRequest) request)
                        .delete().objects().stream()
                                .map(o -> deleteOne(bucket, o, name))
                                .toList();
            case "CopyObject" -> copyObject((CopyObjectRequest) request, required(object, call), name);
            case "ListObjects", "ListObjectsV2", "HeadBucket" ->
                List.of(new Need("s3:ListBucket", bucketArn(bucket), name));
            case "ListObjectVersions" -> List.of(new Need("s3:ListBucketVersions", bucketArn(bucket), name));
            default -> throw unmapped(call);
        };
    }

    private static Need deleteOne(String bucket, ObjectIdentifier object, String call) {
        return new Need(
                object.versionId() == null ? "s3:DeleteObject" : "s3:DeleteObjectVersion",
                bucketArn(bucket) + "/" + object.key(),
                call + ": key " + object.key());
    }

    private static List<Need> putObject(PutObjectRequest put, String object, String call) {
        if (put.serverSideEncryption() == ServerSideEncryption.AWS_KMS
                || put.serverSideEncryption() == ServerSideEncryption.AWS_KMS_DSSE
                || put.ssekmsKeyId() != null) {
            throw new IllegalStateException(
                    call + " encrypts with KMS: its kms: actions are not modelled in IamActions");
        }
        List<Need> needs = new ArrayList<>(List.of(new Need("s3:PutObject", object, call)));
        if (put.acl() != null
                || put.grantRead() != null
                || put.grantReadACP() != null
                || put.grantWriteACP() != null
                || put.grantFullControl() != null) {
            needs.add(new Need("s3:PutObjectAcl", object, call + " with an ACL"));
        }
        if (put.tagging() != null) needs.add(new Need("s3:PutObjectTagging", object, call + " with tags"));
        return needs;
    }

    @SuppressWarnings("deprecation")
    private static List<Need> copyObject(CopyObjectRequest copy, String object, String call) {
        // the SDK folds sourceBucket and sourceKey into the encoded copySource ("bucket/key") before it sends
        String source = copy.sourceBucket() != null
                ? bucketArn(copy.sourceBucket()) + "/" + copy.sourceKey()
                : "arn:aws:s3:::"
                        + java.net.URLDecoder.decode(
                                copy.copySource().split("\\?")[0], java.nio.charset.StandardCharsets.UTF_8);
        return List.of(
                new Need(
                        copy.sourceVersionId() == null ? "s3:GetObject" : "s3:GetObjectVersion",
                        source,
                        call + ": its source"),
                new Need("s3:PutObject", object, call));
    }

    private static String field(SdkRequest request, String name) {
        return request.getValueForField(name, String.class)
                .orElseThrow(() -> new IllegalStateException(
                        request.getClass().getSimpleName() + " has no " + name + ": " + request));
    }

    private static String required(String object, AwsCall call) {
        if (object == null) throw new IllegalStateException(call + " names no key: " + call.request());
        return object;
    }

    private static IllegalStateException unmapped(AwsCall call) {
        return new IllegalStateException("no IAM mapping for " + call
                + ": add the actions AWS checks for it (and on which ARN) to IamActions, from the Service"
                + " Authorization Reference");
    }

    /** What the template's pseudo parameters stand for, consistently with the ARNs above. */
    static Map<String, String> pseudoParameters() {
        return Map.of(
                "AWS::Region",
                REGION,
                "AWS::AccountId",
                ACCOUNT,
                "AWS::Partition",
                PARTITION,
                "AWS::URLSuffix",
                "amazonaws.com");
    }
}
