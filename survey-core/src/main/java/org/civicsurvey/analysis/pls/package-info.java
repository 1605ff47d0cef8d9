/**
 * PLS path modelling (Wold's algorithm) for satisfaction-index models such as the ACSI and ECSI:
 * build a {@link org.civicsurvey.analysis.pls.PlsModel}, fit it with
 * {@link org.civicsurvey.analysis.pls.PlsPathModeling}, read weights, loadings, paths, total effects,
 * reliability, 0–100 scores and impacts from the {@link org.civicsurvey.analysis.pls.PlsResult}. See
 * {@code docs/drivers.md}.
 */
package org.civicsurvey.analysis.pls;
