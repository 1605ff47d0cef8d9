/**
 * Driver analysis and importance–performance analysis on primitive columns: correlations with
 * Fisher-z intervals, standardised regression, Shapley/LMG and Johnson relative importance
 * ({@link org.civicsurvey.analysis.drivers.DriverAnalysis}), and the Martilla–James quadrants
 * ({@link org.civicsurvey.analysis.drivers.ImportancePerformance}). See {@code docs/drivers.md}.
 */
package org.civicsurvey.analysis.drivers;
