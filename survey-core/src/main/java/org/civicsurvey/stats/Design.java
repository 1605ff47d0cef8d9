package org.civicsurvey.stats;

import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * A probability sampling design: per-unit weights and the Taylor-linearisation variance of
 * estimated totals.
 *
 * <p>Every estimator of the engine takes a {@code Design}; {@link SurveyDesign} is the plain
 * stratified multistage design, calibrated designs implement this interface by residualising the
 * influence values before delegating.
 */
public interface Design {
    /**
     * @return the number of sampled units (rows)
     */
    int size();

    /**
     * @param unit a unit index, {@code 0 <= unit < size()}
     * @return the unit's (sampling or calibrated) weight
     */
    double weight(int unit);

    /**
     * @return a copy of all weights, in unit order
     */
    double[] weights();

    /**
     * @return the design degrees of freedom as R's {@code degf(design)}: the number of PSUs minus
     *     the number of strata, counting only units with non-zero weight ({@code n - 1} when
     *     unclustered and unstratified)
     */
    int degreesOfFreedom();

    /**
     * The K x K Taylor-linearisation covariance of the totals {@code sum_i z[k][i]}, exactly as R's
     * {@code survey:::svyrecvar(z, clusters, strata, fpc, ...)} on this design.
     *
     * @param z {@code z[k][i]} is unit i's weighted influence value for estimate k (R's
     *     convention: already multiplied by the weight); every row has length {@link #size()}
     * @return the covariance matrix, a new array
     */
    double[][] totalCovariance(double[][] z);

    /**
     * The degrees of freedom of the design restricted to some units, as R's {@code degf} of
     * {@code subset(design, ...)}: PSUs with a positive-weight unit in the subset minus strata
     * with one. R's {@code svyciprop} on a domain ({@code svyby} or {@code subset}) uses it for
     * every method by default, and so do domain proportion intervals of {@link Estimator}. The default, for designs that do not know their PSUs, returns
     * {@link #degreesOfFreedom()}.
     *
     * @param member whether each unit is in the subset, length {@link #size()}
     * @return the subset's degrees of freedom
     */
    default int degreesOfFreedom(boolean[] member) {
        return degreesOfFreedom();
    }

    /**
     * {@link #degreesOfFreedom(boolean[])} for a subset given as a predicate on unit indexes, so
     * that no array of the units is needed. The default materialises the array.
     *
     * @param member whether unit i is in the subset
     * @return the subset's degrees of freedom
     */
    default int degreesOfFreedom(IntPredicate member) {
        Objects.requireNonNull(member, "member");
        boolean[] in = new boolean[size()];
        for (int i = 0; i < in.length; i++) {
            in[i] = member.test(i);
        }
        return degreesOfFreedom(in);
    }

    /**
     * The K x K covariance of totals, as {@link #totalCovariance(double[][])}, with the influence
     * values pulled from {@code z} in blocks of rows instead of held as a units x K array. A
     * design may ask for the same rows more than once and from several threads at once.
     * {@link SurveyDesign} sums them per PSU (or, unclustered, per stratum) while reading, so its
     * memory is O(PSUs x K), not O(units x K); the default materialises the array.
     *
     * @param k the number of totals
     * @param z the influence values
     * @return the covariance matrix, a new array
     */
    default double[][] totalCovariance(int k, InfluenceValues z) {
        Objects.requireNonNull(z, "z");
        int n = size();
        double[][] all = new double[k][n];
        double[] block = new double[InfluenceValues.BLOCK * k];
        for (int from = 0; from < n; from += InfluenceValues.BLOCK) {
            int to = Math.min(n, from + InfluenceValues.BLOCK);
            z.fill(from, to, block);
            for (int i = from; i < to; i++) {
                for (int j = 0; j < k; j++) {
                    all[j][i] = block[(i - from) * k + j];
                }
            }
        }
        return totalCovariance(all);
    }

    /**
     * The variance of one total: {@code totalCovariance(new double[][] {z})[0][0]}.
     *
     * @param z unit i's weighted influence value, length {@link #size()}
     * @return the variance
     */
    default double totalVariance(double[] z) {
        return totalCovariance(new double[][] {z})[0][0];
    }
}
