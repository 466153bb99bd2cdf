package nimbus.shared.error;

/**
 * A request value breaks a rule: {@code field} names it as the domain knows it ("filename",
 * "description", "tags", "files", "ids", "name", "url", "scopes", "body"), {@code problem} says how,
 * {@code limit} is the bound that was crossed (when there is one) and {@code actual} what was sent.
 */
public final class InvalidInput extends DomainException {
    public enum Problem {
        /** Absent or blank. */
        MISSING,
        /** Longer than {@code limit} characters. */
        TOO_LONG,
        /** More than {@code limit} items ({@code actual} were sent). */
        TOO_MANY,
        /** Holds control characters (a NUL byte included). */
        CONTROL_CHARACTERS,
        /** Not parseable in the form it must have. */
        MALFORMED,
        /** A value outside the allowed set ({@code value} says which). */
        NOT_ALLOWED
    }

    /**
     * Why a TLS certificate or key was refused ({@link Problem#NOT_ALLOWED}, no {@code value}); {@code NONE} for
     * every other refusal.
     */
    public enum Detail {
        NONE,
        /** The private key is not the certificate's (their public keys differ). */
        KEY_MISMATCH,
        /** The certificate's validity starts later than now. */
        NOT_YET_VALID,
        /** The certificate's validity ended before now. */
        EXPIRED,
        /** A certificate of the chain is not signed by the one after it. */
        BROKEN_CHAIN,
        /** The key is larger than the store takes ({@code limit} bytes of PKCS #8). */
        KEY_TOO_LARGE,
        /** A custom key or certificate given while the zone's certificate is not the custom one. */
        ONLY_WITH_CUSTOM_CERTIFICATE
    }

    private final String field;
    private final Problem problem;
    private final Detail detail;
    private final long limit;
    private final long actual;
    private final String value;

    public InvalidInput(String field, Problem problem, long limit, long actual, String value) {
        this(field, problem, limit, actual, value, Detail.NONE);
    }

    private InvalidInput(String field, Problem problem, long limit, long actual, String value, Detail detail) {
        super(field + ": " + problem + (detail == Detail.NONE ? "" : " (" + detail + ")"));
        this.field = field;
        this.problem = problem;
        this.detail = detail;
        this.limit = limit;
        this.actual = actual;
        this.value = value;
    }

    public static InvalidInput missing(String field) {
        return new InvalidInput(field, Problem.MISSING, 0, 0, null);
    }

    public static InvalidInput malformed(String field) {
        return new InvalidInput(field, Problem.MALFORMED, 0, 0, null);
    }

    public static InvalidInput tooLong(String field, long limit) {
        return new InvalidInput(field, Problem.TOO_LONG, limit, 0, null);
    }

    public static InvalidInput tooMany(String field, long limit, long actual) {
        return new InvalidInput(field, Problem.TOO_MANY, limit, actual, null);
    }

    public static InvalidInput controlCharacters(String field) {
        return new InvalidInput(field, Problem.CONTROL_CHARACTERS, 0, 0, null);
    }

    public static InvalidInput notAllowed(String field, String value) {
        return new InvalidInput(field, Problem.NOT_ALLOWED, 0, 0, value);
    }

    /** A certificate or key refused for {@code detail}; {@code limit} is the bound crossed, when there is one. */
    public static InvalidInput rejected(String field, Detail detail, long limit) {
        return new InvalidInput(field, Problem.NOT_ALLOWED, limit, 0, null, detail);
    }

    public Detail detail() {
        return detail;
    }

    public String field() {
        return field;
    }

    public Problem problem() {
        return problem;
    }

    public long limit() {
        return limit;
    }

    public long actual() {
        return actual;
    }

    public String value() {
        return value;
    }

    public boolean is(String field, Problem problem) {
        return this.field.equals(field) && this.problem == problem;
    }
}
