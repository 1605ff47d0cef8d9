package org.civicsurvey.io.csv;

import java.util.List;

/**
 * What an import did: rows read, imported and rejected, the errors (every problem of every rejected
 * row, up to the error limit), the columns it ignored.
 *
 * @param rowsRead data rows read
 * @param imported rows turned into valid responses and passed on
 * @param rejected rows left out ({@code imported + rejected == rowsRead})
 * @param errors the problems, in row order (at most the importer's error limit)
 * @param errorsTruncated whether more problems were found than listed
 * @param ignoredColumns headers that map to nothing
 */
public record ImportResult(long rowsRead, long imported, long rejected, List<RowError> errors, boolean errorsTruncated,
                           List<String> ignoredColumns) {
    /**
     * Validates the counts and copies the lists.
     *
     * @param rowsRead rows read
     * @param imported imported
     * @param rejected rejected
     * @param errors errors
     * @param errorsTruncated truncated flag
     * @param ignoredColumns ignored headers
     */
    public ImportResult {
        errors = List.copyOf(errors);
        ignoredColumns = List.copyOf(ignoredColumns);
        if (imported < 0 || rejected < 0 || imported + rejected != rowsRead) {
            throw new IllegalArgumentException("imported " + imported + " + rejected " + rejected + " != rows " + rowsRead);
        }
    }

    @Override
    public String toString() {
        return "read " + rowsRead + " rows: " + imported + " imported, " + rejected + " rejected"
            + (errors.isEmpty() ? "" : "; first: " + errors.get(0));
    }
}
