package org.civicsurvey.weighting;

import java.util.List;
import java.util.Objects;

/**
 * How a weighting run ended: whether it met its tolerance, after how many iterations, and the
 * largest remaining discrepancy of every margin or constraint.
 *
 * <p>For raking an iteration is one full sweep over all margins, and the run has converged when
 * every margin's largest absolute discrepancy is at most {@code tolerance} times the population
 * total. For calibration an iteration is one Newton step of R's {@code grake} and the run has
 * converged when every constraint's relative discrepancy {@code |misfit| / (1 + |total|)} is below
 * {@code tolerance}. Post-stratification and unbounded linear calibration are exact in one step.
 *
 * @param method what was done, e.g. {@code "rake"}
 * @param converged whether the tolerance was met
 * @param iterations iterations performed
 * @param maxIterations the limit
 * @param tolerance the tolerance asked for
 * @param discrepancies the largest remaining discrepancy per margin or constraint
 */
public record ConvergenceReport(String method, boolean converged, int iterations, int maxIterations, double tolerance,
        List<Discrepancy> discrepancies) {

    /** Validates and copies. */
    public ConvergenceReport {
        Objects.requireNonNull(method, "method");
        discrepancies = List.copyOf(discrepancies);
        if (iterations < 0 || maxIterations < 1) {
            throw new IllegalArgumentException("iterations " + iterations + " / maxIterations " + maxIterations
                    + ": need iterations >= 0, maxIterations >= 1");
        }
    }

    /** @return the largest absolute discrepancy over all margins (0 when there are none) */
    public double largestDiscrepancy() {
        double m = 0;
        for (Discrepancy d : discrepancies) {
            m = Math.max(m, d.absolute());
        }
        return m;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(method).append(converged ? " converged" : " did NOT converge")
                .append(" after ").append(iterations).append(" of at most ").append(maxIterations)
                .append(" iterations (tolerance ").append(tolerance).append(')');
        for (Discrepancy d : discrepancies) {
            s.append("; ").append(d.margin());
            if (!d.category().isEmpty()) {
                s.append(" '").append(d.category()).append('\'');
            }
            s.append(": target ").append(d.target()).append(", weighted ").append(d.achieved());
        }
        return s.toString();
    }
}
