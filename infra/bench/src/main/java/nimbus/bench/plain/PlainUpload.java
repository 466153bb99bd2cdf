package nimbus.bench.plain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Baseline of Hack Club POST /api/v4/upload: GetItem key, GetItem account, S3 PutObject, then
 * TransactWriteItems (file item + account counters). Input: secret, bodyFile (the raw multipart
 * body, one part), whose part is cut out by hand; the content type is the part's declared one (no
 * sniffing), the id a random UUID.
 */
public final class PlainUpload implements PlainHandler {
    private final DynamoDbClient dynamo = Plain.dynamo();
    private final S3Client s3 = Plain.s3();

    @Override
    public Response handle(Map<String, String> input) {
        Map<String, AttributeValue> key = Plain.apiKey(dynamo, input.get("secret"), "hackclub");
        if (key == null) return Plain.unauthorized();
        String accountId = Plain.str(key, "accountId");
        Map<String, AttributeValue> account = Plain.account(dynamo, accountId);
        if (account == null) return Plain.unauthorized();
        byte[] body;
        try {
            body = Files.readAllBytes(Path.of(input.get("bodyFile")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // --boundary\r\n<headers>\r\n\r\n<data>\r\n--boundary--\r\n
        int firstLineEnd = indexOf(body, "\r\n".getBytes(StandardCharsets.US_ASCII), 0);
        byte[] boundary = ("\r\n" + new String(body, 0, firstLineEnd, StandardCharsets.US_ASCII))
                .getBytes(StandardCharsets.US_ASCII);
        int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), firstLineEnd);
        String headers = new String(body, firstLineEnd + 2, headersEnd - firstLineEnd - 2, StandardCharsets.UTF_8);
        int dataStart = headersEnd + 4;
        byte[] data = Arrays.copyOfRange(body, dataStart, indexOf(body, boundary, dataStart));
        String filename = between(headers, "filename=\"", "\"");
        String contentType = headers.contains("Content-Type: ")
                ? headers.substring(headers.indexOf("Content-Type: ") + 14).trim()
                : "application/octet-stream";

        long size = data.length;
        long limit = Plain.storageLimit(Plain.str(account, "tier"));
        if (Plain.num(account, "storageUsed") + size > limit)
            return new Response(413, "{\"error\":\"quota_exceeded\"}");
        String id = UUID.randomUUID().toString();
        String createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        s3.putObject(
                p -> p.bucket(Plain.BUCKET)
                        .key("files/" + id)
                        .contentType(contentType)
                        .cacheControl("public, max-age=31536000, immutable")
                        .contentLength(size),
                RequestBody.fromBytes(data));
        Map<String, AttributeValue> item = new HashMap<>(Plain.key("FILE#" + id, "FILE"));
        item.put("type", AttributeValue.fromS("file"));
        item.put("id", AttributeValue.fromS(id));
        item.put("accountId", AttributeValue.fromS(accountId));
        item.put("filename", AttributeValue.fromS(filename));
        item.put("size", AttributeValue.fromN(Long.toString(size)));
        item.put("contentType", AttributeValue.fromS(contentType));
        item.put("sha256", AttributeValue.fromS(Plain.sha256Hex(data)));
        item.put("createdAt", AttributeValue.fromS(createdAt));
        item.put("gsi1pk", AttributeValue.fromS("ACCT#" + accountId + "#FILES"));
        item.put("gsi1sk", AttributeValue.fromS(createdAt + "#" + id));
        dynamo.transactWriteItems(t -> t.transactItems(
                TransactWriteItem.builder()
                        .put(Put.builder()
                                .tableName(Plain.TABLE)
                                .item(item)
                                .conditionExpression("attribute_not_exists(pk)")
                                .build())
                        .build(),
                TransactWriteItem.builder()
                        .update(Update.builder()
                                .tableName(Plain.TABLE)
                                .key(Plain.key("ACCT#" + accountId, "ACCOUNT"))
                                .updateExpression("ADD storageUsed :size, fileCount :one")
                                .conditionExpression("attribute_exists(pk) AND storageUsed <= :room")
                                .expressionAttributeValues(Map.of(
                                        ":size",
                                        AttributeValue.fromN(Long.toString(size)),
                                        ":one",
                                        AttributeValue.fromN("1"),
                                        ":room",
                                        AttributeValue.fromN(Long.toString(limit - size))))
                                .build())
                        .build()));
        return new Response(
                201,
                "{\"id\":" + Plain.q(id) + ",\"filename\":" + Plain.q(filename) + ",\"size\":" + size
                        + ",\"content_type\":" + Plain.q(contentType) + ",\"url\":"
                        + Plain.q(Plain.CDN + "/" + id + "/" + filename)
                        + ",\"created_at\":" + Plain.q(createdAt) + "}");
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) continue outer;
            }
            return i;
        }
        throw new IllegalArgumentException("malformed multipart body");
    }

    private static String between(String s, String start, String end) {
        int from = s.indexOf(start);
        if (from < 0) return "upload";
        from += start.length();
        return s.substring(from, s.indexOf(end, from));
    }
}
