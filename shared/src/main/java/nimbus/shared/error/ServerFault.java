package nimbus.shared.error;

/** A bug: logged with its cause where it happened, answered without detail. */
public final class ServerFault extends DomainException {
    public ServerFault() {
        super("internal error");
    }
}
