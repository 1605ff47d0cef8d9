/**
 * The library on Apache Spark: {@link org.civicsurvey.spark.SurveyFrame} sums a DataFrame of
 * responses into the core's mergeable {@code SufficientStatistics} with one Spark aggregation, and
 * rakes or post-stratifies its weights with aggregations, so the core's estimators, index engines
 * and reports run unchanged on data that lives in Spark. Spark is a provided dependency: bring your
 * own (Spark 4, Scala 2.13).
 */
package org.civicsurvey.spark;
