package org.civicsurvey.weighting;

import java.util.Objects;

/**
 * A weighted design with the report of how the weighting ended. Check
 * {@code report().converged()} (or ask {@link Weighting#requiringConvergence(boolean)}) before
 * using the weights of a raking or bounded calibration.
 *
 * @param design the weighted design
 * @param report convergence and remaining discrepancies
 */
public record WeightingResult(CalibratedDesign design, ConvergenceReport report) {
    /** Validates. */
    public WeightingResult {
        Objects.requireNonNull(design, "design");
        Objects.requireNonNull(report, "report");
    }
}
