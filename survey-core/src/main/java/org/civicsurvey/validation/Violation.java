package org.civicsurvey.validation;

import java.util.Objects;

import org.civicsurvey.model.Problem;

/**
 * One violation in a response.
 *
 * @param path where, such as {@code answers.q7} or {@code transaction.caseFileId}
 * @param message what is wrong, naming the value and the valid range
 * @param rule the rule broken
 */
public record Violation(String path, String message, Rule rule) implements Problem {
    /**
     * Validates the parts.
     *
     * @param path the path
     * @param message the message
     * @param rule the rule
     */
    public Violation {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(rule, "rule");
    }

    /**
     * The violation as one line, such as {@code answers.q7: 6 is outside the scale 1..5}.
     *
     * @return path and message
     */
    @Override
    public String toString() {
        return path + ": " + message;
    }
}
