package org.civicsurvey.cli;

/**
 * An expected failure of a command: its message (naming the file, field or id and the problem) goes
 * to stderr without a stack trace, and the command exits with {@link #exitCode()}.
 */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }

    static CliException invalid(String message) {
        return new CliException(ExitCode.INVALID_DATA, message);
    }
}
