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
 * <p>The message names the operation and response and every violation with its path and reason
 * (the first ten; the paths of any others), for example {@code save response r1: answers.q8: 6 is
 * outside the scale 1..5; answers.q9: required answer missing}. A reason names values, option codes
 * and lengths, never free text. {@link #report()} has every violation.
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

    /** The most violations whose reasons the message spells out; the paths of the rest are listed. */
    static final int MAX_IN_MESSAGE = 10;

    private static String message(String operation, ValidationReport report) {
        List<Violation> all = report.violations();
        if (all.isEmpty()) {
            throw new IllegalArgumentException("the report of response " + report.responseId() + " has no violation");
        }
        StringBuilder message = new StringBuilder(operation).append(": ");
        int shown = Math.min(all.size(), MAX_IN_MESSAGE);
        for (int i = 0; i < shown; i++) {
            message.append(i == 0 ? "" : "; ").append(all.get(i));
        }
        if (all.size() > shown) {
            Set<String> paths = new LinkedHashSet<>();
            for (Violation v : all.subList(shown, all.size())) {
                paths.add(v.path());
            }
            message.append(" (and ").append(all.size() - shown).append(" more, at ").append(String.join(", ", paths))
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
