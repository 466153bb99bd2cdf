package nimbus.bench.plain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/** What the baselines share: the same SDK clients as the functions, key lookup, and hand-written JSON. */
final class Plain {
    static final String TABLE = System.getenv("NIMBUS_TABLE");
    static final String BUCKET = System.getenv("NIMBUS_ASSETS_BUCKET");
    static final String CDN = System.getenv("NIMBUS_CDN_BASE_URL");

    private Plain() {}

    static DynamoDbClient dynamo() {
        return DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    static S3Client s3() {
        return S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .forcePathStyle(Boolean.parseBoolean(System.getenv("NIMBUS_S3_PATH_STYLE")))
                .build();
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk));
    }

    static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    static long num(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }

    /** The key item of a live key of this dialect, or null (a 401). */
    static Map<String, AttributeValue> apiKey(DynamoDbClient dynamo, String secret, String dialect) {
        if (secret == null) return null;
        Map<String, AttributeValue> item = dynamo.getItem(g ->
                        g.tableName(TABLE).key(key("KEY#" + sha256Hex(secret.getBytes(StandardCharsets.UTF_8)), "KEY")))
                .item();
        if (item == null || item.isEmpty()) return null;
        AttributeValue revoked = item.get("revoked");
        if (revoked != null && Boolean.TRUE.equals(revoked.bool())) return null;
        return dialect.equals(str(item, "dialect")) ? item : null;
    }

    static Map<String, AttributeValue> account(DynamoDbClient dynamo, String accountId) {
        Map<String, AttributeValue> item = dynamo.getItem(
                        g -> g.tableName(TABLE).key(key("ACCT#" + accountId, "ACCOUNT")))
                .item();
        return item == null || item.isEmpty() ? null : item;
    }

    static long storageLimit(String tier) {
        return switch (tier == null ? "" : tier) {
            case "verified" -> 50L << 30;
            case "unlimited" -> 300L << 30;
            default -> 50L << 20;
        };
    }

    static String sha256Hex(byte[] value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JSON string literal. */
    static String q(String s) {
        if (s == null) return "null";
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }

    static PlainHandler.Response unauthorized() {
        return new PlainHandler.Response(401, "{\"error\":\"unauthorized\"}");
    }
}
