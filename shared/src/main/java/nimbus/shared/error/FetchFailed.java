package nimbus.shared.error;

/** Fetching a remote URL for an upload failed; nothing was stored. */
public final class FetchFailed extends DomainException {
    public enum Reason {
        INVALID_URL,
        UNSUPPORTED_SCHEME,
        CREDENTIALS_IN_URL,
        INVALID_REDIRECT,
        TOO_MANY_REDIRECTS,
        UNRESOLVABLE_HOST,
        ADDRESS_NOT_ALLOWED,
        CONNECT_FAILED,
        TLS_FAILED,
        INVALID_AUTHORIZATION,
        /** The source answered with a non-2xx {@code upstreamStatus}. */
        UPSTREAM_STATUS,
        /** The body is over {@code limit} bytes. */
        TOO_LARGE,
        TIMED_OUT,
        INTERRUPTED,
        FAILED
    }

    private final Reason reason;
    private final int upstreamStatus;
    private final long limit;

    public FetchFailed(Reason reason) {
        this(reason, 0, 0);
    }

    public FetchFailed(Reason reason, int upstreamStatus, long limit) {
        super("fetch failed: " + reason);
        this.reason = reason;
        this.upstreamStatus = upstreamStatus;
        this.limit = limit;
    }

    public Reason reason() {
        return reason;
    }

    public int upstreamStatus() {
        return upstreamStatus;
    }

    public long limit() {
        return limit;
    }
}
