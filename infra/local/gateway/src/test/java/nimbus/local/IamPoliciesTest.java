package nimbus.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nimbus.local.IamActions.Need;
import nimbus.local.IamPolicies.Decision;
import nimbus.local.kit.LocalResources;
import nimbus.local.kit.Template;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;
import software.amazon.awssdk.services.dynamodb.model.Condition;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
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

    /**
     * The certificate key: a KMS call naming it by its alias is checked on the key; only the functions that add and
     * edit zones may encrypt with it, and no function may decrypt (nothing in the stack reads a sealed key).
     */
    @Test
    void onlyAddAndEditZoneEncryptWithTheCertificateKeyAndNothingDecrypts() {
        Template template = Template.loadDefault();
        IamPolicies policies = IamPolicies.of(template);
        LocalResources resources = new LocalResources(template);
        String alias = resources.physicalName("CertificateKeyAlias");
        String key = IamActions.kmsArn(resources.physicalName("CertificateKey"));
        AwsCall encrypt = new AwsCall(
                "Kms",
                "Encrypt",
                software.amazon.awssdk.services.kms.model.EncryptRequest.builder()
                        .keyId(alias)
                        .build(),
                false);
        List<Need> needs =
                IamActions.of(encrypt).stream().map(policies::resolved).toList();
        assertEquals(List.of(new Need("kms:Encrypt", key, "Kms.Encrypt")), needs);
        for (String function : policies.functions()) {
            boolean seals = function.equals("KeyCdnAddZoneFunction") || function.equals("KeyCdnEditZoneFunction");
            assertEquals(seals, policies.decide(function, needs.get(0)).allowed(), function);
            for (String action : List.of("kms:Decrypt", "kms:ReEncryptFrom", "kms:CreateGrant", "kms:Encrypt")) {
                if (action.equals("kms:Encrypt") && seals) continue;
                assertFalse(policies.decide(function, action, key).allowed(), function + " " + action);
                assertFalse(policies.decide(function, action, "*").allowed(), function + " " + action + " on *");
            }
        }
    }

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
    void aReadOfAMissingObjectNeedsListBucketForS3ToAnswer404() {
        AwsCall get = new AwsCall(
                "S3",
                "GetObject",
                GetObjectRequest.builder()
                        .bucket("nimbus-assetsbucket")
                        .key("files/x")
                        .range("bytes=0-3")
                        .build(),
                false);
        assertEquals(List.of("s3:GetObject " + BUCKET + "/files/x"), needs(get));
        assertEquals(
                List.of("s3:GetObject " + BUCKET + "/files/x", "s3:ListBucket " + BUCKET),
                needs(get.ofMissingObject()));
        assertTrue(IamActions.of(get.ofMissingObject()).get(1).call().contains("404 NoSuchKey"));
    }

    @Test
    void eachItemCarriesItsPartitionKeyAsItsLeadingKey() throws IOException {
        IamPolicies policies = policies("- AWSLambdaBasicExecutionRole\n");
        assertEquals(Optional.of("pk"), policies.partitionKey(TABLE));
        assertEquals(Optional.of("gsi1pk"), policies.partitionKey(TABLE + "/index/gsi1"));
        assertEquals(Optional.empty(), policies.partitionKey(IamActions.tableArn("other")));

        assertEquals(
                List.of(List.of("RL#a#60")),
                leadingKeys(
                        policies,
                        "UpdateItem",
                        UpdateItemRequest.builder()
                                .tableName("nimbus-table")
                                .key(key("RL#a#60", "RL"))
                                .build()));
        assertEquals(
                List.of(List.of("FILE#x")),
                leadingKeys(
                        policies,
                        "PutItem",
                        PutItemRequest.builder()
                                .tableName("nimbus-table")
                                .item(key("FILE#x", "FILE"))
                                .build()));
        TransactWriteItemsRequest transaction = TransactWriteItemsRequest.builder()
                .transactItems(
                        TransactWriteItem.builder()
                                .put(Put.builder()
                                        .tableName("nimbus-table")
                                        .item(key("FILE#x", "FILE"))
                                        .build())
                                .build(),
                        TransactWriteItem.builder()
                                .update(Update.builder()
                                        .tableName("nimbus-table")
                                        .key(key("ACCT#1", "ACCOUNT"))
                                        .build())
                                .build(),
                        TransactWriteItem.builder()
                                .conditionCheck(ConditionCheck.builder()
                                        .tableName("other")
                                        .key(key("ZONE#1", "ZONE"))
                                        .build())
                                .build())
                .build();
        assertEquals(
                Arrays.asList(List.of("FILE#x"), List.of("ACCT#1"), null),
                leadingKeys(policies, "TransactWriteItems", transaction),
                "per item; a table without a known key schema has none");
        BatchWriteItemRequest batch = BatchWriteItemRequest.builder()
                .requestItems(Map.of(
                        "nimbus-table",
                        List.of(
                                WriteRequest.builder()
                                        .putRequest(PutRequest.builder()
                                                .item(key("FILE#x", "FILE"))
                                                .build())
                                        .build(),
                                WriteRequest.builder()
                                        .deleteRequest(DeleteRequest.builder()
                                                .key(key("FILE#y", "FILE"))
                                                .build())
                                        .build())))
                .build();
        assertEquals(List.of(List.of("FILE#x", "FILE#y")), leadingKeys(policies, "BatchWriteItem", batch), "every key");
        assertEquals(
                Arrays.asList((List<String>) null),
                leadingKeys(
                        policies,
                        "Scan",
                        ScanRequest.builder().tableName("nimbus-table").build()),
                "a Scan names no partition key");
    }

    @Test
    void aQuerysLeadingKeyIsItsKeyConditionOnThePartitionKeyOfWhatItReads() throws IOException {
        IamPolicies policies = policies("- AWSLambdaBasicExecutionRole\n");
        QueryRequest index = QueryRequest.builder()
                .tableName("nimbus-table")
                .indexName("gsi1")
                .keyConditionExpression("#sk = :s AND gsi1pk=:p")
                .expressionAttributeNames(Map.of("#sk", "gsi1sk"))
                .expressionAttributeValues(Map.of(":s", s("FILE#x"), ":p", s("ZONE#1#FILES")))
                .build();
        assertEquals(List.of(List.of("ZONE#1#FILES")), leadingKeys(policies, "Query", index), "the index's own key");
        QueryRequest table = QueryRequest.builder()
                .tableName("nimbus-table")
                .keyConditionExpression(":p = #pk AND begins_with(sk, :s)")
                .expressionAttributeNames(Map.of("#pk", "pk"))
                .expressionAttributeValues(Map.of(":s", s("F"), ":p", s("ACCT#1")))
                .build();
        assertEquals(List.of(List.of("ACCT#1")), leadingKeys(policies, "Query", table));
        QueryRequest legacy = QueryRequest.builder()
                .tableName("nimbus-table")
                .indexName("gsi1")
                .keyConditions(Map.of(
                        "gsi1pk",
                        Condition.builder()
                                .comparisonOperator(ComparisonOperator.EQ)
                                .attributeValueList(s("ZONE#2#FILES"))
                                .build()))
                .build();
        assertEquals(List.of(List.of("ZONE#2#FILES")), leadingKeys(policies, "Query", legacy), "KeyConditions");
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

    /** The rate limiter's statement in template.yaml: UpdateItem on rate-limit items only. */
    private static final String RATE_LIMIT_ONLY = """
            - Statement:
                - Effect: Allow
                  Action: [dynamodb:GetItem]
                  Resource: !GetAtt Table.Arn
                - Effect: Allow
                  Action: [dynamodb:UpdateItem]
                  Resource: !GetAtt Table.Arn
                  Condition:
                    ForAllValues:StringLike:
                      dynamodb:LeadingKeys: ["RL#*"]
            """;

    @Test
    void aLeadingKeysConditionAllowsAMatchingPartitionKey() throws IOException {
        IamPolicies policies = policies(RATE_LIMIT_ONLY);
        Decision rateLimit = decide(policies, update("RL#acct-1#1700000040"));
        assertTrue(rateLimit.allowed(), rateLimit.why());
        assertEquals(
                "allowed: its Condition ForAllValues:StringLike dynamodb:LeadingKeys [RL#*] holds for"
                        + " [RL#acct-1#1700000040]",
                rateLimit.why());
        assertTrue(decide(policies, get("FILE#x")).allowed(), "the unconditional GetItem is untouched");
    }

    @Test
    void aLeadingKeysConditionRefusesAnotherPartitionKeyNamingIt() throws IOException {
        IamPolicies policies = policies(RATE_LIMIT_ONLY);
        Decision file = decide(policies, update("FILE#x"));
        assertFalse(file.allowed());
        assertEquals(
                "only a statement with a Condition allows it, and its Condition ForAllValues:StringLike"
                        + " dynamodb:LeadingKeys [RL#*] does not hold for partition key FILE#x",
                file.why());
        assertFalse(decide(policies, update("rl#x")).allowed(), "StringLike is case-sensitive");
        assertFalse(decide(policies, update("XRL#x")).allowed(), "the pattern is anchored");

        // in a transaction, each item on its own
        List<Decision> items = IamActions.of(
                        new AwsCall(
                                "DynamoDb",
                                "TransactWriteItems",
                                TransactWriteItemsRequest.builder()
                                        .transactItems(
                                                TransactWriteItem.builder()
                                                        .update(Update.builder()
                                                                .tableName("nimbus-table")
                                                                .key(key("RL#a#0", "RL"))
                                                                .build())
                                                        .build(),
                                                TransactWriteItem.builder()
                                                        .update(Update.builder()
                                                                .tableName("nimbus-table")
                                                                .key(key("ACCT#a", "ACCOUNT"))
                                                                .build())
                                                        .build())
                                        .build(),
                                false),
                        policies::partitionKey)
                .stream()
                .map(n -> policies.decide("F", n))
                .toList();
        assertTrue(items.get(0).allowed(), items.get(0).why());
        assertFalse(items.get(1).allowed());
        assertTrue(
                items.get(1).why().endsWith("does not hold for partition key ACCT#a"),
                items.get(1).why());

        // a call whose partition key is unknown is not evaluated (ForAllValues of nothing would hold in AWS)
        Decision unknown = policies.decide("F", "dynamodb:UpdateItem", TABLE);
        assertFalse(unknown.allowed());
        assertTrue(unknown.why().endsWith("is not evaluated: the call names no partition key"), unknown.why());
    }

    @Test
    void leadingKeysUnderEachOperatorAndInADeny() throws IOException {
        IamPolicies policies = policies("""
                - Statement:
                    - Effect: Allow
                      Action: dynamodb:GetItem
                      Resource: !GetAtt Table.Arn
                      Condition:
                        StringEquals:
                          dynamodb:LeadingKeys: ACCT#1
                    - Effect: Allow
                      Action: dynamodb:Query
                      Resource: !Sub "${Table.Arn}/index/*"
                      Condition:
                        ForAllValues:StringEquals:
                          dynamodb:LeadingKeys: [ZONE#1#FILES, ZONE#2#FILES]
                    - Effect: Allow
                      Action: [dynamodb:PutItem, dynamodb:BatchWriteItem]
                      Resource: !GetAtt Table.Arn
                      Condition:
                        StringLike:
                          dynamodb:LeadingKeys: ["FILE#?", "FOLDER#*"]
                    - Effect: Deny
                      Action: dynamodb:PutItem
                      Resource: "*"
                      Condition:
                        ForAllValues:StringLike:
                          dynamodb:LeadingKeys: ["FOLDER#secret*"]
                """);
        assertTrue(decide(policies, get("ACCT#1")).allowed());
        assertFalse(decide(policies, get("ACCT#12")).allowed(), "StringEquals is exact");
        assertTrue(decide(policies, query("ZONE#2#FILES")).allowed(), "one of the values");
        assertFalse(decide(policies, query("ZONE#3#FILES")).allowed());
        assertTrue(decide(policies, put("FILE#x")).allowed(), "? is one character");
        assertFalse(decide(policies, put("FILE#xy")).allowed());
        assertTrue(decide(policies, put("FOLDER#a")).allowed());
        Decision denied = decide(policies, put("FOLDER#secret-1"));
        assertFalse(denied.allowed(), "a Deny whose condition holds wins");
        assertTrue(denied.why().startsWith("an explicit Deny statement covers it: its Condition"), denied.why());

        // a single-valued operator on several keys is not evaluated
        AwsCall batch = new AwsCall(
                "DynamoDb",
                "BatchWriteItem",
                BatchWriteItemRequest.builder()
                        .requestItems(Map.of(
                                "nimbus-table",
                                List.of(
                                        WriteRequest.builder()
                                                .putRequest(PutRequest.builder()
                                                        .item(key("FILE#a", "FILE"))
                                                        .build())
                                                .build(),
                                        WriteRequest.builder()
                                                .putRequest(PutRequest.builder()
                                                        .item(key("FILE#b", "FILE"))
                                                        .build())
                                                .build())))
                        .build(),
                false);
        Decision several = decide(policies, batch);
        assertFalse(several.allowed());
        assertTrue(several.why().contains("a single-valued operator on the 2 partition keys"), several.why());
    }

    @Test
    void anyOtherConditionStaysRefused() throws IOException {
        for (String condition : List.of(
                "StringLike:\n    dynamodb:Attributes: [\"pk\"]",
                "ForAnyValue:StringLike:\n    dynamodb:LeadingKeys: [\"RL#*\"]",
                "StringLikeIfExists:\n    dynamodb:LeadingKeys: [\"RL#*\"]",
                "ForAllValues:StringLike:\n    dynamodb:LeadingKeys: [\"${aws:userid}#*\"]",
                "ForAllValues:StringLike:\n    dynamodb:LeadingKeys: [\"RL#*\"]\n    dynamodb:Select: [SPECIFIC_ATTRIBUTES]")) {
            String indented = condition.lines().map(l -> "          " + l).reduce("", (a, b) -> a + b + "\n");
            IamPolicies policies = policies("""
                    - Statement:
                        - Effect: Allow
                          Action: dynamodb:UpdateItem
                          Resource: !GetAtt Table.Arn
                          Condition:
                    %s""".formatted(indented));
            Decision decision = decide(policies, update("RL#a#0"));
            assertFalse(decision.allowed(), condition);
            assertTrue(
                    decision.why()
                            .startsWith("only a statement with a Condition allows it, and its Condition is not"
                                    + " evaluated ("),
                    decision.why());
            assertTrue(decision.why().contains("IamPolicies evaluates only dynamodb:LeadingKeys"), decision.why());
        }
        Decision acl = policies("""
                        - Statement:
                            - Effect: Allow
                              Action: s3:PutObject
                              Resource: "*"
                              Condition:
                                StringEquals:
                                  s3:x-amz-acl: private
                        """).decide("F", "s3:PutObject", BUCKET + "/k");
        assertFalse(acl.allowed());
        assertTrue(acl.why().contains("(StringEquals s3:x-amz-acl;"), acl.why());
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
        return needs(new AwsCall(service, operation, request, false));
    }

    private static List<String> needs(AwsCall call) {
        return IamActions.of(call).stream()
                .map(n -> n.action() + " " + n.resource())
                .toList();
    }

    /** The leading keys of each need of the call, read by the key schemas of {@code policies}' template. */
    private static List<List<String>> leadingKeys(IamPolicies policies, String operation, SdkRequest request) {
        return IamActions.of(new AwsCall("DynamoDb", operation, request, false), policies::partitionKey).stream()
                .map(Need::leadingKeys)
                .toList();
    }

    /** F's decision on the call's one need. */
    private static Decision decide(IamPolicies policies, AwsCall call) {
        List<Need> needs = IamActions.of(call, policies::partitionKey);
        assertEquals(1, needs.size(), call.toString());
        return policies.decide("F", needs.get(0));
    }

    private static AwsCall update(String pk) {
        return new AwsCall(
                "DynamoDb",
                "UpdateItem",
                UpdateItemRequest.builder()
                        .tableName("nimbus-table")
                        .key(key(pk, "X"))
                        .build(),
                false);
    }

    private static AwsCall get(String pk) {
        return new AwsCall(
                "DynamoDb",
                "GetItem",
                GetItemRequest.builder()
                        .tableName("nimbus-table")
                        .key(key(pk, "X"))
                        .build(),
                false);
    }

    private static AwsCall put(String pk) {
        return new AwsCall(
                "DynamoDb",
                "PutItem",
                PutItemRequest.builder()
                        .tableName("nimbus-table")
                        .item(key(pk, "X"))
                        .build(),
                false);
    }

    private static AwsCall query(String gsi1pk) {
        return new AwsCall(
                "DynamoDb",
                "Query",
                QueryRequest.builder()
                        .tableName("nimbus-table")
                        .indexName("gsi1")
                        .keyConditionExpression("gsi1pk = :p")
                        .expressionAttributeValues(Map.of(":p", s(gsi1pk)))
                        .build(),
                false);
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", s(pk), "sk", s(sk));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
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
                    Properties:
                      KeySchema:
                        - AttributeName: pk
                          KeyType: HASH
                        - AttributeName: sk
                          KeyType: RANGE
                      GlobalSecondaryIndexes:
                        - IndexName: gsi1
                          KeySchema:
                            - AttributeName: gsi1pk
                              KeyType: HASH
                            - AttributeName: gsi1sk
                              KeyType: RANGE
                  AssetsBucket:
                    Type: AWS::S3::Bucket
                """.formatted(indented));
        return new IamPolicies(Template.load(file), id -> "nimbus-" + id.toLowerCase(java.util.Locale.ROOT));
    }
}
