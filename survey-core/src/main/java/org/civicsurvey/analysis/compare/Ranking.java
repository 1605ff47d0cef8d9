package org.civicsurvey.analysis.compare;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Groups ranked by an estimate, each with the interval of ranks it may hold. Made by
 * {@link Rankings}.
 *
 * @param method how the rank intervals were found
 * @param level the confidence level
 * @param groups one interval per group, ordered by rank (then by input order)
 */
public record Ranking(Method method, double level, List<RankInterval> groups) {

    /** Methods for rank intervals. */
    public enum Method {
        /**
         * Parametric bootstrap: draws from the normal approximation {@code N(estimates, covariance)}
         * with a seeded generator, ranks each draw, and takes the rank quantiles (Goldstein and
         * Spiegelhalter 1996, J. R. Stat. Soc. A 159, 385-443; Marshall and Spiegelhalter 1998,
         * BMJ 316, 1701-1704). Marginal intervals: each group's interval covers its rank with the
         * level, not all at once.
         */
        SIMULATION,
        /**
         * Pairwise significance: a group's best rank is {@code 1 +} the number of groups significantly
         * better, its worst {@code k -} the number significantly worse, from pairwise tests with
         * adjusted p-values. With Bonferroni adjustment the intervals hold jointly with the level
         * (Klein, Wright and Wieczorek 2020, J. R. Stat. Soc. C 69, 917-932).
         */
        PAIRWISE
    }

    /**
     * Validates and copies.
     *
     * @param method method
     * @param level level
     * @param groups intervals
     */
    public Ranking {
        Objects.requireNonNull(method, "method");
        groups = List.copyOf(groups);
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level " + level + " is outside (0, 1)");
        }
    }

    /**
     * The groups that may hold rank 1: those not distinguishable from the top.
     *
     * @return their names, by rank
     */
    public List<String> topSet() {
        return groups.stream().filter(RankInterval::mayBeFirst).map(RankInterval::group).collect(Collectors.toUnmodifiableList());
    }

    /**
     * The interval of a named group.
     *
     * @param group the name
     * @return its interval
     * @throws IllegalArgumentException if there is no such group
     */
    public RankInterval group(String group) {
        for (RankInterval r : groups) {
            if (r.group().equals(group)) {
                return r;
            }
        }
        throw new IllegalArgumentException("no group named '" + group + "'");
    }
}
