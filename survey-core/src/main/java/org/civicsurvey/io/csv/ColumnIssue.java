package org.civicsurvey.io.csv;

import java.util.Objects;
import java.util.Optional;

/**
 * A column of the header that maps to nothing, or an expected column that the header lacks.
 *
 * @param column the header (unknown) or the expected name (missing)
 * @param closest for an unknown column, the closest expected name that the header lacks; for a
 *     missing one, the closest unknown header; by edit distance, ignoring case, when near enough
 * @param required for a missing column: whether the file cannot do without it (a mapped column,
 *     or a required question of complete responses); false for an unknown column
 */
public record ColumnIssue(String column, Optional<String> closest, boolean required) {
    /**
     * Validates.
     *
     * @param column column
     * @param closest closest
     * @param required required
     */
    public ColumnIssue {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(closest, "closest");
    }

    /** @return a hint such as {@code  (did you mean 'tc1'?)}, or {@code ""} */
    String hint() {
        return closest.map(c -> " (did you mean '" + c + "'?)").orElse("");
    }
}
