/**
 * Not API: the plan, buffer and job of the sums, public only for {@code SurveyFrame} in the API
 * package. Use {@link org.civicsurvey.spark.SurveyFrame}.
 */
package org.civicsurvey.spark.internal;
