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

    /**
     * Creates the exception.
     *
     * @param what what was read, such as {@code instrument}
     * @param problems the problems, not empty
     */
    public InvalidJsonException(String what, List<JsonProblem> problems) {
        super(format(what, problems));
        this.problems = List.copyOf(problems);
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
