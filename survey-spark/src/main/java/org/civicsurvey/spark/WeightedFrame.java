package org.civicsurvey.spark;

import java.util.Objects;
import org.civicsurvey.weighting.ConvergenceReport;

/**
 * The result of weighting a {@link SurveyFrame} on Spark: the same survey whose DataFrame has the
 * new weight column (and whose design uses it), and how the weighting ended.
 *
 * @param frame the weighted survey; {@code frame.data()} holds the new weight column
 * @param report iterations, convergence and the largest remaining gap per margin, as the core's
 *     {@code Weighting} reports them
 */
public record WeightedFrame(SurveyFrame frame, ConvergenceReport report) {
    /** Validates that both parts are present. */
    public WeightedFrame {
        Objects.requireNonNull(frame, "frame");
        Objects.requireNonNull(report, "report");
    }
}
