package nimbus.cli;

/** A failure to report in one line and an exit code: 1 a failure, 2 bad usage, 130 stopped (resumable). */
final class CliError extends RuntimeException {
    final int exitCode;
    final int status;

    CliError(String message) {
        this(message, 1, 0);
    }

    CliError(String message, int exitCode, int status) {
        super(message, null, false, false);
        this.exitCode = exitCode;
        this.status = status;
    }

    static CliError usage(String message) {
        return new CliError(message, 2, 0);
    }
}
