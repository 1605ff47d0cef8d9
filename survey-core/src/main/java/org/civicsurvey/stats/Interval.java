package org.civicsurvey.stats;

/**
 * A confidence interval: the one shape of every interval the library reports (an
 * {@link Estimate}'s, a test's, Cronbach's alpha's).
 *
 * @param lower lower bound
 * @param upper upper bound
 * @param level confidence level, in (0, 1)
 */
public record Interval(double lower, double upper, double level) {
    /**
     * Validates the interval.
     *
     * @param lower lower bound
     * @param upper upper bound
     * @param level confidence level
     */
    public Interval {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("confidence level " + level + " is outside (0, 1)");
        }
        if (Double.isNaN(lower) || Double.isNaN(upper) || lower > upper) {
            throw new IllegalArgumentException("[" + lower + ", " + upper + "] is not an interval");
        }
    }

    /**
     * Whether the interval contains a value.
     *
     * @param value the value
     * @return {@code lower <= value <= upper}
     */
    public boolean contains(double value) {
        return lower <= value && value <= upper;
    }
}
