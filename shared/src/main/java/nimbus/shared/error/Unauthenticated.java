package nimbus.shared.error;

/** No key, an unknown, revoked or malformed key, or a key of another dialect. */
public final class Unauthenticated extends DomainException {
    public Unauthenticated() {
        super("no valid API key");
    }
}
