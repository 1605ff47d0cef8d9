package org.civicsurvey.io.csv;

import java.util.List;

/**
 * The rows rejected for one reason.
 *
 * @param rows how many rows
 * @param firstRows their row numbers (as in {@link RowError#row()}), the first
 *     {@value #MAX_LISTED} of them
 */
public record Rejections(long rows, List<Long> firstRows) {
    /** The most row numbers listed per reason. */
    public static final int MAX_LISTED = 1_000;

    /**
     * Validates and copies.
     *
     * @param rows count
     * @param firstRows row numbers
     */
    public Rejections {
        firstRows = List.copyOf(firstRows);
        if (rows < firstRows.size() || firstRows.size() > MAX_LISTED) {
            throw new IllegalArgumentException(rows + " rows with " + firstRows.size() + " listed (at most " + MAX_LISTED + ")");
        }
    }
}
