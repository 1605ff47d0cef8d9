/**
 * Not API: the aggregation's plan and buffer, public only because Spark's encoders serialize public
 * classes. Use {@link org.civicsurvey.spark.SurveyFrame}.
 */
package org.civicsurvey.spark.internal;
