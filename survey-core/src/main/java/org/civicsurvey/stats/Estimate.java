package org.civicsurvey.stats;

import java.util.Objects;

/**
 * An estimate with its uncertainty and the answers behind it.
 *
 * <p>Edge cases, defined once: with no valid answers ({@code validN == 0}, e.g. an empty domain
 * or every answer "don't know"), or when the valid answers' weights (or a ratio's denominator)
 * sum to zero, the value, standard error, bounds, design effect and effective
 * sample size are {@code NaN} and {@link #isDefined()} is false; the counts are still reported.
 * A zero variance gives a standard error of 0 and an interval collapsed to the value (a
 * proportion of 0 or 1 has the interval [p, p] by every method). The design effect is {@code NaN}
 * when it is not defined: fewer than two valid answers, all valid answers equal (no SRS variance)
 * or a linear combination of estimates. The interval is infinite when it needs a t quantile and
 * the design has no degrees of freedom.
 *
 * @param value the estimate
 * @param standardError its Taylor-linearisation standard error
 * @param lower lower confidence bound
 * @param upper upper confidence bound
 * @param confidenceLevel the level of the interval, in (0, 1)
 * @param degreesOfFreedom the design degrees of freedom (PSUs minus strata)
 * @param validN valid answers used
 * @param excluded answers left out, by reason
 * @param designEffect variance over the SRS variance (as R's {@code deff = TRUE})
 * @param effectiveSampleSize Kish's effective n, (Σw)² / Σw² over the valid answers
 */
public record Estimate(double value, double standardError, double lower, double upper, double confidenceLevel,
                       int degreesOfFreedom, long validN, Exclusions excluded, double designEffect,
                       double effectiveSampleSize) {
    /** Validates: counts non-negative, level in (0, 1), a finite SE and an interval for every defined value. */
    public Estimate {
        Objects.requireNonNull(excluded, "excluded");
        if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
            throw new IllegalArgumentException("confidenceLevel is " + confidenceLevel + "; must be in (0, 1)");
        }
        if (validN < 0) {
            throw new IllegalArgumentException("validN is " + validN + "; must be >= 0");
        }
        if (Double.isInfinite(value)) {
            throw new IllegalArgumentException("value is " + value + "; must be finite (NaN when undefined)");
        }
        if (!Double.isNaN(value) && (!(standardError >= 0) || Double.isInfinite(standardError))) {
            throw new IllegalArgumentException("estimate " + value + " needs a finite standard error >= 0, got "
                + standardError);
        }
        if (!Double.isNaN(value) && (Double.isNaN(lower) || Double.isNaN(upper) || lower > upper)) {
            throw new IllegalArgumentException("interval [" + lower + ", " + upper + "] is not an interval");
        }
    }

    /** @return whether the estimate exists (otherwise value and SE are NaN, see the class comment) */
    public boolean isDefined() {
        return !Double.isNaN(value);
    }

    /** @return the variance, the squared standard error */
    public double variance() {
        return standardError * standardError;
    }

    /**
     * The same estimate in other units, e.g. a share (0..1) in percent with {@code 100}: value,
     * standard error and bounds multiplied; counts, df, design effect and effective n unchanged.
     *
     * @param factor a positive finite factor
     * @return the scaled estimate
     */
    public Estimate scaled(double factor) {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("factor is " + factor + "; must be positive and finite");
        }
        return new Estimate(value * factor, standardError * factor, lower * factor, upper * factor, confidenceLevel,
            degreesOfFreedom, validN, excluded, designEffect, effectiveSampleSize);
    }

    /**
     * @return the confidence interval, empty when the estimate is undefined
     */
    public java.util.Optional<Interval> interval() {
        return isDefined() ? java.util.Optional.of(new Interval(lower, upper, confidenceLevel)) : java.util.Optional.empty();
    }

    /** @return the half-width of the interval when symmetric, else the larger half */
    public double marginOfError() {
        return Math.max(value - lower, upper - value);
    }
}
