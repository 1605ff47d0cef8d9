package org.civicsurvey.jdbc;

/**
 * The one unchecked root of every error the store raises.
 *
 * <p>A database error is chained as the cause (usually a {@link java.sql.SQLException}). Messages
 * name the operation and the ids involved (instrument id and version, response id, migration
 * version), never free-text answers or personal attributes (a rejected response's reason names a value, an
 * option code or a length), so they are safe to log.
 */
public class SurveyStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * An error without an underlying cause.
     *
     * @param message what failed, naming the operation and ids
     */
    public SurveyStoreException(String message) {
        super(message);
    }

    /**
     * An error caused by another exception, usually a {@link java.sql.SQLException}.
     *
     * @param message what failed, naming the operation and ids
     * @param cause the underlying error
     */
    public SurveyStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
