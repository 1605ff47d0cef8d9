package org.civicsurvey.analysis.regression;

import java.util.Objects;

/**
 * One row of a model's coefficient table, as R's {@code summary} prints it.
 *
 * @param name the coefficient's name as R names it ({@code (Intercept)}, {@code ell},
 *     {@code stypeH}; for an ordinal model's cut-points {@code 2|3})
 * @param estimate the estimate
 * @param standardError its design-based standard error
 * @param statistic {@code estimate / standardError} (R's "t value")
 * @param pValue {@code 2 pt(-|t|, df)} on the model's residual degrees of freedom
 */
public record Coefficient(String name, double estimate, double standardError, double statistic, double pValue) {
    /**
     * Validates the row.
     *
     * @param name the name
     * @param estimate the estimate
     * @param standardError the standard error
     * @param statistic the t statistic
     * @param pValue the p-value
     */
    public Coefficient {
        Objects.requireNonNull(name, "name");
        if (!Double.isFinite(estimate)) {
            throw new IllegalArgumentException("coefficient " + name + " is " + estimate);
        }
        if (!(standardError >= 0)) {
            throw new IllegalArgumentException("coefficient " + name + " has standard error " + standardError);
        }
    }
}
