package nimbus.shared;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Random tokens and SHA-256 digests. */
public final class Secrets {
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private Secrets() {}

    /** Not a static field: a SnapStart snapshot must never carry a seeded generator. */
    private static SecureRandom random() {
        return new SecureRandom();
    }

    public static String hex(int bytes) {
        byte[] b = new byte[bytes];
        random().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** {@code chars} base62 characters; 43 of them carry more than 256 bits. */
    public static String base62(int chars) {
        SecureRandom random = random();
        StringBuilder sb = new StringBuilder(chars);
        for (int i = 0; i < chars; i++) sb.append(BASE62.charAt(random.nextInt(BASE62.length())));
        return sb.toString();
    }

    public static String sha256Hex(String value) {
        return sha256Hex(value.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256Hex(byte[] value) {
        return ByteSlice.of(value).sha256Hex();
    }
}
