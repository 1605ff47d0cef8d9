package org.civicsurvey.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A population margin for weighting a {@link SurveyFrame}: a column of the DataFrame and the
 * population count of each of its values, the Spark counterpart of the core's
 * {@code Margin.ofLabels}. Values are matched by their text: {@code 7} in an integer column matches
 * the key {@code "7"} (or the {@code Integer} 7), {@code "P1"} in a string column the key
 * {@code "P1"}.
 *
 * @param column the column's name
 * @param population the population count of each value (as text), in the order given
 */
public record ColumnMargin(String column, Map<String, Double> population) {
    /** Validates the name and the counts (finite, &gt; 0) and copies the table, keeping its order. */
    public ColumnMargin {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(population, "population");
        if (column.isBlank()) {
            throw new IllegalArgumentException("margin column name is blank");
        }
        if (population.isEmpty()) {
            throw new IllegalArgumentException("margin '" + column + "' has no population categories");
        }
        Map<String, Double> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : population.entrySet()) {
            Objects.requireNonNull(e.getKey(), () -> "margin '" + column + "': a population category is null");
            Double v = e.getValue();
            if (v == null || !(v > 0) || v.isInfinite()) {
                throw new IllegalArgumentException("margin '" + column + "', category '" + e.getKey()
                    + "': population count is " + v + "; must be a finite number > 0");
            }
            copy.put(e.getKey(), v);
        }
        population = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * @param column the column's name
     * @param population the population count of each value; keys are matched by
     *     {@code String.valueOf(key)} against {@code String.valueOf(value)} of the column's values
     * @return the margin
     * @throws IllegalArgumentException if two keys have the same text, or a count is not finite and &gt; 0
     */
    public static ColumnMargin of(String column, Map<?, ? extends Number> population) {
        Objects.requireNonNull(population, "population");
        Map<String, Double> table = new LinkedHashMap<>();
        for (Map.Entry<?, ? extends Number> e : population.entrySet()) {
            String key = String.valueOf(Objects.requireNonNull(e.getKey(), "population category"));
            Number n = e.getValue();
            if (table.put(key, n == null ? null : n.doubleValue()) != null) {
                throw new IllegalArgumentException("margin '" + column + "': category '" + key + "' appears twice");
            }
        }
        return new ColumnMargin(column, table);
    }
}
