package org.civicsurvey.report;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * One table of a report: an id, a title in the report's language, how to draw it, the names of
 * its groupings and its cells.
 *
 * @param id stable id, e.g. {@code sipas.scores}
 * @param title title in the report's language
 * @param chart how the HTML writer draws it
 * @param groupings grouping names, in the order of every cell's group keys
 * @param cells the cells
 */
public record ReportTable(String id, String title, ChartKind chart, List<String> groupings, List<ReportCell> cells) {
    /**
     * Validates: every cell has exactly the table's groupings, in order.
     *
     * @param id id
     * @param title title
     * @param chart chart kind
     * @param groupings grouping names
     * @param cells cells
     */
    public ReportTable {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(chart, "chart");
        groupings = List.copyOf(groupings);
        cells = List.copyOf(cells);
        for (ReportCell c : cells) {
            if (c.groups().size() != groupings.size()) {
                throw new IllegalArgumentException("table " + id + ": a cell has groups " + c.groups() + "; the table has "
                    + groupings);
            }
            for (int g = 0; g < groupings.size(); g++) {
                if (!c.groups().get(g).name().equals(groupings.get(g))) {
                    throw new IllegalArgumentException("table " + id + ": a cell has groups " + c.groups()
                        + "; the table has " + groupings);
                }
            }
        }
    }

    /**
     * @param filter which cells
     * @return the matching cells, in table order
     */
    public List<ReportCell> cells(Predicate<ReportCell> filter) {
        return cells.stream().filter(filter).toList();
    }

    /** @return the number of suppressed cells */
    public long suppressedCount() {
        return cells.stream().filter(ReportCell::suppressed).count();
    }
}
