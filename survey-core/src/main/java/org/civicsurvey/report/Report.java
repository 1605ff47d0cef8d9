package org.civicsurvey.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A method's whole output as data: tables of {@link ReportCell}s plus the labels that name their
 * items, groups and categories in the report's language. Written by {@link ReportJson},
 * {@link TidyCsv} and {@code org.civicsurvey.report.html.HtmlReport}.
 *
 * @param method the method, e.g. {@code SIPAS}, {@code A-11}, {@code SDG 16.6.2}, {@code ACSI}
 * @param instrumentId the instrument's id
 * @param instrumentVersion the instrument's version
 * @param language the BCP-47 tag of the labels and titles
 * @param title the report's title
 * @param minimumRespondents the suppression threshold used (0 when nothing is suppressed)
 * @param labels id → label (items, dimensions, grouping names, levels, categories), in insertion order
 * @param tables the tables
 * @param notes notes for readers (method, suppression, exclusions), in the report's language
 */
public record Report(String method, String instrumentId, String instrumentVersion, String language, String title,
                     int minimumRespondents, Map<String, String> labels, List<ReportTable> tables, List<String> notes) {
    /**
     * Validates and copies (labels keep their order).
     *
     * @param method method
     * @param instrumentId instrument id
     * @param instrumentVersion version
     * @param language language tag
     * @param title title
     * @param minimumRespondents threshold, {@code >= 0}
     * @param labels labels
     * @param tables tables
     * @param notes notes
     */
    public Report {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(instrumentId, "instrumentId");
        Objects.requireNonNull(instrumentVersion, "instrumentVersion");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(title, "title");
        if (minimumRespondents < 0) {
            throw new IllegalArgumentException("minimumRespondents is " + minimumRespondents + "; must be >= 0");
        }
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        tables = List.copyOf(tables);
        notes = List.copyOf(notes);
    }

    /**
     * @param id a table id
     * @return the table
     */
    public Optional<ReportTable> table(String id) {
        return tables.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    /**
     * @param id a table id
     * @return the table
     * @throws IllegalArgumentException when there is none
     */
    public ReportTable requireTable(String id) {
        return table(id).orElseThrow(() -> new IllegalArgumentException("report has no table " + id + "; tables: "
            + tables.stream().map(ReportTable::id).toList()));
    }

    /**
     * @param id an item, group level or category id
     * @return its label, or the id itself when there is none
     */
    public String label(String id) {
        return labels.getOrDefault(id, id);
    }
}
