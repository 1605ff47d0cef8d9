package org.civicsurvey.jdbc;

import java.util.List;

/**
 * What an export from the store wrote.
 *
 * @param responses the responses exported (erased ones are gone from the store and never exported)
 * @param rows the CSV data rows written: one per response (wide) or per answer (long)
 * @param attributes the respondent attribute columns, in order (give them to
 *     {@code CsvExporter.writeCodebook(keys, out)} and {@code CsvExporter.columnMapping(keys)})
 */
public record ExportSummary(long responses, long rows, List<String> attributes) {
    /**
     * Copies the list.
     *
     * @param responses responses
     * @param rows rows
     * @param attributes attribute columns
     */
    public ExportSummary {
        attributes = List.copyOf(attributes);
        if (responses < 0 || rows < 0) {
            throw new IllegalArgumentException("responses " + responses + " and rows " + rows + " must be >= 0");
        }
    }
}
