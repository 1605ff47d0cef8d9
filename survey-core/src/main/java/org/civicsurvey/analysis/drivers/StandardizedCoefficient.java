package org.civicsurvey.analysis.drivers;

/**
 * A standardised regression coefficient of a driver, as {@code lm(scale(y) ~ scale(X))} reports
 * it (weighted: {@code lm(y ~ X, weights = w)} with coefficient and standard error multiplied by
 * {@code sd_w(x) / sd_w(y)}).
 *
 * @param estimate the standardised coefficient (beta weight)
 * @param standardError its standard error, {@code sqrt((1 - R²) / (n - p - 1) · (R_xx⁻¹)_jj)}
 * @param t the t statistic {@code estimate / standardError}
 * @param pValue two-sided p-value with {@code n - p - 1} degrees of freedom
 */
public record StandardizedCoefficient(double estimate, double standardError, double t, double pValue) {
    /** Validates the values. */
    public StandardizedCoefficient {
        if (!Double.isFinite(estimate)) {
            throw new IllegalArgumentException("coefficient estimate must be finite, was " + estimate);
        }
        if (!(standardError >= 0)) {
            throw new IllegalArgumentException("standard error must be >= 0, was " + standardError);
        }
        if (!(pValue >= 0 && pValue <= 1)) {
            throw new IllegalArgumentException("p-value " + pValue + " is outside [0, 1]");
        }
    }
}
