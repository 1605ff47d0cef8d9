package org.civicsurvey.jdbc;

import java.util.List;

/**
 * A response that failed validation against its instrument and was not stored. The message names
 * the response and the paths of the violations; {@link #violations()} has the full text.
 */
public final class ResponseValidationException extends SurveyStoreException {

    private static final long serialVersionUID = 1L;

    private final List<String> violations;

    /**
     * @param message what failed, naming the response id and violation paths
     * @param violations every violation, with its path
     */
    public ResponseValidationException(String message, List<String> violations) {
        super(message);
        this.violations = List.copyOf(violations);
    }

    /**
     * Every violation, with its path.
     *
     * @return the violations
     */
    public List<String> violations() {
        return violations;
    }
}
