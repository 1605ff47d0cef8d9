package org.civicsurvey.stats;

/**
 * Counts of answers left out of an estimate, by reason.
 *
 * @param dontKnow "don't know" answers
 * @param notApplicable "not applicable" answers
 * @param refused refusals
 * @param missing answers not recorded
 * @param hidden questions not shown
 */
public record Exclusions(long dontKnow, long notApplicable, long refused, long missing, long hidden) {
    /** No exclusions. */
    public static final Exclusions NONE = new Exclusions(0, 0, 0, 0, 0);

    /** Validates that every count is {@code >= 0}. */
    public Exclusions {
        long[] all = {dontKnow, notApplicable, refused, missing, hidden};
        for (int i = 0; i < all.length; i++) {
            if (all[i] < 0) {
                throw new IllegalArgumentException(Exclusion.values()[i] + " count is " + all[i] + "; must be >= 0");
            }
        }
    }

    /**
     * @param counts one count per {@link Exclusion}, in ordinal order (length 5)
     * @return the counts
     */
    public static Exclusions of(long[] counts) {
        if (counts.length != 5) {
            throw new IllegalArgumentException("counts has length " + counts.length + "; must be 5 (one per Exclusion)");
        }
        return new Exclusions(counts[0], counts[1], counts[2], counts[3], counts[4]);
    }

    /**
     * @param reason a reason
     * @return the count for that reason
     */
    public long count(Exclusion reason) {
        switch (reason) {
            case DONT_KNOW:
                return dontKnow;
            case NOT_APPLICABLE:
                return notApplicable;
            case REFUSED:
                return refused;
            case MISSING:
                return missing;
            default:
                return hidden;
        }
    }

    /** @return all excluded answers */
    public long total() {
        return dontKnow + notApplicable + refused + missing + hidden;
    }

    /**
     * @param other more counts
     * @return the sums
     */
    public Exclusions plus(Exclusions other) {
        return new Exclusions(dontKnow + other.dontKnow, notApplicable + other.notApplicable, refused + other.refused,
            missing + other.missing, hidden + other.hidden);
    }
}
