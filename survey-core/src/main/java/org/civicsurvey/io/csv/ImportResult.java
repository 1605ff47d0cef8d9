package org.civicsurvey.io.csv;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What an import did: rows read, imported and rejected, the rejected rows by reason, the errors
 * (every problem of every rejected row, up to the error limit), the repeated ids, how the header
 * matched.
 *
 * @param rowsRead data rows read (blank lines are not rows)
 * @param imported rows turned into valid responses and passed on
 * @param rejected rows left out ({@code imported + rejected == rowsRead})
 * @param errors the problems, in row order (at most the importer's error limit)
 * @param errorsTruncated whether more problems were found than listed
 * @param header how the header matched (unknown columns that were ignored, missing ones that were allowed)
 * @param rejections rejected rows by reason; a row with problems of two kinds counts under both
 * @param duplicateIds ids found on more than one row, in order of first row (at most the error limit)
 */
public record ImportResult(long rowsRead, long imported, long rejected, List<RowError> errors, boolean errorsTruncated,
                           HeaderReport header, Map<RejectReason, Rejections> rejections, List<DuplicateId> duplicateIds) {
    /**
     * Validates the counts and copies the collections.
     *
     * @param rowsRead rows read
     * @param imported imported
     * @param rejected rejected
     * @param errors errors
     * @param errorsTruncated truncated flag
     * @param header header report
     * @param rejections rejected rows by reason
     * @param duplicateIds repeated ids
     */
    public ImportResult {
        errors = List.copyOf(errors);
        Objects.requireNonNull(header, "header");
        EnumMap<RejectReason, Rejections> byReason = new EnumMap<>(RejectReason.class);
        byReason.putAll(rejections);
        rejections = Collections.unmodifiableMap(byReason);
        duplicateIds = List.copyOf(duplicateIds);
        if (imported < 0 || rejected < 0 || imported + rejected != rowsRead) {
            throw new IllegalArgumentException("imported " + imported + " + rejected " + rejected + " != rows " + rowsRead);
        }
        for (Map.Entry<RejectReason, Rejections> e : byReason.entrySet()) {
            if (e.getValue().rows() > rejected) {
                throw new IllegalArgumentException(e.getValue().rows() + " rows rejected for " + e.getKey() + " of "
                    + rejected + " rejected");
            }
        }
    }

    /** @return the headers that were ignored (unknown columns allowed by {@link ColumnCheck#IGNORE}) */
    public List<String> ignoredColumns() {
        List<String> out = new ArrayList<>();
        for (ColumnIssue c : header.unknown()) {
            out.add(c.column());
        }
        return out;
    }

    /**
     * A summary for a person, such as {@code read 1200 rows: 1180 imported, 20 rejected (12 invalid
     * answer: rows 3, 8, 17, …; 8 duplicate id: rows 40, 41, …)}.
     *
     * @return one line
     */
    public String summary() {
        StringBuilder sb = new StringBuilder("read ").append(rowsRead).append(" rows: ").append(imported).append(" imported, ")
            .append(rejected).append(" rejected");
        if (!rejections.isEmpty()) {
            sb.append(" (");
            boolean first = true;
            for (Map.Entry<RejectReason, Rejections> e : rejections.entrySet()) {
                sb.append(first ? "" : "; ").append(e.getValue().rows()).append(' ')
                    .append(e.getKey().name().toLowerCase(Locale.ROOT).replace('_', ' ')).append(": rows ");
                List<Long> rows = e.getValue().firstRows();
                for (int i = 0; i < Math.min(rows.size(), 10); i++) {
                    sb.append(i == 0 ? "" : ", ").append(rows.get(i));
                }
                if (e.getValue().rows() > 10) {
                    sb.append(", …");
                }
                first = false;
            }
            sb.append(')');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return summary() + (errors.isEmpty() ? "" : "; first: " + errors.get(0));
    }
}
