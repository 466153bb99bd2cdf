package nimbus.shared.error;

import java.util.List;

/** A large (multipart) upload that cannot be completed as it stands. */
public final class UploadRefused extends DomainException {
    public enum Reason {
        /** The upload's time ran out: it must be started again. */
        EXPIRED,
        /** Parts are missing ({@code missingParts}); uploading them and completing again succeeds. */
        INCOMPLETE,
        /** The bytes received are not the size declared at the start ({@code expected}, {@code actual}). */
        SIZE_MISMATCH,
        /** The bytes received do not have the SHA-256 declared at the start. */
        CHECKSUM_MISMATCH
    }

    private final Reason reason;
    private final List<Integer> missingParts;
    private final long expected;
    private final long actual;

    private UploadRefused(Reason reason, List<Integer> missingParts, long expected, long actual) {
        super("upload " + reason);
        this.reason = reason;
        this.missingParts = List.copyOf(missingParts);
        this.expected = expected;
        this.actual = actual;
    }

    public static UploadRefused expired() {
        return new UploadRefused(Reason.EXPIRED, List.of(), 0, 0);
    }

    public static UploadRefused incomplete(List<Integer> missingParts) {
        return new UploadRefused(Reason.INCOMPLETE, missingParts, 0, 0);
    }

    public static UploadRefused sizeMismatch(long expected, long actual) {
        return new UploadRefused(Reason.SIZE_MISMATCH, List.of(), expected, actual);
    }

    public static UploadRefused checksumMismatch() {
        return new UploadRefused(Reason.CHECKSUM_MISMATCH, List.of(), 0, 0);
    }

    public Reason reason() {
        return reason;
    }

    public List<Integer> missingParts() {
        return missingParts;
    }

    public long expected() {
        return expected;
    }

    public long actual() {
        return actual;
    }
}
