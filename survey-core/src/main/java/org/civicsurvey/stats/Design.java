package org.civicsurvey.stats;

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
     * The variance of one total: {@code totalCovariance(new double[][] {z})[0][0]}.
     *
     * @param z unit i's weighted influence value, length {@link #size()}
     * @return the variance
     */
    default double totalVariance(double[] z) {
        return totalCovariance(new double[][] {z})[0][0];
    }
}
