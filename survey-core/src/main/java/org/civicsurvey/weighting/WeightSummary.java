package org.civicsurvey.weighting;

import java.util.Objects;

/**
 * A summary of survey weights.
 *
 * <p>The coefficient of variation is the <em>population</em> CV, {@code sd / mean} with the
 * standard deviation taken with divisor {@code n}: then the design effect due to weighting is
 * exactly Kish's {@code deff_w = 1 + CV^2 = n * sum(w^2) / (sum w)^2} and the effective sample size
 * {@code n / deff_w = (sum w)^2 / sum(w^2)} (Kish, L. (1965) <i>Survey Sampling</i>, Wiley, section
 * 11.7; Kish, L. (1992) "Weighting for unequal P<sub>i</sub>", <i>Journal of Official
 * Statistics</i> 8(2), 183-200). Units with weight 0 count in {@code n}.
 *
 * @param n number of weights
 * @param min smallest weight
 * @param max largest weight
 * @param mean mean weight
 * @param sum sum of the weights (the estimated population size)
 * @param coefficientOfVariation population CV of the weights (divisor n)
 * @param kishEffectiveN Kish's effective sample size {@code (sum w)^2 / sum(w^2)}
 * @param designEffect design effect due to weighting, {@code 1 + CV^2}
 */
public record WeightSummary(int n, double min, double max, double mean, double sum, double coefficientOfVariation,
        double kishEffectiveN, double designEffect) {

    /** Validates the fields. */
    public WeightSummary {
        if (n < 1) {
            throw new IllegalArgumentException("n is " + n + "; must be >= 1");
        }
        if (!(min >= 0) || !(max >= min) || !(sum > 0) || !(designEffect >= 1 - 1e-12)) {
            throw new IllegalArgumentException("inconsistent weight summary: min " + min + ", max " + max + ", sum "
                    + sum + ", design effect " + designEffect);
        }
    }

    /**
     * Summarises weights.
     *
     * @param weights the weights: finite, &gt;= 0, not all zero
     * @return the summary
     * @throws IllegalArgumentException naming the first unit with a NaN, infinite or negative weight
     */
    public static WeightSummary of(double[] weights) {
        Objects.requireNonNull(weights, "weights");
        int n = weights.length;
        if (n == 0) {
            throw new IllegalArgumentException("no weights to summarise");
        }
        Weighting.checkWeights(weights, false);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (double w : weights) {
            min = Math.min(min, w);
            max = Math.max(max, w);
            sum += w;
        }
        if (sum == 0) {
            throw new IllegalArgumentException("all " + n + " weights are 0");
        }
        double mean = sum / n;
        double ss = 0;
        double sq = 0;
        for (double w : weights) {
            ss += (w - mean) * (w - mean);
            sq += w * w;
        }
        double cv = Math.sqrt(ss / n) / mean;
        return new WeightSummary(n, min, max, mean, sum, cv, sum * sum / sq, n * sq / (sum * sum));
    }
}
