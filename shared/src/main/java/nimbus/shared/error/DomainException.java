package nimbus.shared.error;

/**
 * A failure the caller should hear about, stated as facts (what, which field, which limit) and
 * never as wire text. Each dialect decides the status, the wording and the body it answers with.
 */
public abstract sealed class DomainException extends RuntimeException
        permits Blocked,
                Conflict,
                FetchFailed,
                InvalidInput,
                MissingScope,
                NotFound,
                PayloadTooLarge,
                QuotaExceeded,
                RangeNotSatisfiable,
                RateLimited,
                ServerFault,
                Unauthenticated,
                UploadRefused,
                Unavailable {

    protected DomainException(String description) {
        // No stack trace: these are answers, not bugs, and some are thrown on every bad request.
        super(description, null, false, false);
    }
}
