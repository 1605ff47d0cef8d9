package org.civicsurvey.jdbc;

/**
 * What a rollup read ({@link SurveyStore#rollupStatistics(ResponseFilter, java.util.List, boolean, RollupFallback)})
 * does with a filter or grouping the rollup cannot answer, or a rollup that is stale.
 */
public enum RollupFallback {
    /**
     * Throw: {@link IllegalArgumentException} naming the filter field or grouping the rollup does not
     * keep, or {@link SurveyStoreException} when the rollup is stale.
     */
    FAIL,
    /** Compute the statistics from the stored rows instead ({@link SurveyStore#statistics(ResponseFilter, java.util.List, boolean)}). */
    FULL_AGGREGATION
}
