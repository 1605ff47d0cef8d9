/**
 * Design-based regression equal to R's {@code survey} package 4.1.1:
 * {@link org.civicsurvey.analysis.regression.SurveyRegression} fits {@code svyglm} (gaussian and
 * quasibinomial, {@link org.civicsurvey.analysis.regression.GlmFit} with {@code confint} and
 * {@code regTermTest}), {@code svypredmeans}
 * ({@link org.civicsurvey.analysis.regression.PredictedMeans}) and {@code svyolr}
 * ({@link org.civicsurvey.analysis.regression.OrdinalFit}) on any
 * {@link org.civicsurvey.stats.Design}, with covariates given as
 * {@link org.civicsurvey.analysis.regression.Terms}. See {@code docs/analysis.md}.
 */
package org.civicsurvey.analysis.regression;
