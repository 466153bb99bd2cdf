package nimbus.shared;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A read-only run of bytes inside an array: an uploaded file within its decoded request body, handed
 * from the multipart parser to hashing, sniffing and S3 without being copied.
 */
public final class ByteSlice {
    private static final ByteSlice EMPTY = new ByteSlice(new byte[0], 0, 0);

    private final byte[] array;
    private final int offset;
    private final int length;

    private ByteSlice(byte[] array, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, array.length);
        this.array = array;
        this.offset = offset;
        this.length = length;
    }

    /** The whole array, not copied: the caller must not change it afterwards. */
    public static ByteSlice of(byte[] array) {
        return array.length == 0 ? EMPTY : new ByteSlice(array, 0, array.length);
    }

    public static ByteSlice of(byte[] array, int offset, int length) {
        return length == 0 ? EMPTY : new ByteSlice(array, offset, length);
    }

    public int length() {
        return length;
    }

    public boolean isEmpty() {
        return length == 0;
    }

    /** A copy of the bytes. */
    public byte[] toArray() {
        return Arrays.copyOfRange(array, offset, offset + length);
    }

    /** A copy of at most the first {@code max} bytes. */
    public byte[] head(int max) {
        return Arrays.copyOfRange(array, offset, offset + Math.min(max, length));
    }

    public String text() {
        return new String(array, offset, length, StandardCharsets.UTF_8);
    }

    /** A fresh stream over the bytes each call (an SDK retry reads the body again). */
    public InputStream newInputStream() {
        return new ByteArrayInputStream(array, offset, length);
    }

    public String sha256Hex() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(array, offset, length);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ByteSlice that
                && Arrays.equals(array, offset, offset + length, that.array, that.offset, that.offset + that.length);
    }

    @Override
    public int hashCode() {
        int hash = 1;
        for (int i = offset; i < offset + length; i++) hash = 31 * hash + array[i];
        return hash;
    }

    @Override
    public String toString() {
        return "ByteSlice[" + length + " bytes]";
    }
}
