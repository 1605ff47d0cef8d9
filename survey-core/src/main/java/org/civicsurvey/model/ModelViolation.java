package org.civicsurvey.model;

import java.util.Objects;

/**
 * One problem found in a model value.
 *
 * @param path where the problem is, in the JSON format's names relative to the value checked
 *     (for example {@code sections[1].questions[3].scale.positiveThreshold}); empty for the value itself
 * @param message what is wrong, naming the value and the valid range
 */
public record ModelViolation(String path, String message) implements Problem {
    /**
     * Validates the parts.
     *
     * @param path the path, not null
     * @param message the message, not null
     */
    public ModelViolation {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /**
     * Returns this violation with a path prefix, as seen from an enclosing value.
     *
     * @param prefix the enclosing path, such as {@code sections[1]}
     * @return the violation at {@code prefix.path}
     */
    public ModelViolation under(String prefix) {
        if (prefix.isEmpty()) {
            return this;
        }
        if (path.isEmpty()) {
            return new ModelViolation(prefix, message);
        }
        return new ModelViolation(path.startsWith("[") ? prefix + path : prefix + "." + path, message);
    }

    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }
}
