package org.civicsurvey.analysis.compare;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Erf;
import org.apache.commons.math3.special.Gamma;

/** Tail probabilities and quantiles, computed from the special functions for relative accuracy. */
final class Distributions {
    private static final double ACCURACY = 1e-14;
    private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1, ACCURACY);

    private Distributions() {
    }

    /** {@code 2 pt(-|t|, df)}. */
    static double tTwoSided(double t, double df) {
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

    /** {@code pchisq(x, df, lower.tail = FALSE)}. */
    static double chiSquareUpper(double x, double df) {
        if (x <= 0) {
            return 1;
        }
        return Gamma.regularizedGammaQ(df / 2, x / 2);
    }

    /** {@code pnorm(z)}. */
    static double normalLower(double z) {
        return 0.5 * Erf.erfc(-z / Math.sqrt(2));
    }

    /** {@code pnorm(z, lower.tail = FALSE)}. */
    static double normalUpper(double z) {
        return 0.5 * Erf.erfc(z / Math.sqrt(2));
    }

    /** {@code qnorm(p)}. */
    static double normalQuantile(double p) {
        return NORMAL.inverseCumulativeProbability(p);
    }
}
