package org.civicsurvey.validation;

import java.util.Objects;

import org.civicsurvey.model.CivicSurveyException;

/** Thrown by {@link ResponseValidator#requireValid} when a response breaks any rule; carries the report. */
public class InvalidResponseException extends CivicSurveyException {
    private static final long serialVersionUID = 1L;

    /** The report, with at least one violation. */
    private final transient ValidationReport report;

    /**
     * Creates the exception.
     *
     * @param report the report, not valid
     */
    public InvalidResponseException(ValidationReport report) {
        super(Objects.requireNonNull(report, "report").toString());
        if (report.isValid()) {
            throw new IllegalArgumentException("the report has no violation");
        }
        this.report = report;
    }

    /**
     * The report.
     *
     * @return every violation
     */
    public ValidationReport report() {
        return report;
    }
}
