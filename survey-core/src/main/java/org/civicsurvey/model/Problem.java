package org.civicsurvey.model;

/**
 * One problem found in what a user gave the library — an instrument, a response, a JSON document,
 * a SurveyJS survey, a CSV row: where it is and what is wrong. The records that report problems
 * ({@link ModelViolation}, {@code Violation}, {@code JsonProblem}, {@code SurveyJsIssue},
 * {@code RowError}) all are one, so a caller can list any of them the same way.
 */
public interface Problem {
    /** @return where the problem is, as a path in the input's own names (e.g. {@code answers.q7}); empty for the whole input */
    String path();

    /** @return what is wrong, naming the value and the valid range */
    String message();
}
