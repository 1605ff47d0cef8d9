package org.civicsurvey.analysis.compare;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The rank of one group and the interval of ranks it may plausibly hold (rank 1 = best).
 *
 * @param group the group's name
 * @param estimate the group's estimate
 * @param rank its rank by the estimates: {@code 1 +} the number of groups with a better estimate
 * @param lower the best plausible rank (smallest number)
 * @param upper the worst plausible rank
 * @param probabilityFirst the simulated probability of holding rank 1 ({@link Ranking.Method#SIMULATION}
 *     only)
 */
public record RankInterval(String group, double estimate, int rank, int lower, int upper, OptionalDouble probabilityFirst) {
    /**
     * Validates.
     *
     * @param group name
     * @param estimate estimate
     * @param rank rank
     * @param lower best plausible rank
     * @param upper worst plausible rank
     * @param probabilityFirst probability of rank 1
     */
    public RankInterval {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(probabilityFirst, "probabilityFirst");
        if (lower < 1 || lower > upper) {
            throw new IllegalArgumentException("rank interval [" + lower + ", " + upper + "] of '" + group + "' is invalid");
        }
        if (rank < 1) {
            throw new IllegalArgumentException("rank " + rank + " of '" + group + "' must be >= 1");
        }
    }

    /**
     * Whether the group may hold rank 1, i.e. it is not distinguishable from the top.
     *
     * @return {@code lower == 1}
     */
    public boolean mayBeFirst() {
        return lower == 1;
    }
}
