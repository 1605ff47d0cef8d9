package org.civicsurvey.io.csv;

import java.util.List;
import java.util.Objects;

/**
 * A respondent id found on more than one row.
 *
 * @param id the id
 * @param rows every row it is on, in file order (row numbers as in {@link RowError#row()})
 */
public record DuplicateId(String id, List<Long> rows) {
    /**
     * Validates and copies.
     *
     * @param id id
     * @param rows at least two rows
     */
    public DuplicateId {
        Objects.requireNonNull(id, "id");
        rows = List.copyOf(rows);
        if (rows.size() < 2) {
            throw new IllegalArgumentException("id " + id + " is on " + rows.size() + " row(s); a duplicate is on two or more");
        }
    }
}
