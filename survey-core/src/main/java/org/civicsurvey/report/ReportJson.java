package org.civicsurvey.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.civicsurvey.stats.Exclusions;

/**
 * Writes a {@link Report} as JSON with a stable, documented field order (docs/reports.md):
 * {@code format, method, instrument{id, version}, language, title, minimumRespondents, notes,
 * labels, tables[{id, title, chart, groupings, cells[{groups, item, category, measure, value,
 * standardError, lower, upper, n, excluded{dontKnow, notApplicable, refused, missing, hidden},
 * suppressed}]}]}. Undefined, suppressed and infinite numbers are {@code null}; a suppressed
 * cell has {@code n} and every excluded count {@code null}. Numbers use Java's shortest
 * round-trip form, so a value reads back exactly.
 */
public final class ReportJson {
    /** The value of the {@code format} field. */
    public static final String FORMAT = "civicsurvey-report/1";

    private ReportJson() {
    }

    /**
     * @param report the report
     * @return the JSON text (indented, {@code \n} line ends)
     */
    public static String write(Report report) {
        StringBuilder b = new StringBuilder(4096);
        write(report, b);
        return b.toString();
    }

    /**
     * @param report the report
     * @param out where to write
     * @throws UncheckedIOException when the appendable fails
     */
    public static void write(Report report, Appendable out) {
        try {
            out.append("{\n  \"format\": ").append(str(FORMAT));
            out.append(",\n  \"method\": ").append(str(report.method()));
            out.append(",\n  \"instrument\": {\"id\": ").append(str(report.instrumentId())).append(", \"version\": ")
                .append(str(report.instrumentVersion())).append('}');
            out.append(",\n  \"language\": ").append(str(report.language()));
            out.append(",\n  \"title\": ").append(str(report.title()));
            out.append(",\n  \"minimumRespondents\": ").append(Integer.toString(report.minimumRespondents()));
            out.append(",\n  \"notes\": [");
            List<String> notes = report.notes();
            for (int i = 0; i < notes.size(); i++) {
                out.append(i == 0 ? "" : ", ").append(str(notes.get(i)));
            }
            out.append("],\n  \"labels\": {");
            boolean first = true;
            for (Map.Entry<String, String> e : report.labels().entrySet()) {
                out.append(first ? "\n    " : ",\n    ").append(str(e.getKey())).append(": ").append(str(e.getValue()));
                first = false;
            }
            out.append(first ? "}" : "\n  }").append(",\n  \"tables\": [");
            for (int t = 0; t < report.tables().size(); t++) {
                ReportTable table = report.tables().get(t);
                out.append(t == 0 ? "\n    {" : ",\n    {");
                out.append("\"id\": ").append(str(table.id())).append(", \"title\": ").append(str(table.title()))
                    .append(", \"chart\": ").append(str(table.chart().name())).append(", \"groupings\": [");
                for (int g = 0; g < table.groupings().size(); g++) {
                    out.append(g == 0 ? "" : ", ").append(str(table.groupings().get(g)));
                }
                out.append("],\n     \"cells\": [");
                for (int c = 0; c < table.cells().size(); c++) {
                    out.append(c == 0 ? "\n      " : ",\n      ");
                    cell(table.cells().get(c), out);
                }
                out.append(table.cells().isEmpty() ? "]}" : "\n     ]}");
            }
            out.append(report.tables().isEmpty() ? "]\n}\n" : "\n  ]\n}\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void cell(ReportCell c, Appendable out) throws IOException {
        out.append("{\"groups\": {");
        for (int g = 0; g < c.groups().size(); g++) {
            GroupKey k = c.groups().get(g);
            out.append(g == 0 ? "" : ", ").append(str(k.name())).append(": ").append(str(k.level()));
        }
        out.append("}, \"item\": ").append(str(c.item())).append(", \"category\": ").append(str(c.category()))
            .append(", \"measure\": ").append(str(c.measure()))
            .append(", \"value\": ").append(num(c.value()))
            .append(", \"standardError\": ").append(num(c.standardError()))
            .append(", \"lower\": ").append(num(c.lower()))
            .append(", \"upper\": ").append(num(c.upper()));
        if (c.suppressed()) {
            out.append(", \"n\": null, \"excluded\": null, \"suppressed\": true}");
            return;
        }
        Exclusions x = c.excluded();
        out.append(", \"n\": ").append(Long.toString(c.n()))
            .append(", \"excluded\": {\"dontKnow\": ").append(Long.toString(x.dontKnow()))
            .append(", \"notApplicable\": ").append(Long.toString(x.notApplicable()))
            .append(", \"refused\": ").append(Long.toString(x.refused()))
            .append(", \"missing\": ").append(Long.toString(x.missing()))
            .append(", \"hidden\": ").append(Long.toString(x.hidden()))
            .append("}, \"suppressed\": false}");
    }

    static String num(double d) {
        return Double.isFinite(d) ? Double.toString(d) : "null";
    }

    static String str(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"':
                    b.append("\\\"");
                    break;
                case '\\':
                    b.append("\\\\");
                    break;
                case '\n':
                    b.append("\\n");
                    break;
                case '\r':
                    b.append("\\r");
                    break;
                case '\t':
                    b.append("\\t");
                    break;
                default:
                    if (ch < 0x20 || ch == '\u2028' || ch == '\u2029') {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
            }
        }
        return b.append('"').toString();
    }
}
