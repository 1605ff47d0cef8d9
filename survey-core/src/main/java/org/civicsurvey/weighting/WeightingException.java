package org.civicsurvey.weighting;

import java.util.Optional;

import org.civicsurvey.model.CivicSurveyException;

/**
 * The sample cannot be weighted to the population as asked: a population cell without sample
 * respondents, margins whose population totals disagree, calibration variables that are collinear,
 * or (when convergence is required) no convergence within the iteration limit. The message names
 * the margin and category; {@link #report()} carries the convergence report when there is one.
 */
public final class WeightingException extends CivicSurveyException {
    private final transient ConvergenceReport report;

    /**
     * @param message what went wrong, naming the margin or cell
     */
    public WeightingException(String message) {
        super(message);
        this.report = null;
    }

    /**
     * @param message what went wrong
     * @param report the convergence report of the failed run
     */
    public WeightingException(String message, ConvergenceReport report) {
        super(message + ": " + report);
        this.report = report;
    }

    /** @return the convergence report, when the failure is a non-convergence */
    public Optional<ConvergenceReport> report() {
        return Optional.ofNullable(report);
    }
}
