package org.civicsurvey.analysis.regression;

import java.util.List;
import java.util.Objects;

/**
 * A Wald test that the coefficients of some terms are all zero, R's
 * {@code regTermTest(model, ~ a + b)} with its default {@code method = "Wald"}:
 * {@code chisq = b' V^-1 b} over the terms' coefficients b with their design-based covariance V,
 * {@code F = chisq / numeratorDf} on {@code (numeratorDf, denominatorDf)} degrees of freedom, where
 * the denominator is the model's residual degrees of freedom.
 *
 * @param terms the terms tested
 * @param statistic the F statistic
 * @param numeratorDf the number of coefficients tested
 * @param denominatorDf the model's residual degrees of freedom
 * @param pValue {@code pf(F, numeratorDf, denominatorDf, lower.tail = FALSE)}
 * @param chiSquare the Wald chi-square, {@code F * numeratorDf}
 */
public record WaldTest(List<String> terms, double statistic, int numeratorDf, int denominatorDf, double pValue,
        double chiSquare) {
    /**
     * Validates the test and copies the terms.
     *
     * @param terms the terms
     * @param statistic F
     * @param numeratorDf numerator df
     * @param denominatorDf denominator df
     * @param pValue p-value
     * @param chiSquare chi-square
     */
    public WaldTest {
        terms = List.copyOf(Objects.requireNonNull(terms, "terms"));
        if (numeratorDf < 1) {
            throw new IllegalArgumentException("numerator df " + numeratorDf + " < 1");
        }
    }
}
