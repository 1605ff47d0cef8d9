package org.civicsurvey.analysis.drivers;

import java.util.Objects;

/**
 * Everything the driver analysis says about one driver.
 *
 * @param name the driver's name
 * @param pearson Pearson correlation with the outcome
 * @param spearman Spearman rank correlation with the outcome (mid-ranks for ties)
 * @param beta standardised regression coefficient in the model with all drivers
 * @param lmg relative importance by the Shapley / LMG decomposition of R²; the drivers' values
 *     sum to R²
 * @param relativeWeight Johnson's (2000) relative weight; the drivers' values sum to R²
 */
public record DriverStatistics(
        String name,
        Correlation pearson,
        Correlation spearman,
        StandardizedCoefficient beta,
        double lmg,
        double relativeWeight) {
    /** Validates the values. */
    public DriverStatistics {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pearson, "pearson");
        Objects.requireNonNull(spearman, "spearman");
        Objects.requireNonNull(beta, "beta");
        if (!(lmg >= -1e-12) || !(relativeWeight >= -1e-12)) {
            throw new IllegalArgumentException("importance of driver '" + name + "' must be >= 0, was lmg "
                    + lmg + ", relative weight " + relativeWeight);
        }
    }
}
