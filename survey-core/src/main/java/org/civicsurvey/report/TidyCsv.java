package org.civicsurvey.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.civicsurvey.stats.Exclusions;

/**
 * Writes a {@link Report} as one tidy CSV (RFC 4180, {@code \r\n} line ends, UTF-8 text): one
 * estimate per row. Columns: {@code table}, one column per grouping of any table (in order of first
 * appearance; {@code *} = all levels; empty when the table has no such grouping), {@code item},
 * {@code item_label}, {@code category}, {@code measure}, {@code value}, {@code se}, {@code lower},
 * {@code upper}, {@code n}, {@code n_dont_know}, {@code n_not_applicable}, {@code n_refused},
 * {@code n_missing}, {@code n_hidden}, {@code suppressed} ({@code true}/{@code false}). Missing
 * numbers (undefined, not applicable, suppressed) are empty fields, which R's {@code read.csv} and
 * pandas read as NA; a suppressed row has every number empty.
 */
public final class TidyCsv {
    private TidyCsv() {
    }

    /**
     * @param report the report
     * @return the CSV text
     */
    public static String write(Report report) {
        StringBuilder b = new StringBuilder(8192);
        write(report, b);
        return b.toString();
    }

    /**
     * @param report the report
     * @param out where to write
     * @throws UncheckedIOException when the appendable fails
     */
    public static void write(Report report, Appendable out) {
        Set<String> groupings = new LinkedHashSet<>();
        report.tables().forEach(t -> groupings.addAll(t.groupings()));
        List<String> header = new ArrayList<>();
        header.add("table");
        header.addAll(groupings);
        header.addAll(List.of("item", "item_label", "category", "measure", "value", "se", "lower", "upper", "n",
            "n_dont_know", "n_not_applicable", "n_refused", "n_missing", "n_hidden", "suppressed"));
        try {
            line(header, out);
            List<String> row = new ArrayList<>(header.size());
            for (ReportTable t : report.tables()) {
                for (ReportCell c : t.cells()) {
                    row.clear();
                    row.add(t.id());
                    for (String g : groupings) {
                        String level = c.level(g);
                        row.add(level == null ? "" : level);
                    }
                    row.add(c.item());
                    row.add(report.label(c.item()));
                    row.add(c.category());
                    row.add(c.measure());
                    row.add(num(c.value()));
                    row.add(num(c.standardError()));
                    row.add(num(c.lower()));
                    row.add(num(c.upper()));
                    if (c.suppressed()) {
                        for (int i = 0; i < 6; i++) {
                            row.add("");
                        }
                    } else {
                        Exclusions x = c.excluded();
                        row.add(Long.toString(c.n()));
                        row.add(Long.toString(x.dontKnow()));
                        row.add(Long.toString(x.notApplicable()));
                        row.add(Long.toString(x.refused()));
                        row.add(Long.toString(x.missing()));
                        row.add(Long.toString(x.hidden()));
                    }
                    row.add(Boolean.toString(c.suppressed()));
                    line(row, out);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String num(double d) {
        if (Double.isNaN(d)) {
            return "";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Inf" : "-Inf";
        }
        return Double.toString(d);
    }

    static void line(List<String> fields, Appendable out) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(quote(fields.get(i)));
        }
        out.append("\r\n");
    }

    /**
     * Quotes a field when needed (comma, quote, line break, or a leading {@code = + - @} that
     * spreadsheets would run as a formula — such a field is prefixed with {@code '}).
     *
     * @param s a field
     * @return the CSV form
     */
    static String quote(String s) {
        String v = s;
        if (!v.isEmpty() && "=+@".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
