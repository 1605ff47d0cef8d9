package org.civicsurvey.analysis.drivers;

import java.util.List;
import java.util.NoSuchElementException;

/**
 * The result of a driver analysis.
 *
 * @param used rows used: complete on the outcome, every driver (and the weight)
 * @param excluded rows left out by listwise deletion because the outcome or a driver was missing
 *     (NaN)
 * @param weighted whether weights were given
 * @param effectiveSize Kish's effective sample size {@code (Σw)² / Σw²}; equals {@code used} when
 *     unweighted
 * @param confidenceLevel the level of the correlation intervals
 * @param rSquared R² of the regression of the outcome on all drivers
 * @param drivers one entry per driver, in the order given
 */
public record DriverResult(
        int used,
        int excluded,
        boolean weighted,
        double effectiveSize,
        double confidenceLevel,
        double rSquared,
        List<DriverStatistics> drivers) {
    /** Validates and copies. */
    public DriverResult {
        if (used < 0 || excluded < 0) {
            throw new IllegalArgumentException("row counts must be >= 0, were used " + used + ", excluded " + excluded);
        }
        if (!(rSquared >= 0 && rSquared <= 1 + 1e-12)) {
            throw new IllegalArgumentException("R² " + rSquared + " is outside [0, 1]");
        }
        drivers = List.copyOf(drivers);
    }

    /**
     * The statistics of one driver.
     *
     * @param name the driver's name
     * @return its statistics
     * @throws NoSuchElementException if there is no such driver
     */
    public DriverStatistics driver(String name) {
        for (DriverStatistics d : drivers) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        throw new NoSuchElementException("no driver '" + name + "' in this analysis; drivers are "
                + drivers.stream().map(DriverStatistics::name).toList());
    }

    /**
     * The LMG share of a driver: its LMG value divided by R², so that the shares sum to 1. Zero
     * when R² is 0.
     *
     * @param name the driver's name
     * @return the share in [0, 1]
     */
    public double lmgShare(String name) {
        return rSquared == 0 ? 0 : driver(name).lmg() / rSquared;
    }
}
