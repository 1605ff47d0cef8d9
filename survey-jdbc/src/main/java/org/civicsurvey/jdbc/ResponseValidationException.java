package org.civicsurvey.jdbc;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.civicsurvey.validation.ValidationReport;
import org.civicsurvey.validation.Violation;

/**
 * A response that failed validation against its instrument (or whose instrument version is not
 * stored) and was not stored.
 *
 * <p>The message names the operation and response, the first violation in full (path and reason)
 * and the paths of the others, for example {@code save response r1: answers.q8: 6 is outside the
 * scale 1..5 (and 2 more, at answers.q9, answers.comment)}. A reason names values, option codes and
 * lengths, never free text. {@link #report()} has every violation.
 */
public final class ResponseValidationException extends SurveyStoreException {

    private static final long serialVersionUID = 1L;

    /** Every violation; not serialised (as {@link org.civicsurvey.validation.InvalidResponseException}). */
    private final transient ValidationReport report;
    private final List<String> violations;

    /**
     * @param operation what was refused, naming the response id, such as {@code save response r1}
     * @param report the violations, at least one
     * @throws IllegalArgumentException if the report has no violation
     */
    public ResponseValidationException(String operation, ValidationReport report) {
        super(message(Objects.requireNonNull(operation, "operation"), Objects.requireNonNull(report, "report")));
        this.report = report;
        this.violations = List.copyOf(report.messages());
    }

    private static String message(String operation, ValidationReport report) {
        List<Violation> all = report.violations();
        if (all.isEmpty()) {
            throw new IllegalArgumentException("the report of response " + report.responseId() + " has no violation");
        }
        StringBuilder message = new StringBuilder(operation).append(": ").append(all.get(0));
        if (all.size() > 1) {
            Set<String> paths = new LinkedHashSet<>();
            for (Violation v : all.subList(1, all.size())) {
                paths.add(v.path());
            }
            message.append(" (and ").append(all.size() - 1).append(" more, at ").append(String.join(", ", paths))
                    .append(')');
        }
        return message.toString();
    }

    /**
     * Every violation, typed: path, reason and rule.
     *
     * @return the report of the response; null after deserialisation
     */
    public ValidationReport report() {
        return report;
    }

    /**
     * Every violation as one line with its path, such as {@code answers.q7: 6 is outside the scale
     * 1..5}.
     *
     * @return the violations
     */
    public List<String> violations() {
        return violations;
    }
}
