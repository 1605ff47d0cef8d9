package org.civicsurvey.analysis.reliability;

/**
 * Reliability of a set of items, as {@code alpha.1} inside {@code psych::alpha} (psych 2.2.9)
 * computes it from the item covariance matrix {@code C} and correlation matrix
 * {@code R = cov2cor(C)} of {@code k} items.
 *
 * <p>A quantity that is not defined for the set is {@code NaN}: {@link #varianceR()} needs at
 * least two correlations (three items).
 *
 * @param rawAlpha Cronbach's alpha from covariances, {@code (1 - tr(C)/sum(C)) k/(k-1)}
 * @param standardizedAlpha alpha from correlations, {@code (1 - k/sum(R)) k/(k-1)}
 * @param lambda6 Guttman's lambda 6, {@code 1 - (k - sum(smc))/sum(R)} with the squared multiple
 *     correlations {@code smc = 1 - 1/diag(R^-1)} (pseudo-inverse; clipped to 0..1 as
 *     {@code psych::smc})
 * @param averageR mean of the {@code k(k-1)/2} inter-item correlations
 * @param medianR median of the inter-item correlations
 * @param varianceR sample variance of the inter-item correlations ({@code NaN} for two items)
 * @param signalToNoise {@code k r / (1 - r)} with {@code r} the average correlation
 */
public record ScaleStatistics(
        double rawAlpha,
        double standardizedAlpha,
        double lambda6,
        double averageR,
        double medianR,
        double varianceR,
        double signalToNoise) {
}
