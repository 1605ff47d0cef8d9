package org.civicsurvey.io.json;

import java.util.Objects;

import org.civicsurvey.model.Problem;

/**
 * One problem in a JSON document.
 *
 * @param path the JSON path, such as {@code sections[1].questions[3].scale.positiveThreshold};
 *     empty for the document itself
 * @param message what is wrong
 * @param line the 1-based line, or 0 when unknown
 * @param column the 1-based column, or 0 when unknown
 */
public record JsonProblem(String path, String message, int line, int column) implements Problem {
    /**
     * Validates the parts.
     *
     * @param path the path
     * @param message the message
     * @param line the line
     * @param column the column
     */
    public JsonProblem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        String where = line > 0 ? " (line " + line + ", column " + column + ")" : "";
        return (path.isEmpty() ? "" : path + ": ") + message + where;
    }
}
