package org.civicsurvey.weighting;

/**
 * One weighting step as it enters the variance: R's {@code survey:::svyrecvar} residualises the
 * influence values for every element of {@code design$postStrata} in order before the
 * multistage variance. Implementations are immutable.
 */
interface Adjustment {
    /**
     * Replaces each row {@code z[k]} by its residual, in place.
     *
     * @param z weighted influence values, {@code z[k][i]} for estimate k and unit i
     */
    void residualise(double[][] z);

    /** @return a short description, e.g. {@code postStratify(stype)} */
    String describe();
}
