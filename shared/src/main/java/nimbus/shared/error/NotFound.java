package nimbus.shared.error;

/** The thing does not exist, or belongs to another account (which reads exactly the same). */
public final class NotFound extends DomainException {
    private final Subject subject;

    public NotFound(Subject subject) {
        super(subject + " not found");
        this.subject = subject;
    }

    public Subject subject() {
        return subject;
    }
}
