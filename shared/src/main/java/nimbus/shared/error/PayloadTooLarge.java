package nimbus.shared.error;

/** The request body is bigger than the platform takes: {@code what} ("parts", "body") over {@code limit}. */
public final class PayloadTooLarge extends DomainException {
    private final String what;
    private final long limit;

    public PayloadTooLarge(String what, long limit) {
        super(what + " over " + limit);
        this.what = what;
        this.limit = limit;
    }

    public String what() {
        return what;
    }

    public long limit() {
        return limit;
    }
}
