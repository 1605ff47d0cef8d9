package org.civicsurvey.jdbc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.civicsurvey.model.Instrument;
import org.civicsurvey.report.ReportData;
import org.civicsurvey.scoring.GroupBy;
import org.civicsurvey.stats.SufficientStatistics;

/**
 * Sufficient statistics computed inside the database, with the meaning of their domain codes.
 *
 * @param statistics the statistics (from the store: unclustered layout, one stratum 0; from {@link SqlSurvey}: the
 *     layout of the declared design); estimate them with {@link org.civicsurvey.stats.Estimator}
 * @param groupings the groupings, in order (the same {@link GroupBy} values a report uses in memory)
 * @param domains domain code → one label per grouping ({@link Optional#empty()} when the response
 *     had no value); codes are 0..n-1 in ascending label order
 */
public record GroupedStatistics(SufficientStatistics statistics, List<GroupBy> groupings,
        Map<Integer, List<Optional<String>>> domains) {

    /** Copies the lists and map. */
    public GroupedStatistics {
        Objects.requireNonNull(statistics, "statistics");
        groupings = List.copyOf(groupings);
        Map<Integer, List<Optional<String>>> copy = new LinkedHashMap<>();
        domains.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        domains = Collections.unmodifiableMap(copy);
    }

    /**
     * The statistics as a report's input: the groupings' names and each domain's labels, a response
     * without a value in level {@link GroupBy#UNKNOWN}, as {@code ReportData.fromResponses} labels it
     * in memory. A report built on it equals the report built from the same responses in memory.
     *
     * @param instrument the instrument version the statistics were computed for
     * @return the report data
     */
    public ReportData reportData(Instrument instrument) {
        Map<Integer, List<String>> levels = new LinkedHashMap<>();
        domains.forEach((d, labels) -> levels.put(d, labels.stream().map(o -> o.orElse(GroupBy.UNKNOWN)).toList()));
        return ReportData.ofDomains(instrument, statistics, groupings.stream().map(GroupBy::name).toList(), levels);
    }

    /**
     * The code of a domain given its labels.
     *
     * @param labels one label per grouping (null for the "no value" group)
     * @return the code, if that domain has responses
     */
    public Optional<Integer> domainOf(String... labels) {
        List<Optional<String>> key = new ArrayList<>(labels.length);
        for (String label : labels) {
            key.add(Optional.ofNullable(label));
        }
        for (Map.Entry<Integer, List<Optional<String>>> e : domains.entrySet()) {
            if (e.getValue().equals(key)) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }
}
