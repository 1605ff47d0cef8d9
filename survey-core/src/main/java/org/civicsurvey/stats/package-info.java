/**
 * Design-based estimation, equal to R's {@code survey} package: the design kernel
 * ({@link org.civicsurvey.stats.Design}, {@link org.civicsurvey.stats.SurveyDesign},
 * {@link org.civicsurvey.stats.LonelyPsu}), mergeable
 * {@link org.civicsurvey.stats.SufficientStatistics} filled in one pass or from SQL, and the
 * {@link org.civicsurvey.stats.Estimator} of means, totals, ratios, proportions, domain estimates
 * and linear combinations, each an {@link org.civicsurvey.stats.Estimate} with standard error,
 * interval, degrees of freedom, valid and excluded counts, design effect and effective n; the same
 * on replicate-weight designs ({@link org.civicsurvey.stats.ReplicateDesign}, mergeable
 * {@link org.civicsurvey.stats.ReplicateSums}), and quantiles with Woodruff intervals.
 * Knows nothing about instruments; see {@code docs/estimation.md}.
 */
package org.civicsurvey.stats;
