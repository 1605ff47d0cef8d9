package org.civicsurvey.analysis.regression;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.special.Beta;

/** The t and F tail probabilities and t quantiles of the coefficient tables, from the regularised beta function. */
final class Tails {
    private static final double ACCURACY = 1e-14;

    private Tails() {
    }

    /** {@code 2 pt(-|t|, df)}. */
    static double tTwoSided(double t, double df) {
        if (Double.isNaN(t)) {
            return Double.NaN;
        }
        if (Double.isInfinite(t)) {
            return 0;
        }
        return Math.min(1, Beta.regularizedBeta(df / (df + t * t), df / 2, 0.5));
    }

    /** {@code qt(p, df)}. */
    static double tQuantile(double p, double df) {
        return new TDistribution(null, df, ACCURACY).inverseCumulativeProbability(p);
    }

    /** {@code pf(f, d1, d2, lower.tail = FALSE)}. */
    static double fUpper(double f, double d1, double d2) {
        if (f <= 0) {
            return 1;
        }
        return Beta.regularizedBeta(d2 / (d2 + d1 * f), d2 / 2, d1 / 2);
    }
}
