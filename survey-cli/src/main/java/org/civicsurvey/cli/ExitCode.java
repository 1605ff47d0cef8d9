package org.civicsurvey.cli;

/**
 * The exit codes of {@code civicsurvey}, the same for every command, so that a shell script can
 * tell what went wrong without reading the message (which goes to stderr).
 *
 * <table>
 *   <caption>Exit codes</caption>
 *   <tr><th>code</th><th>meaning</th></tr>
 *   <tr><td>0</td><td>done; the input was valid</td></tr>
 *   <tr><td>1</td><td>the data is invalid: violations, rejected rows, malformed JSON or CSV, a design or margins that do not fit the data (nothing was written to a store)</td></tr>
 *   <tr><td>2</td><td>usage: an unknown option, a missing or malformed value</td></tr>
 *   <tr><td>3</td><td>a file cannot be read or written</td></tr>
 *   <tr><td>4</td><td>the store failed: cannot connect, a database error (what was committed is said)</td></tr>
 *   <tr><td>5</td><td>not found: the respondent or instrument is not in the store</td></tr>
 *   <tr><td>70</td><td>an internal error (a bug: the message asks to report it, with the stack trace)</td></tr>
 * </table>
 */
public final class ExitCode {
    /** Done; the input was valid. */
    public static final int OK = 0;
    /** The data is invalid; nothing was written to a store. */
    public static final int INVALID_DATA = 1;
    /** Usage: an unknown option, a missing or malformed value (picocli's own code for this). */
    public static final int USAGE = 2;
    /** A file cannot be read or written. */
    public static final int IO = 3;
    /** The store failed. */
    public static final int STORE = 4;
    /** The respondent or instrument is not in the store. */
    public static final int NOT_FOUND = 5;
    /** An internal error (sysexits.h {@code EX_SOFTWARE}). */
    public static final int INTERNAL = 70;

    private ExitCode() {
    }
}
