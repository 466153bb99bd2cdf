package nimbus.shared.error;

/** An AWS dependency failed and nothing was changed: the caller may retry. */
public final class Unavailable extends DomainException {
    public Unavailable() {
        super("storage unavailable");
    }
}
