package org.civicsurvey.analysis.drivers;

/**
 * The four quadrants of an importance–performance grid (Martilla and James 1977,
 * "Importance-Performance Analysis", Journal of Marketing 41(1):77–79).
 */
public enum Quadrant {
    /** High importance, low performance: improve these first. */
    CONCENTRATE_HERE,
    /** High importance, high performance. */
    KEEP_UP_THE_GOOD_WORK,
    /** Low importance, low performance. */
    LOW_PRIORITY,
    /** Low importance, high performance: resources may be better used elsewhere. */
    POSSIBLE_OVERKILL;

    /**
     * The quadrant of a point; a value exactly on a cross-hair counts as high on that axis.
     *
     * @param highImportance importance at or above the importance cross-hair
     * @param highPerformance performance at or above the performance cross-hair
     * @return the quadrant
     */
    public static Quadrant of(boolean highImportance, boolean highPerformance) {
        if (highImportance) {
            return highPerformance ? KEEP_UP_THE_GOOD_WORK : CONCENTRATE_HERE;
        }
        return highPerformance ? POSSIBLE_OVERKILL : LOW_PRIORITY;
    }
}
