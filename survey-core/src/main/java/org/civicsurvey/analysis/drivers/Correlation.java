package org.civicsurvey.analysis.drivers;

/**
 * A correlation between a driver and the outcome with its Fisher-z confidence interval and
 * two-sided p-value.
 *
 * <p>Unweighted: interval {@code tanh(atanh(r) ± z(1 - α/2) / sqrt(n - 3))} and p-value from
 * {@code t = r sqrt((n - 2) / (1 - r²))} with {@code n - 2} degrees of freedom, as R's
 * {@code cor.test} (for Spearman, {@code cor.test(method = "spearman", exact = FALSE)}; R gives
 * no interval there, the same Fisher-z formula is used). Weighted: Kish's effective sample size
 * replaces {@code n}. A correlation of exactly ±1 has the degenerate interval {@code [r, r]} and
 * p-value 0.
 *
 * @param estimate the correlation, in [-1, 1]
 * @param lower lower confidence limit
 * @param upper upper confidence limit
 * @param pValue two-sided p-value of the test of zero correlation
 */
public record Correlation(double estimate, double lower, double upper, double pValue) {
    /** Validates the ranges. */
    public Correlation {
        if (!(estimate >= -1 && estimate <= 1)) {
            throw new IllegalArgumentException("correlation estimate " + estimate + " is outside [-1, 1]");
        }
        if (!(lower <= estimate && estimate <= upper)) {
            throw new IllegalArgumentException(
                    "correlation interval [" + lower + ", " + upper + "] does not contain " + estimate);
        }
        if (!(pValue >= 0 && pValue <= 1)) {
            throw new IllegalArgumentException("p-value " + pValue + " is outside [0, 1]");
        }
    }
}
