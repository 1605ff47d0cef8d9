package org.civicsurvey.weighting;

/**
 * The distance function of calibration (Deville and Särndal 1992), as R's {@code calibrate(calfun=)}:
 * each is given by {@code g = 1 + F(u)} of the linear predictor {@code u = x'eta}, with bounds
 * applied as R's {@code cal.linear}, {@code cal.raking}, {@code cal.logit}.
 */
public enum CalibrationDistance {
    /** Linear (GREG, chi-square distance): {@code g = 1 + u}, truncated to the bounds. */
    LINEAR {
        @Override
        double fm1(double u, double lower, double upper) {
            return Math.min(Math.max(u + 1, lower), upper) - 1;
        }

        @Override
        double derivative(double u, double lower, double upper) {
            return u < upper - 1 && u > lower - 1 ? 1 : 0;
        }
    },
    /** Raking (multiplicative): {@code g = exp(u)}, truncated to the bounds. */
    RAKING {
        @Override
        double fm1(double u, double lower, double upper) {
            return Math.min(Math.max(Math.exp(u), lower), upper) - 1;
        }

        @Override
        double derivative(double u, double lower, double upper) {
            return u < upper - 1 && u > lower - 1 ? Math.exp(u) : 0;
        }
    },
    /** Logit: g stays strictly inside finite bounds {@code (L, U)}; requires finite bounds. */
    LOGIT {
        @Override
        double fm1(double u, double lower, double upper) {
            double a = (upper - lower) / ((upper - 1) * (1 - lower));
            double e = Math.exp(a * u);
            return (lower * (upper - 1) + upper * (1 - lower) * e) / (upper - 1 + (1 - lower) * e) - 1;
        }

        @Override
        double derivative(double u, double lower, double upper) {
            double a = (upper - lower) / ((upper - 1) * (1 - lower));
            double e = Math.exp(a * u);
            double den = upper - 1 + (1 - lower) * e;
            return upper * (1 - lower) * e * a / den
                    - ((lower * (upper - 1) + upper * (1 - lower) * e) * ((1 - lower) * e * a)) / (den * den);
        }
    };

    /** R's {@code Fm1(u, bounds)}: g - 1. */
    abstract double fm1(double u, double lower, double upper);

    /** R's {@code dF(u, bounds)}. */
    abstract double derivative(double u, double lower, double upper);
}
