package org.civicsurvey.jdbc;

import java.util.List;

/**
 * What {@link SurveyStore#rebuildRollup()} found and did.
 *
 * @param responses the stored responses counted
 * @param rows the compacted rollup rows written
 * @param wasStale whether the rollup was marked stale before (responses stored before schema version
 *     5, by a store without rollup maintenance, or with other rollup options)
 * @param agreed whether the rollup held exactly the recomputed sums (counts equal, weight sums within
 *     a relative 1e-9)
 * @param differences where it did not, up to 20 descriptions naming the instrument version, period
 *     bucket and code of a differing cell (never answer text)
 */
public record RollupRebuild(long responses, long rows, boolean wasStale, boolean agreed, List<String> differences) {

    /** Copies the list. */
    public RollupRebuild {
        differences = List.copyOf(differences);
    }
}
