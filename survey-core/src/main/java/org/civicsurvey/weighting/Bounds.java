package org.civicsurvey.weighting;

/**
 * Bounds on the calibration g-weights (calibrated weight / input weight), as R's
 * {@code calibrate(..., bounds = c(lower, upper))}. {@code lower < 1 < upper}, since iteration
 * starts at g = 1; infinite bounds mean "unbounded".
 *
 * <p>As in R's {@code grake}, when every population total exceeds its sample total more than
 * 20-fold the input weights are first rescaled by the mean ratio and the bounds apply to g after
 * that rescaling.
 *
 * @param lower the lower bound, {@code -Infinity} for none
 * @param upper the upper bound, {@code +Infinity} for none
 */
public record Bounds(double lower, double upper) {
    /** No bounds: {@code (-Infinity, +Infinity)}. */
    public static final Bounds NONE = new Bounds(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);

    /** Validates {@code lower < 1 < upper}. */
    public Bounds {
        if (Double.isNaN(lower) || Double.isNaN(upper) || !(lower < 1) || !(upper > 1)) {
            throw new IllegalArgumentException("g-weight bounds [" + lower + ", " + upper
                    + "] must satisfy lower < 1 < upper");
        }
    }

    /**
     * @param lower the lower bound on g
     * @param upper the upper bound on g
     * @return the bounds
     */
    public static Bounds of(double lower, double upper) {
        return new Bounds(lower, upper);
    }

    /** @return whether both bounds are infinite */
    public boolean isUnbounded() {
        return lower == Double.NEGATIVE_INFINITY && upper == Double.POSITIVE_INFINITY;
    }

    /** @return whether both bounds are finite */
    public boolean isFinite() {
        return Double.isFinite(lower) && Double.isFinite(upper);
    }
}
