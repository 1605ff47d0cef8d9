package org.civicsurvey.stats;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Confidence intervals for a proportion estimated from a complex sample, from the estimate
 * {@code p}, its design-based variance {@code v}, the design degrees of freedom and the number of
 * rows, as R's {@code survey::svyciprop(method = ...)} (R 4.2.2, survey 4.1.1) except
 * {@link #WILSON}. R's {@code "xlogit"} is {@link #LOGIT}'s closed form.
 */
public enum ProportionInterval {
    /**
     * R's default {@code "logit"}: {@code expit(logit(p) ± t(df) · se(p) / (p (1 - p)))}. R fits a
     * quasi-binomial {@code svyglm}; for the intercept-only model its Wald interval equals this
     * closed form up to the glm's convergence (R's {@code "xlogit"} is exactly this).
     */
    LOGIT,
    /**
     * {@code "asin"}: {@code sin²(asin(√p) ± t(df) · se(p) / (2 √(p (1 - p))))}, the arcsine scale
     * clamped to [0, π/2] (R wraps there, which with very few df inverts its interval).
     */
    ASIN,
    /**
     * {@code "beta"}, Korn and Graubard (1998): Clopper-Pearson with the effective sample size
     * {@code n* = p (1 - p) / v · (t(rows - 1) / t(df))²}.
     */
    KORN_GRAUBARD,
    /** {@code "mean"}: the Wald interval {@code p ± t(df) · se(p)} (not clipped to [0, 1]). */
    WALD,
    /**
     * {@code "likelihood"}: the profile of the quasi-binomial deviance of {@code svyglm(y ~ 1)}
     * scaled by the design (the deviance over the dispersion, the cut-off {@code t(df)² · λ} with
     * λ the design effect of the intercept), read off R's profile grid by R's spline
     * ({@code confint.svyglm(method = "likelihood")}). The estimator feeds it the valid answers'
     * weights; {@link #interval(double, double, int, long, double)} alone assumes {@code rows}
     * equally weighted valid answers.
     */
    LIKELIHOOD,
    /**
     * Wilson's (1927) score interval with the design effective sample size {@code n* = p (1 - p) / v}
     * and the normal quantile, as used for complex samples by Kott and Carr (1997) and Dean and
     * Pagano (2015). With SRS variance {@code p (1 - p) / n} it equals R's
     * {@code prop.test(x, n, correct = FALSE)$conf.int}. Not part of {@code svyciprop}.
     */
    WILSON;

    /**
     * @param p the estimated proportion, in [0, 1]
     * @param variance its variance, {@code >= 0}
     * @param degreesOfFreedom design degrees of freedom, the domain's for a domain (t quantiles; below 1 gives [0, 1] except
     *     for Wilson, which uses the normal quantile)
     * @param rows rows in the (domain of the) design, for Korn-Graubard's df correction
     * @param level confidence level in (0, 1)
     * @return {lower, upper}
     */
    public double[] interval(double p, double variance, int degreesOfFreedom, long rows, double level) {
        return interval(p, variance, degreesOfFreedom, rows, level, Double.NaN);
    }

    /** As {@link #interval(double, double, int, long, double)} with the t quantile precomputed (NaN: compute). */
    double[] interval(double p, double variance, int degreesOfFreedom, long rows, double level, double tUpper) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("proportion is " + p + "; must be in [0, 1]");
        }
        if (!(variance >= 0) || Double.isInfinite(variance)) {
            throw new IllegalArgumentException("variance is " + variance + "; must be finite and >= 0");
        }
        checkLevel(level);
        if (p == 0 || p == 1 || variance == 0) {
            return new double[] {p, p};
        }
        double alpha = 1 - level;
        double se = Math.sqrt(variance);
        if (this != WILSON && degreesOfFreedom < 1) {
            return new double[] {0, 1};
        }
        switch (this) {
            case LIKELIHOOD: {
                if (rows < 2) {
                    return new double[] {0, 1};
                }
                // rows equally weighted valid answers: W = 1 each, n1 = p rows of them positive
                LikelihoodInterval.Start start = new LikelihoodInterval.Start();
                start.addRows(1, 1, p * rows);
                start.addRows(1, 0, (1 - p) * rows);
                return LikelihoodInterval.interval(p, variance, degreesOfFreedom, level, rows, rows, 1, start);
            }
            case LOGIT: {
                double q = Double.isNaN(tUpper) ? tQuantile(1 - alpha / 2, degreesOfFreedom) : tUpper;
                double eta = Math.log(p / (1 - p));
                double s = se / (p * (1 - p));
                return new double[] {expit(eta - q * s), expit(eta + q * s)};
            }
            case ASIN: {
                double q = Double.isNaN(tUpper) ? tQuantile(1 - alpha / 2, degreesOfFreedom) : tUpper;
                double eta = Math.asin(Math.sqrt(p));
                double s = se / (2 * Math.sqrt(p) * Math.sqrt(1 - p));
                // the arcsine scale ends at 0 and pi/2 (R does not clamp: with few df its limits wrap)
                double lo = Math.sin(Math.max(0, eta - q * s));
                double hi = Math.sin(Math.min(Math.PI / 2, eta + q * s));
                return new double[] {lo * lo, hi * hi};
            }
            case WALD: {
                double q = Double.isNaN(tUpper) ? tQuantile(1 - alpha / 2, degreesOfFreedom) : tUpper;
                return new double[] {p - q * se, p + q * se};
            }
            case KORN_GRAUBARD: {
                double nEff = p * (1 - p) / variance;
                if (rows > 1) {
                    double r = tQuantile(alpha / 2, rows - 1) / tQuantile(alpha / 2, degreesOfFreedom);
                    nEff *= r * r;
                }
                double lo = new BetaDistribution(null, nEff * p, nEff * (1 - p) + 1, 1e-15)
                    .inverseCumulativeProbability(alpha / 2);
                double hi = new BetaDistribution(null, nEff * p + 1, nEff * (1 - p), 1e-15)
                    .inverseCumulativeProbability(1 - alpha / 2);
                return new double[] {lo, hi};
            }
            default: {
                double n = p * (1 - p) / variance;
                double z = normalQuantile(1 - alpha / 2);
                double z2n = z * z / n;
                double centre = (p + z2n / 2) / (1 + z2n);
                double half = z / (1 + z2n) * Math.sqrt(p * (1 - p) / n + z * z / (4 * n * n));
                return new double[] {centre - half, centre + half};
            }
        }
    }

    static void checkLevel(double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("confidence level is " + level + "; must be in (0, 1)");
        }
    }

    private static double expit(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    static double normalCdf(double x) {
        return new NormalDistribution(null, 0, 1, 1e-15).cumulativeProbability(x);
    }

    static double normalQuantile(double q) {
        return cached(q, Double.NaN, () -> new NormalDistribution(null, 0, 1, 1e-15).inverseCumulativeProbability(q));
    }

    /** A quantile asked for (df NaN: the normal distribution's). */
    private record Quantile(double q, double df) {
    }

    /**
     * Quantiles already computed: estimates by domain ask for the same few levels and degrees of
     * freedom thousands of times, and each inversion takes tens of microseconds. Bounded: emptied
     * when it grows past 4,096 entries.
     */
    private static final Map<Quantile, Double> QUANTILES = new ConcurrentHashMap<>();

    private static double cached(double q, double df, DoubleSupplier compute) {
        Quantile key = new Quantile(q, df);
        Double v = QUANTILES.get(key);
        if (v == null) {
            if (QUANTILES.size() > 4096) {
                QUANTILES.clear();
            }
            v = compute.getAsDouble();
            QUANTILES.put(key, v);
        }
        return v;
    }

    /** t quantile; +-Infinity for df &lt; 1. */
    static double tQuantile(double q, double df) {
        if (df < 1) {
            return q < 0.5 ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return cached(q, df, () -> new TDistribution(null, df, 1e-15).inverseCumulativeProbability(q));
    }
}
