package org.civicsurvey.io.csv;

import java.util.Objects;

import org.civicsurvey.model.Problem;

/**
 * Why a row was rejected.
 *
 * @param row the row number as a spreadsheet shows it: the header is row 1, the first data record row 2
 *     (a record spanning several lines in quotes counts once; blank lines are not counted)
 * @param column the column header the problem is in, or {@code ""} when it concerns the whole row
 * @param reason the kind of problem
 * @param message what is wrong, naming the value and the valid range
 */
public record RowError(long row, String column, RejectReason reason, String message) implements Problem {
    /**
     * Validates.
     *
     * @param row row number, {@code >= 2}
     * @param column header or ""
     * @param reason reason
     * @param message message
     */
    public RowError {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        if (row < 2) {
            throw new IllegalArgumentException("row is " + row + "; data rows start at 2");
        }
    }

    /** @return where: {@code row 12} or {@code row 12, column q3} */
    @Override
    public String path() {
        return "row " + row + (column.isEmpty() ? "" : ", column " + column);
    }

    @Override
    public String toString() {
        return path() + ": " + message;
    }
}
