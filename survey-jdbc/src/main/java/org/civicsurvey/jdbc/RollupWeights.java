package org.civicsurvey.jdbc;

/**
 * Which weights statistics read from the rollup carry ({@link SurveyStore#rollupStatistics(ResponseFilter,
 * java.util.List, boolean, RollupWeights, RollupFallback)}).
 */
public enum RollupWeights {
    /** Each response's stored weight, or 1 without one, as {@link SurveyStore#statistics(ResponseFilter, java.util.List)}. */
    STORED,
    /**
     * Every response counts once, whatever its stored weight: real-time ratings of a portal, where the
     * raters are the population rather than a sample (the in-memory engine's {@code SurveyDesign.unweighted}).
     * The rollup keeps counts for rating and NPS questions, but only weighted sums of number questions,
     * so an instrument with a number question cannot be read this way; the full aggregation has no
     * such mode, so this is never answered by falling back.
     */
    EACH_RESPONSE_ONCE
}
