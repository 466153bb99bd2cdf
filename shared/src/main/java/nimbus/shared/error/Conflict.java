package nimbus.shared.error;

/** The write lost a race or breaks a uniqueness or emptiness rule; retrying may succeed. */
public final class Conflict extends DomainException {
    public enum Reason {
        /** Another request changed or removed the item between the read and the conditional write. */
        CHANGED_MEANWHILE,
        /** A folder or zone still holds {@code count} files. */
        NOT_EMPTY,
        /** The unique value ({@code value}: an email, a hostname) is taken. */
        ALREADY_EXISTS
    }

    private final Subject subject;
    private final Reason reason;
    private final long count;
    private final String value;

    public Conflict(Subject subject, Reason reason, long count, String value) {
        super(subject + ": " + reason);
        this.subject = subject;
        this.reason = reason;
        this.count = count;
        this.value = value;
    }

    public static Conflict changedMeanwhile(Subject subject) {
        return new Conflict(subject, Reason.CHANGED_MEANWHILE, 0, null);
    }

    public static Conflict notEmpty(Subject subject, long count) {
        return new Conflict(subject, Reason.NOT_EMPTY, count, null);
    }

    public static Conflict alreadyExists(Subject subject, String value) {
        return new Conflict(subject, Reason.ALREADY_EXISTS, 0, value);
    }

    public Subject subject() {
        return subject;
    }

    public Reason reason() {
        return reason;
    }

    public long count() {
        return count;
    }

    public String value() {
        return value;
    }
}
