package nimbus.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import nimbus.local.IamActions.Need;
import nimbus.local.kit.Template;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * IamActions and IamPolicies on their own, without moto: the IAM facts IamPolicyTest relies on, and
 * the policy forms it must read (or refuse to guess about).
 */
class IamPoliciesTest {
    private static final String TABLE = IamActions.tableArn("nimbus-table");
    private static final String BUCKET = IamActions.bucketArn("nimbus-assetsbucket");

    @TempDir
    Path dir;

    // ------------------------------------------------------------------------------ IamActions

    @Test
    void aTransactionNeedsEachItemsOwnActionAndNoActionOfItsOwn() {
        TransactWriteItemsRequest request = TransactWriteItemsRequest.builder()
                .transactItems(
                        TransactWriteItem.builder()
                                .put(Put.builder().tableName("nimbus-table").build())
                                .build(),
                        TransactWriteItem.builder()
                                .update(Update.builder()
                                        .tableName("nimbus-table")
                                        .build())
                                .build(),
                        TransactWriteItem.builder()
                                .delete(Delete.builder().tableName("other").build())
                                .build(),
                        TransactWriteItem.builder()
                                .conditionCheck(ConditionCheck.builder()
                                        .tableName("nimbus-table")
                                        .build())
                                .build())
                .build();
        assertEquals(
                List.of(
                        "dynamodb:PutItem " + TABLE,
                        "dynamodb:UpdateItem " + TABLE,
                        "dynamodb:DeleteItem " + IamActions.tableArn("other"),
                        "dynamodb:ConditionCheckItem " + TABLE),
                needs("DynamoDb", "TransactWriteItems", request));
    }

    @Test
    void aQueryOfAnIndexIsCheckedOnTheIndexAndAScanOfTheTableOnTheTable() {
        assertEquals(
                List.of("dynamodb:Query " + TABLE + "/index/gsi2"),
                needs(
                        "DynamoDb",
                        "Query",
                        QueryRequest.builder()
                                .tableName("nimbus-table")
                                .indexName("gsi2")
                                .build()));
        assertEquals(
                List.of("dynamodb:Scan " + TABLE),
                needs(
                        "DynamoDb",
                        "Scan",
                        ScanRequest.builder().tableName("nimbus-table").build()));
    }

    @Test
    void aBatchGetIsItsOwnActionOnEveryTableItReads() {
        BatchGetItemRequest request = BatchGetItemRequest.builder()
                .requestItems(Map.of("nimbus-table", KeysAndAttributes.builder().build()))
                .build();
        assertEquals(List.of("dynamodb:BatchGetItem " + TABLE), needs("DynamoDb", "BatchGetItem", request));
    }

    @Test
    void aMultiObjectDeleteNeedsDeleteObjectOnEveryKey() {
        var delete = software.amazon.awssdk.services.s3.model.Delete.builder()
                .objects(
                        ObjectIdentifier.builder().key("a/1").build(),
                        ObjectIdentifier.builder().key("b/2").versionId("v").build());
        assertEquals(
                List.of("s3:DeleteObject " + BUCKET + "/a/1", "s3:DeleteObjectVersion " + BUCKET + "/b/2"),
                needs(
                        "S3",
                        "DeleteObjects",
                        DeleteObjectsRequest.builder()
                                .bucket("nimbus-assetsbucket")
                                .delete(delete.build())
                                .build()));
    }

    @Test
    void rangeAndPresignedGetsAreGetObjectAndListingIsListBucketOnTheBucket() {
        assertEquals(
                List.of("s3:GetObject " + BUCKET + "/k"),
                needs(
                        "S3",
                        "GetObject",
                        GetObjectRequest.builder()
                                .bucket("nimbus-assetsbucket")
                                .key("k")
                                .range("bytes=0-3")
                                .build()));
        AwsCall presigned = AwsCall.presignedGet(
                "http://127.0.0.1:5000/nimbus-assetsbucket/files/a%20b.bin?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                        + "&X-Amz-Signature=00",
                "nimbus-assetsbucket");
        assertTrue(presigned.presigned());
        assertEquals(
                List.of(new Need("s3:GetObject", BUCKET + "/files/a b.bin", "S3.GetObject (presigned URL)")),
                IamActions.of(presigned));
        assertEquals(
                List.of("s3:ListBucket " + BUCKET),
                needs(
                        "S3",
                        "ListObjectsV2",
                        ListObjectsV2Request.builder()
                                .bucket("nimbus-assetsbucket")
                                .build()));
        assertEquals(
                List.of("s3:PutObject " + BUCKET + "/k", "s3:PutObjectAcl " + BUCKET + "/k"),
                needs(
                        "S3",
                        "PutObject",
                        PutObjectRequest.builder()
                                .bucket("nimbus-assetsbucket")
                                .key("k")
                                .acl(ObjectCannedACL.PRIVATE)
                                .build()));
    }

    @Test
    void aCallWithoutAMappingFailsRatherThanPassing() {
        AwsCall call = new AwsCall(
                "DynamoDb",
                "ExecuteStatement",
                GetItemRequest.builder().tableName("nimbus-table").build(),
                false);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> IamActions.of(call));
        assertTrue(e.getMessage().contains("no IAM mapping for DynamoDb.ExecuteStatement"), e.getMessage());
    }

    // ------------------------------------------------------------------------------ IamPolicies

    @Test
    void intrinsicsResolveToTheArnsTheCallsUse() throws IOException {
        IamPolicies policies = policies("""
                - Statement:
                    - Effect: Allow
                      Action: dynamodb:Get*
                      Resource: !GetAtt Table.Arn
                    - Effect: Allow
                      Action: [dynamodb:Query]
                      Resource: !Sub "${Table.Arn}/index/gsi1"
                    - Effect: Allow
                      Action: [s3:getobject]
                      Resource: !Sub "arn:${AWS::Partition}:s3:::${AssetsBucket}/files/*"
                    - Effect: Allow
                      Action: s3:ListBucket
                      Resource: !Join ["", [!GetAtt AssetsBucket.Arn]]
                """);
        assertTrue(allowed(policies, "dynamodb:GetItem", TABLE), "wildcard action");
        assertFalse(allowed(policies, "dynamodb:GetItem", TABLE + "/index/gsi1"), "the table is not its indexes");
        assertTrue(allowed(policies, "dynamodb:Query", TABLE + "/index/gsi1"));
        assertFalse(allowed(policies, "dynamodb:Query", TABLE + "/index/gsi2"));
        assertFalse(allowed(policies, "dynamodb:Query", TABLE));
        assertTrue(allowed(policies, "s3:GetObject", BUCKET + "/files/a/b"), "actions ignore case; * spans /");
        assertFalse(allowed(policies, "s3:GetObject", BUCKET + "/other"));
        assertTrue(allowed(policies, "s3:ListBucket", BUCKET));
        assertEquals(
                "dynamodb:Query is granted only on !Sub \"${Table.Arn}/index/gsi1\"",
                policies.decide("F", "dynamodb:Query", TABLE).why());
        assertEquals("${Table.Arn}/index/gsi2", policies.describe(TABLE + "/index/gsi2"));
        assertEquals("${AssetsBucket.Arn}/files/x", policies.describe(BUCKET + "/files/x"));
    }

    @Test
    void aDenyWinsNotActionAndNotResourceInvertAndAConditionGrantsNothing() throws IOException {
        IamPolicies policies = policies("""
                - Statement:
                    - Effect: Allow
                      NotAction: dynamodb:Scan
                      Resource: "*"
                    - Effect: Deny
                      Action: dynamodb:DeleteItem
                      NotResource: !GetAtt Table.Arn
                    - Effect: Allow
                      Action: s3:PutObject
                      Resource: "*"
                      Condition:
                        StringEquals:
                          s3:x-amz-acl: private
                    - Effect: Deny
                      Action: s3:*
                      Resource: !Sub "${AssetsBucket.Arn}/secret/*"
                """);
        assertTrue(allowed(policies, "dynamodb:GetItem", TABLE));
        assertFalse(allowed(policies, "dynamodb:Scan", TABLE), "NotAction");
        assertTrue(allowed(policies, "dynamodb:DeleteItem", TABLE), "NotResource: the Deny spares the table");
        assertFalse(allowed(policies, "dynamodb:DeleteItem", IamActions.tableArn("other")));
        assertTrue(allowed(policies, "s3:GetObject", BUCKET + "/k"), "the NotAction Allow covers it");
        assertFalse(allowed(policies, "s3:GetObject", BUCKET + "/secret/k"), "an explicit Deny wins");
        assertEquals(
                "an explicit Deny statement covers it",
                policies.decide("F", "s3:GetObject", BUCKET + "/secret/k").why());
    }

    @Test
    void whatCannotBeEvaluatedOfflineIsRefusedNotGuessed() throws IOException {
        assertTrue(policies("- AWSLambdaBasicExecutionRole\n").statements("F").isEmpty());
        assertRefused("- AmazonDynamoDBFullAccess\n", "managed policy AmazonDynamoDBFullAccess");
        assertRefused("- DynamoDBCrudPolicy:\n    TableName: !Ref Table\n", "SAM policy template");
        assertRefused(
                "- Statement:\n    - Effect: Allow\n      Action: s3:GetObject\n      Resource: !GetAtt Api.RootResourceId\n",
                "!GetAtt Api.RootResourceId");
    }

    @Test
    void theTemplatesPoliciesAllResolve() {
        IamPolicies policies = IamPolicies.of(Template.loadDefault());
        assertFalse(policies.functions().isEmpty());
        for (String function : policies.functions()) {
            assertFalse(policies.statements(function).isEmpty(), function + " has an inline policy");
        }
    }

    // ---------------------------------------------------------------------------------------------

    private static List<String> needs(String service, String operation, SdkRequest request) {
        return IamActions.of(new AwsCall(service, operation, request, false)).stream()
                .map(n -> n.action() + " " + n.resource())
                .toList();
    }

    private static boolean allowed(IamPolicies policies, String action, String resource) {
        return policies.decide("F", action, resource).allowed();
    }

    private void assertRefused(String policies, String expected) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> policies(policies));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    /** A template with the project's resources and one function, F, whose Policies are {@code yaml}. */
    private IamPolicies policies(String yaml) throws IOException {
        String indented = yaml.lines().map(l -> "        " + l).reduce("", (a, b) -> a + b + "\n");
        Path file = dir.resolve("template.yaml");
        Files.writeString(file, """
                Globals:
                  Function:
                    Runtime: java21
                Resources:
                  Api:
                    Type: AWS::Serverless::Api
                  F:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: x::handleRequest
                      Policies:
                %s
                  Table:
                    Type: AWS::DynamoDB::Table
                  AssetsBucket:
                    Type: AWS::S3::Bucket
                """.formatted(indented));
        return new IamPolicies(Template.load(file), id -> "nimbus-" + id.toLowerCase(java.util.Locale.ROOT));
    }
}
