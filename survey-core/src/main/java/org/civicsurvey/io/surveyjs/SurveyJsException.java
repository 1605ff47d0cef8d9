package org.civicsurvey.io.surveyjs;

import java.util.List;

import org.civicsurvey.model.CivicSurveyException;

/**
 * A SurveyJS document or result that cannot be used: malformed JSON, a structure that yields no
 * valid instrument, or (when the caller asks for a lossless import) parts that could not be
 * mapped. The message lists every issue with its JSON path.
 */
public class SurveyJsException extends CivicSurveyException {
    private static final long serialVersionUID = 1L;

    /** The issues, in document order. */
    private final List<SurveyJsIssue> issues;

    /**
     * Creates the exception.
     *
     * @param what what was being read, for example {@code SurveyJS survey}
     * @param issues the issues, at least one
     */
    public SurveyJsException(String what, List<SurveyJsIssue> issues) {
        super(message(what, issues));
        this.issues = List.copyOf(issues);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param what what was being read
     * @param issues the issues, at least one
     * @param cause the underlying exception
     */
    public SurveyJsException(String what, List<SurveyJsIssue> issues, Throwable cause) {
        super(message(what, issues), cause);
        this.issues = List.copyOf(issues);
    }

    /**
     * The issues.
     *
     * @return every issue, in document order
     */
    public List<SurveyJsIssue> issues() {
        return issues;
    }

    private static String message(String what, List<SurveyJsIssue> issues) {
        StringBuilder b = new StringBuilder(what).append(": ").append(issues.size()).append(issues.size() == 1 ? " issue" : " issues");
        int shown = 0;
        for (SurveyJsIssue issue : issues) {
            if (shown++ == 20) {
                b.append("\n  ... and ").append(issues.size() - 20).append(" more");
                break;
            }
            b.append("\n  ").append(issue);
        }
        return b.toString();
    }
}
