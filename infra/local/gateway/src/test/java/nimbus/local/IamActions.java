package nimbus.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
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
 *       a version id needs the {@code ...Version} action instead.</li>
 * </ul>
 * A call without a mapping here fails the check: add it rather than guess.
 */
final class IamActions {
    /** Placeholders for the ARNs of both sides, the recorded calls and the resolved template. */
    static final String PARTITION = "aws";

    static final String REGION = "us-east-1";
    static final String ACCOUNT = "123456789012";

    /** One authorisation: {@code action} on {@code resource}, and the call (or item of a call) that needs it. */
    record Need(String action, String resource, String call) {}

    private IamActions() {}

    static List<Need> of(AwsCall call) {
        return switch (call.service()) {
            case "DynamoDb" -> dynamoDb(call);
            case "S3" -> s3(call);
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

    static String queueArn(String queue) {
        return "arn:%s:sqs:%s:%s:%s".formatted(PARTITION, REGION, ACCOUNT, queue);
    }

    private static List<Need> dynamoDb(AwsCall call) {
        SdkRequest request = call.request();
        String name = call.toString();
        return switch (call.operation()) {
            case "GetItem", "PutItem", "UpdateItem", "DeleteItem", "DescribeTable", "DescribeTimeToLive" ->
                List.of(new Need("dynamodb:" + call.operation(), tableArn(field(request, "TableName")), name));
            case "Query", "Scan" -> {
                String table = tableArn(field(request, "TableName"));
                String index =
                        request.getValueForField("IndexName", String.class).orElse(null);
                yield List.of(new Need(
                        "dynamodb:" + call.operation(),
                        index == null ? table : table + "/index/" + index,
                        name + (index == null ? "" : " of index " + index)));
            }
            case "BatchGetItem" ->
                ((BatchGetItemRequest) request)
                        .requestItems().keySet().stream()
                                .map(t -> new Need("dynamodb:BatchGetItem", tableArn(t), name))
                                .toList();
            case "BatchWriteItem" ->
                ((BatchWriteItemRequest) request)
                        .requestItems().keySet().stream()
                                .map(t -> new Need("dynamodb:BatchWriteItem", tableArn(t), name))
                                .toList();
            case "TransactWriteItems" ->
                ((TransactWriteItemsRequest) request)
                        .transactItems().stream()
                                .map(item -> transactItem(item, name))
                                .toList();
            case "TransactGetItems" ->
                ((TransactGetItemsRequest) request)
                        .transactItems().stream()
                                .map(item -> new Need(
                                        "dynamodb:GetItem", tableArn(item.get().tableName()), name + ": Get item"))
                                .toList();
            default -> throw unmapped(call);
        };
    }

    private static Need transactItem(TransactWriteItem item, String call) {
        if (item.put() != null)
            return new Need("dynamodb:PutItem", tableArn(item.put().tableName()), call + ": Put item");
        if (item.update() != null)
            return new Need("dynamodb:UpdateItem", tableArn(item.update().tableName()), call + ": Update item");
        if (item.delete() != null)
            return new Need("dynamodb:DeleteItem", tableArn(item.delete().tableName()), call + ": Delete item");
        if (item.conditionCheck() != null)
            return new Need(
                    "dynamodb:ConditionCheckItem",
                    tableArn(item.conditionCheck().tableName()),
                    call + ": ConditionCheck item");
        throw new IllegalStateException(call + " holds an item of no known kind: " + item);
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
            case "GetObject", "HeadObject" ->
                List.of(new Need(version ? "s3:GetObjectVersion" : "s3:GetObject", required(object, call), name));
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

    private static List<Need> copyObject(CopyObjectRequest copy, String object, String call) {
        String source = bucketArn(copy.sourceBucket()) + "/" + copy.sourceKey();
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
