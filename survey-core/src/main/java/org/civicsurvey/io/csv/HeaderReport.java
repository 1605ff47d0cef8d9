package org.civicsurvey.io.csv;

import java.util.List;

/**
 * How a file's header matches the instrument and the column mapping, found before any row is read.
 *
 * @param unknown headers that are neither mapped, nor declared ignored, nor (with
 *     {@link ColumnMapping.Builder#questionsByHeader()}) a question id, in header order
 * @param missing mapped headers absent from the file, then the instrument's questions that no
 *     column answers, in instrument order
 */
public record HeaderReport(List<ColumnIssue> unknown, List<ColumnIssue> missing) {
    /**
     * Copies the lists.
     *
     * @param unknown unknown columns
     * @param missing missing columns
     */
    public HeaderReport {
        unknown = List.copyOf(unknown);
        missing = List.copyOf(missing);
    }

    /** @return whether every header is known and nothing is missing */
    public boolean isClean() {
        return unknown.isEmpty() && missing.isEmpty();
    }

    /**
     * @return one line per issue, such as {@code unknown column 'tc1x' (did you mean 'tc1'?)} or
     *     {@code missing column 'tc1' for a required question (did you mean 'tc1x'?)}
     */
    public List<String> messages() {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (ColumnIssue c : unknown) {
            out.add("unknown column '" + c.column() + "'" + c.hint());
        }
        for (ColumnIssue c : missing) {
            out.add("missing column '" + c.column() + "'" + (c.required() ? " (required)" : "") + c.hint());
        }
        return out;
    }
}
