package org.civicsurvey.io.json;

import java.util.List;

import org.civicsurvey.model.CivicSurveyException;

/**
 * Thrown when a JSON instrument or response cannot be read; lists every problem found, each with
 * its path and position. The message never contains a stack trace or raw input beyond short,
 * escaped quotes.
 */
public class InvalidJsonException extends CivicSurveyException {
    private static final long serialVersionUID = 1L;

    /** The problems, never empty. */
    private final List<JsonProblem> problems;

    /** Whether the input was well-formed JSON. */
    private final boolean wellFormed;

    /**
     * Creates the exception.
     *
     * @param what what was read, such as {@code instrument}
     * @param problems the problems, not empty
     */
    public InvalidJsonException(String what, List<JsonProblem> problems) {
        this(what, problems, true);
    }

    /**
     * Creates the exception.
     *
     * @param what what was read, such as {@code instrument}
     * @param problems the problems, not empty
     * @param wellFormed whether the input was well-formed JSON (and the problems are in its content),
     *     false when it could not be read as JSON at all (syntax, a duplicate property, a size limit)
     */
    public InvalidJsonException(String what, List<JsonProblem> problems, boolean wellFormed) {
        super(format(what, problems));
        this.problems = List.copyOf(problems);
        this.wellFormed = wellFormed;
    }

    /**
     * Whether the input was JSON at all: false when it could not be read as a JSON document (a syntax
     * error, a duplicate property, a size limit), true when the document was read and its content
     * breaks the format. A web endpoint answers the first with 400 and the second with 422.
     *
     * @return whether the input was well-formed JSON
     */
    public boolean isWellFormed() {
        return wellFormed;
    }

    /**
     * The problems, in document order where known.
     *
     * @return an unmodifiable, non-empty list
     */
    public List<JsonProblem> problems() {
        return problems;
    }

    private static String format(String what, List<JsonProblem> problems) {
        StringBuilder sb = new StringBuilder("invalid ").append(what).append(" JSON: ");
        if (problems.size() == 1) {
            return sb.append(problems.get(0)).toString();
        }
        sb.append(problems.size()).append(" problems:");
        for (JsonProblem p : problems) {
            sb.append("\n  ").append(p);
        }
        return sb.toString();
    }
}
