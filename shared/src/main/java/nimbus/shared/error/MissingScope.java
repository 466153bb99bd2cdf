package nimbus.shared.error;

/** The key is valid but lacks the scope the operation needs. */
public final class MissingScope extends DomainException {
    private final String scope;

    public MissingScope(String scope) {
        super("key lacks scope " + scope);
        this.scope = scope;
    }

    public String scope() {
        return scope;
    }
}
