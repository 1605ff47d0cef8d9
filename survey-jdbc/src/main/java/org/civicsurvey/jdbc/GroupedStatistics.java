package org.civicsurvey.jdbc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.civicsurvey.stats.SufficientStatistics;

/**
 * Sufficient statistics computed inside the database, with the meaning of their domain codes.
 *
 * @param statistics the statistics (unclustered layout, one stratum 0); estimate them with
 *     {@link org.civicsurvey.stats.Estimator}
 * @param groupings the groupings, in order
 * @param domains domain code → one label per grouping ({@link Optional#empty()} when the response
 *     had no value); codes are 0..n-1 in ascending label order
 */
public record GroupedStatistics(SufficientStatistics statistics, List<Grouping> groupings,
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
