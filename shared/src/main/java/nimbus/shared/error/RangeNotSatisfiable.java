package nimbus.shared.error;

/** A byte range that starts past the end of a body of {@code size} bytes. */
public final class RangeNotSatisfiable extends DomainException {
    private final long size;

    public RangeNotSatisfiable(long size) {
        super("range not satisfiable for " + size + " bytes");
        this.size = size;
    }

    public long size() {
        return size;
    }
}
