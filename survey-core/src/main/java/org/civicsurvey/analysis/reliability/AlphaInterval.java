package org.civicsurvey.analysis.reliability;

/**
 * A confidence interval for Cronbach's alpha.
 *
 * @param method how it was computed
 * @param lower lower bound (may be below 0 for a poor scale)
 * @param upper upper bound (the normal-theory interval may exceed 1)
 * @param level confidence level, in (0, 1)
 */
public record AlphaInterval(Method method, double lower, double upper, double level) {

    /** Interval methods. */
    public enum Method {
        /**
         * Feldt (1965): with {@code n} respondents and {@code k} items,
         * {@code [1 - (1 - alpha) F(1 - p/2), 1 - (1 - alpha) F(p/2)]} where {@code F(q)} is the
         * q-quantile of the F distribution on {@code n - 1} and {@code (n - 1)(k - 1)} degrees of
         * freedom and {@code p = 1 - level}. Feldt, L. S. (1965) Psychometrika 30, 357-370;
         * exactly {@code psych::alpha.ci}.
         */
        FELDT,
        /**
         * Normal approximation {@code alpha -/+ z ase} with the asymptotic standard error of
         * Duhachek and Iacobucci (2004, J. Appl. Psychol. 89, 792-808) as {@code psych::alpha}
         * computes it ({@code ase}). psych prints it with {@code z = 1.96}; this library uses the
         * exact normal quantile of the level.
         */
        DUHACHEK
    }

    /**
     * Validates the interval.
     *
     * @param method how it was computed
     * @param lower lower bound
     * @param upper upper bound
     * @param level confidence level
     */
    public AlphaInterval {
        if (method == null) {
            throw new NullPointerException("method");
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level " + level + " is outside (0, 1)");
        }
        if (Double.isNaN(lower) || Double.isNaN(upper) || lower > upper) {
            throw new IllegalArgumentException("interval [" + lower + ", " + upper + "] is not an interval");
        }
    }
}
