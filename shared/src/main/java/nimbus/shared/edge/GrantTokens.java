package nimbus.shared.edge;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import nimbus.shared.http.Json;

/**
 * Grant tokens, which the edge checks in viewer-request ({@code functions/edge/lib/grant.js}): a zone's protected
 * assets and the short-lived links of large downloads. The format is the edge contract's:
 *
 * <pre>
 * token   = b64url(payloadJson) + "." + b64url(HMAC-SHA256(key, b64url(payloadJson)))
 * payload = {"z": zoneId, "p": path, "e": expiresEpochSeconds, "g": grantId, "d": 1 (only for an attachment)}
 * </pre>
 *
 * b64url is base64url without padding; the HMAC key is the zone's {@code grantKey} decoded (32 random bytes, stored on
 * the zone item and published in the zone's edge document). A path ending in {@code /} is a prefix: every path under
 * it.
 */
public final class GrantTokens {
    /** Bytes of a zone's grant key. */
    public static final int KEY_BYTES = 32;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Pattern TOKEN = Pattern.compile("([A-Za-z0-9_-]{8,2048})\\.([A-Za-z0-9_-]{43})");

    private GrantTokens() {}

    /** What a token grants: {@code path} of {@code zoneId} until {@code expiresEpochSeconds} (inclusive). */
    public record Grant(String zoneId, String path, long expiresEpochSeconds, String grantId, boolean download) {}

    /** A new zone's grant key: 32 random bytes, base64url without padding (43 characters). */
    public static String newKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return B64URL.encodeToString(key);
    }

    /** The token for {@code grant} under {@code grantKey} (as {@link #newKey()} makes them). */
    public static String sign(String grantKey, Grant grant) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("z", grant.zoneId());
        payload.put("p", grant.path());
        payload.put("e", grant.expiresEpochSeconds());
        payload.put("g", grant.grantId());
        if (grant.download()) payload.put("d", 1);
        String encoded = B64URL.encodeToString(Json.write(payload));
        return encoded + "." + B64URL.encodeToString(hmac(keyBytes(grantKey), encoded));
    }

    /**
     * The grant of a correctly signed token (signature compared in constant time), or empty. Expiry, zone and path are
     * the caller's to check; the edge does all of that itself.
     */
    public static Optional<Grant> open(String grantKey, String token) {
        var match = token == null ? null : TOKEN.matcher(token);
        if (match == null || !match.matches()) return Optional.empty();
        byte[] expected =
                B64URL.encodeToString(hmac(keyBytes(grantKey), match.group(1))).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, match.group(2).getBytes(StandardCharsets.US_ASCII)))
            return Optional.empty();
        try {
            Map<String, Object> payload = Json.parseObject(B64URL_DECODER.decode(match.group(1)));
            if (payload.get("z") instanceof String z
                    && payload.get("p") instanceof String p
                    && payload.get("e") instanceof Number e
                    && payload.get("g") instanceof String g) {
                Object d = payload.get("d");
                return Optional.of(new Grant(z, p, e.longValue(), g, d instanceof Number n && n.intValue() == 1));
            }
        } catch (RuntimeException e) {
            // not JSON, not an object: no grant
        }
        return Optional.empty();
    }

    private static byte[] keyBytes(String grantKey) {
        if (grantKey == null || !KEY.matcher(grantKey).matches())
            throw new IllegalArgumentException("a grant key is 32 bytes of base64url");
        return B64URL_DECODER.decode(grantKey);
    }

    private static byte[] hmac(byte[] key, String encodedPayload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(encodedPayload.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
