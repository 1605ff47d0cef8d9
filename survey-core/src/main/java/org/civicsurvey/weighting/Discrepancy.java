package org.civicsurvey.weighting;

import java.util.Objects;

/**
 * The largest remaining gap between the weighted sample and the population for one margin (raking,
 * post-stratification) or one calibration constraint.
 *
 * @param margin the margin or calibration variable, e.g. {@code "province"} or {@code "api99"}
 * @param category the category with the largest gap (empty for a calibration constraint)
 * @param target the population count or total
 * @param achieved the weighted sample count or total
 * @param absolute {@code |achieved - target|}
 * @param relative {@code absolute / (1 + |target|)}, R's {@code grake} convergence scale
 */
public record Discrepancy(String margin, String category, double target, double achieved, double absolute,
        double relative) {

    /** Validates the fields. */
    public Discrepancy {
        Objects.requireNonNull(margin, "margin");
        Objects.requireNonNull(category, "category");
        if (!(absolute >= 0)) {
            throw new IllegalArgumentException("absolute discrepancy of '" + margin + "' is " + absolute + "; must be >= 0");
        }
    }

    static Discrepancy of(String margin, String category, double target, double achieved) {
        double abs = Math.abs(achieved - target);
        return new Discrepancy(margin, category, target, achieved, abs, abs / (1 + Math.abs(target)));
    }
}
