package org.civicsurvey.report.html;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.civicsurvey.report.ChartKind;
import org.civicsurvey.report.GroupKey;
import org.civicsurvey.report.Report;
import org.civicsurvey.report.ReportCell;
import org.civicsurvey.report.ReportTable;
import org.civicsurvey.report.ReportText;
import org.civicsurvey.stats.Exclusions;

/**
 * Writes a {@link Report} as one self-contained HTML page: inline CSS and SVG, no external scripts,
 * fonts or images. Each table gets its chart ({@link ChartKind}: bars with interval whiskers, ranked
 * groups, a trend line with its interval band, an importance–performance scatter) and the same
 * numbers as an HTML table (the accessible fallback). Charts have {@code role="img"}, a
 * {@code <title>} and a {@code <desc>}; the page has a viewport meta and a one-column layout that
 * fits a 360 px wide phone. A table of one measure over answer categories (a distribution, the A-11
 * counts) is printed wide, one column per category (its intervals are in the JSON and CSV). Labels are the report's (the instrument's localized texts); numbers use
 * a decimal comma in Vietnamese. A suppressed cell is drawn as "—" with its flag, never as zero.
 *
 * <p>One inline script, at the end, counts the rendered charts into the {@code data-charts}
 * attribute of {@code <body>} (so a headless browser can tell the page ran without script errors).
 */
public final class HtmlReport {
    private static final int WIDTH = 360;

    private HtmlReport() {
    }

    /**
     * @param report the report
     * @return the page
     */
    public static String render(Report report) {
        StringBuilder b = new StringBuilder(64 * 1024);
        write(report, b);
        return b.toString();
    }

    /**
     * @param report the report
     * @param out where to write
     * @throws UncheckedIOException when the appendable fails
     */
    public static void write(Report report, Appendable out) {
        Objects.requireNonNull(report, "report");
        try {
            new Writer(report, out).page();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The chart of one table as an SVG {@code <figure>}, drawn exactly as {@link #render(Report)} draws
     * it (bars with interval whiskers, a ranking, a trend line with its band or an importance–performance
     * scatter, as the table's {@link ChartKind} says), for a page that embeds charts in its own layout.
     * Labels come from the report ({@link Report#label(String)}) in its language; suppressed cells are
     * drawn as "—". The table need not be one of the report's: a subset of its cells (say, the
     * elements of a score table) draws as a chart of its own. The classes the SVG uses are styled by
     * {@link #css()}.
     *
     * @param report the report whose labels and language the chart uses
     * @param table the table to draw
     * @return the figure, or an empty string when the table's kind has no chart or no cells to draw
     */
    public static String chart(Report report, ReportTable table) {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(table, "table");
        StringBuilder b = new StringBuilder(8 * 1024);
        try {
            new Writer(report, b).chart("t-" + table.id().replaceAll("[^A-Za-z0-9_-]", "-"), table);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not throw
        }
        return b.toString();
    }

    /**
     * The style sheet of the report's page, which also styles the figures of {@link #chart(Report, ReportTable)}.
     *
     * @return the CSS
     */
    public static String css() {
        return CSS;
    }

    private static final class Writer {
        private final Report r;
        private final Appendable out;
        private final String lang;
        private int charts;

        Writer(Report r, Appendable out) {
            this.r = r;
            this.out = out;
            this.lang = r.language();
        }

        private String t(String key) {
            return ReportText.get(lang, key);
        }

        void page() throws IOException {
            out.append("<!DOCTYPE html>\n<html lang=\"").append(esc(lang)).append("\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
                .append(esc(r.title())).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n<main>\n")
                .append("<h1>").append(esc(r.title())).append("</h1>\n<p class=\"meta\">").append(esc(r.method()))
                .append(" · ").append(esc(r.instrumentId())).append(' ').append(esc(r.instrumentVersion())).append("</p>\n");
            for (ReportTable table : r.tables()) {
                section(table);
            }
            out.append("<section class=\"notes\"><h2>").append(esc(t("ui.notes"))).append("</h2><ul>\n");
            for (String n : r.notes()) {
                out.append("<li>").append(esc(n)).append("</li>\n");
            }
            out.append("</ul></section>\n</main>\n<script>\n")
                .append("document.body.setAttribute('data-charts', String(document.querySelectorAll('svg[data-chart]').length));\n")
                .append("</script>\n</body>\n</html>\n");
        }

        void section(ReportTable table) throws IOException {
            String id = "t-" + table.id().replaceAll("[^A-Za-z0-9_-]", "-");
            out.append("<section id=\"").append(id).append("\">\n<h2>").append(esc(table.title())).append("</h2>\n");
            chart(id, table);
            dataTable(table);
            out.append("</section>\n");
        }

        void chart(String id, ReportTable table) throws IOException {
            switch (table.chart()) {
                case BARS:
                    bars(id, table, barCells(table));
                    break;
                case RANKING:
                    bars(id, table, table.cells(c -> c.measure().equals("percent_positive")));
                    break;
                case TREND:
                    trend(id, table);
                    break;
                case SCATTER:
                    scatter(id, table);
                    break;
                default:
                    break;
            }
        }

        private List<ReportCell> barCells(ReportTable table) {
            List<ReportCell> overall = table.cells(c -> c.isOverall() && (c.measure().equals("percent_positive")
                || c.measure().equals("score") || c.measure().equals("percent")) && c.category().isEmpty());
            if (overall.isEmpty()) {
                overall = table.cells(c -> c.isOverall() && c.measure().equals("percent"));
            }
            return overall;
        }

        private String label(ReportCell c) {
            if (c.groups().stream().allMatch(GroupKey::isAll)) {
                String l = r.label(c.item());
                return c.category().isEmpty() ? l : l + " · " + r.label(c.item() + "=" + c.category());
            }
            List<String> parts = new ArrayList<>();
            for (GroupKey k : c.groups()) {
                if (!k.isAll()) {
                    parts.add(r.label(k.name() + "=" + k.level()));
                }
            }
            return String.join(" · ", parts);
        }

        void bars(String id, ReportTable table, List<ReportCell> cells) throws IOException {
            if (cells.isEmpty()) {
                return;
            }
            double max = 100;
            for (ReportCell c : cells) {
                if (Double.isFinite(c.upper())) {
                    max = Math.max(max, c.upper());
                } else if (Double.isFinite(c.value())) {
                    max = Math.max(max, c.value());
                }
            }
            int left = 8;
            int plot = WIDTH - left - 52;
            int rowH = 40;
            int h = cells.size() * rowH + 24;
            open(id, table, h, table.chart() == ChartKind.RANKING ? "ranking" : "bars", describe(cells));
            for (int i = 0; i < cells.size(); i++) {
                ReportCell c = cells.get(i);
                int y = i * rowH + 4;
                String name = label(c);
                if (table.chart() == ChartKind.RANKING) {
                    ReportCell rank = rankOf(table, c);
                    if (rank != null && !Double.isNaN(rank.value())) {
                        name = fmt0(rank.value()) + ". " + name + " (" + fmt0(rank.lower()) + "–" + fmt0(rank.upper()) + ")";
                    }
                }
                out.append("<g><title>").append(esc(name)).append(": ").append(esc(valueText(c))).append("</title>");
                out.append("<text x=\"").append(Integer.toString(left)).append("\" y=\"").append(Integer.toString(y + 12))
                    .append("\" class=\"lab\">").append(esc(shorten(name, 52))).append("</text>");
                out.append("<rect x=\"").append(Integer.toString(left)).append("\" y=\"").append(Integer.toString(y + 18))
                    .append("\" width=\"").append(Integer.toString(plot)).append("\" height=\"14\" class=\"track\"/>");
                if (c.suppressed() || Double.isNaN(c.value())) {
                    out.append("<text x=\"").append(Integer.toString(left + 4)).append("\" y=\"").append(Integer.toString(y + 30))
                        .append("\" class=\"na\">— ").append(esc(c.suppressed() ? t("ui.suppressed") : "")).append("</text>");
                } else {
                    double w = Math.max(0, c.value()) / max * plot;
                    out.append("<rect x=\"").append(Integer.toString(left)).append("\" y=\"").append(Integer.toString(y + 18))
                        .append("\" width=\"").append(f(w)).append("\" height=\"14\" class=\"bar\"/>");
                    if (Double.isFinite(c.lower()) && Double.isFinite(c.upper())) {
                        double x1 = left + Math.max(0, c.lower()) / max * plot;
                        double x2 = left + Math.min(max, c.upper()) / max * plot;
                        int yy = y + 25;
                        out.append("<path class=\"whisker\" d=\"M").append(f(x1)).append(' ').append(Integer.toString(yy))
                            .append("H").append(f(x2)).append("M").append(f(x1)).append(' ').append(Integer.toString(yy - 5))
                            .append("v10M").append(f(x2)).append(' ').append(Integer.toString(yy - 5)).append("v10\"/>");
                    }
                    out.append("<text x=\"").append(Integer.toString(left + plot + 4)).append("\" y=\"")
                        .append(Integer.toString(y + 30)).append("\" class=\"val\">").append(esc(fmt1(c.value())))
                        .append("</text>");
                }
                out.append("</g>\n");
            }
            close();
        }

        private ReportCell rankOf(ReportTable table, ReportCell c) {
            for (ReportCell x : table.cells()) {
                if (x.measure().equals("rank") && x.groups().equals(c.groups())) {
                    return x;
                }
            }
            return null;
        }

        void trend(String id, ReportTable table) throws IOException {
            List<ReportCell> cells = new ArrayList<>();
            String item = null;
            for (ReportCell c : table.cells()) {
                if (!c.isOverall() && c.measure().equals("percent_positive") && (item == null || item.equals(c.item()))) {
                    item = c.item();
                    cells.add(c);
                }
            }
            if (cells.isEmpty()) {
                return;
            }
            int left = 34;
            int top = 10;
            int plotW = WIDTH - left - 12;
            int plotH = 180;
            open(id, table, plotH + 50, "trend", r.label(item) + ": " + describe(cells));
            for (int v = 0; v <= 100; v += 25) {
                double y = top + plotH - v / 100.0 * plotH;
                out.append("<path class=\"grid\" d=\"M").append(Integer.toString(left)).append(' ').append(f(y)).append('H')
                    .append(Integer.toString(left + plotW)).append("\"/><text class=\"axis\" x=\"")
                    .append(Integer.toString(left - 4)).append("\" y=\"").append(f(y + 4)).append("\" text-anchor=\"end\">")
                    .append(Integer.toString(v)).append("</text>\n");
            }
            int k = cells.size();
            StringBuilder line = new StringBuilder();
            StringBuilder bandTop = new StringBuilder();
            StringBuilder bandBottom = new StringBuilder();
            for (int i = 0; i < k; i++) {
                ReportCell c = cells.get(i);
                double x = left + (k == 1 ? plotW / 2.0 : i * plotW / (double) (k - 1));
                if (!c.suppressed() && Double.isFinite(c.value())) {
                    double y = top + plotH - clamp(c.value()) / 100 * plotH;
                    line.append(line.length() == 0 ? "M" : "L").append(f(x)).append(' ').append(f(y));
                    if (Double.isFinite(c.lower()) && Double.isFinite(c.upper())) {
                        bandTop.append(bandTop.length() == 0 ? "M" : "L").append(f(x)).append(' ')
                            .append(f(top + plotH - clamp(c.upper()) / 100 * plotH));
                        bandBottom.insert(0, "L" + f(x) + " " + f(top + plotH - clamp(c.lower()) / 100 * plotH));
                    }
                }
            }
            if (bandTop.length() > 0) {
                out.append("<path class=\"band\" d=\"").append(bandTop).append(bandBottom).append("Z\"/>\n");
            }
            if (line.length() > 0) {
                out.append("<path class=\"line\" d=\"").append(line).append("\"/>\n");
            }
            for (int i = 0; i < k; i++) {
                ReportCell c = cells.get(i);
                double x = left + (k == 1 ? plotW / 2.0 : i * plotW / (double) (k - 1));
                String period = label(c);
                if (!c.suppressed() && Double.isFinite(c.value())) {
                    double y = top + plotH - clamp(c.value()) / 100 * plotH;
                    out.append("<circle class=\"pt\" cx=\"").append(f(x)).append("\" cy=\"").append(f(y))
                        .append("\" r=\"4\"><title>").append(esc(period + ": " + valueText(c))).append("</title></circle>");
                }
                if (i == 0 || i == k - 1 || k <= 6) {
                    out.append("<text class=\"axis\" x=\"").append(f(x)).append("\" y=\"").append(Integer.toString(top + plotH + 16))
                        .append("\" text-anchor=\"middle\">").append(esc(shorten(period, 12))).append("</text>\n");
                }
            }
            close();
        }

        void scatter(String id, ReportTable table) throws IOException {
            List<ReportCell> impacts = table.cells(c -> c.measure().equals("impact"));
            if (impacts.isEmpty()) {
                return;
            }
            double maxX = 0;
            double minY = 100;
            double maxY = 0;
            double sumX = 0;
            double sumY = 0;
            int n = 0;
            List<double[]> pts = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (ReportCell c : impacts) {
                ReportCell s = table.cells(x -> x.measure().equals("score") && x.item().equals(c.item())).stream().findFirst()
                    .orElse(null);
                if (s == null || c.suppressed() || s.suppressed() || !Double.isFinite(c.value()) || !Double.isFinite(s.value())) {
                    continue;
                }
                pts.add(new double[] {c.value(), s.value()});
                names.add(r.label(c.item()));
                maxX = Math.max(maxX, c.value());
                minY = Math.min(minY, s.value());
                maxY = Math.max(maxY, s.value());
                sumX += c.value();
                sumY += s.value();
                n++;
            }
            int left = 34;
            int top = 10;
            int plotW = WIDTH - left - 12;
            int plotH = 220;
            open(id, table, plotH + 50, "scatter", describeScatter(names, pts));
            if (n == 0) {
                close();
                return;
            }
            double xMax = maxX <= 0 ? 1 : maxX * 1.15;
            double y0 = Math.max(0, Math.floor((minY - 5) / 5) * 5);
            double y1 = Math.min(100, Math.ceil((maxY + 5) / 5) * 5);
            double mx = left + sumX / n / xMax * plotW;
            double my = top + plotH - (clamp(sumY / n) - y0) / (y1 - y0) * plotH;
            out.append("<rect class=\"frame\" x=\"").append(Integer.toString(left)).append("\" y=\"").append(Integer.toString(top))
                .append("\" width=\"").append(Integer.toString(plotW)).append("\" height=\"").append(Integer.toString(plotH))
                .append("\"/>");
            out.append("<path class=\"cross\" d=\"M").append(f(mx)).append(' ').append(Integer.toString(top)).append('V')
                .append(Integer.toString(top + plotH)).append('M').append(Integer.toString(left)).append(' ').append(f(my))
                .append('H').append(Integer.toString(left + plotW)).append("\"/>\n");
            for (int i = 0; i < pts.size(); i++) {
                double x = left + pts.get(i)[0] / xMax * plotW;
                double y = top + plotH - (clamp(pts.get(i)[1]) - y0) / (y1 - y0) * plotH;
                out.append("<g><title>").append(esc(names.get(i) + ": " + t("impact") + " " + fmt1(pts.get(i)[0]) + ", "
                    + t("score") + " " + fmt1(pts.get(i)[1]))).append("</title><circle class=\"pt\" cx=\"").append(f(x))
                    .append("\" cy=\"").append(f(y)).append("\" r=\"5\"/><text class=\"lab\" x=\"")
                    .append(f(x > left + plotW * 0.6 ? x - 7 : x + 7)).append("\" y=\"").append(f(y - 6))
                    .append(x > left + plotW * 0.6 ? "\" text-anchor=\"end\">" : "\">").append(esc(shorten(names.get(i), 18)))
                    .append("</text></g>\n");
            }
            out.append("<text class=\"axis\" x=\"").append(Integer.toString(left + plotW / 2)).append("\" y=\"")
                .append(Integer.toString(top + plotH + 18)).append("\" text-anchor=\"middle\">").append(esc(t("impact")))
                .append(" →</text><text class=\"axis\" x=\"").append(Integer.toString(left - 6)).append("\" y=\"")
                .append(Integer.toString(top + 12)).append("\" text-anchor=\"end\">").append(fmt0(y1)).append("</text><text class=\"axis\" x=\"")
                .append(Integer.toString(left - 6)).append("\" y=\"").append(Integer.toString(top + plotH))
                .append("\" text-anchor=\"end\">").append(fmt0(y0)).append("</text><text class=\"axis\" x=\"")
                .append(Integer.toString(left)).append("\" y=\"").append(Integer.toString(top + plotH + 18)).append("\">0</text>")
                .append("<text class=\"axis\" x=\"").append(Integer.toString(left + plotW)).append("\" y=\"")
                .append(Integer.toString(top + plotH + 18)).append("\" text-anchor=\"end\">").append(fmt1(xMax))
                .append("</text><text class=\"axis\" transform=\"rotate(-90)\" x=\"").append(Integer.toString(-(top + plotH / 2)))
                .append("\" y=\"10\" text-anchor=\"middle\">").append(esc(t("score"))).append("</text>\n");
            close();
        }

        private void open(String id, ReportTable table, int height, String kind, String desc) throws IOException {
            charts++;
            String tid = id + "-title";
            String did = id + "-desc";
            out.append("<figure><svg data-chart=\"").append(kind).append("\" role=\"img\" aria-labelledby=\"").append(tid)
                .append(' ').append(did).append("\" viewBox=\"0 0 ").append(Integer.toString(WIDTH)).append(' ')
                .append(Integer.toString(height)).append("\" width=\"100%\" xmlns=\"http://www.w3.org/2000/svg\">\n<title id=\"")
                .append(tid).append("\">").append(esc(table.title())).append("</title>\n<desc id=\"").append(did).append("\">")
                .append(esc(desc)).append("</desc>\n");
        }

        private void close() throws IOException {
            out.append("</svg></figure>\n");
        }

        private String describe(List<ReportCell> cells) {
            List<String> parts = new ArrayList<>();
            for (ReportCell c : cells) {
                parts.add(label(c) + " " + valueText(c));
            }
            return shorten(String.join("; ", parts), 2000);
        }

        private String describeScatter(List<String> names, List<double[]> pts) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                parts.add(names.get(i) + " " + t("impact") + " " + fmt1(pts.get(i)[0]) + ", " + t("score") + " "
                    + fmt1(pts.get(i)[1]));
            }
            return String.join("; ", parts);
        }

        private String valueText(ReportCell c) {
            if (c.suppressed()) {
                return t("ui.suppressed");
            }
            if (Double.isNaN(c.value())) {
                return "—";
            }
            String s = fmt1(c.value());
            if (Double.isFinite(c.lower()) && Double.isFinite(c.upper()) && !c.measure().equals("rank")) {
                s += " [" + fmt1(c.lower()) + "; " + fmt1(c.upper()) + "]";
            }
            return s;
        }

        /**
         * A table whose cells are one measure over the categories of each item (a distribution, the A-11
         * counts) is printed wide: one row per group and item, one column per category.
         */
        private boolean pivot(ReportTable table) throws IOException {
            if (table.cells().isEmpty() || table.cells().stream().anyMatch(c -> c.category().isEmpty())
                || table.cells().stream().map(ReportCell::measure).distinct().count() != 1) {
                return false;
            }
            java.util.LinkedHashMap<String, List<ReportCell>> rows = new java.util.LinkedHashMap<>();
            java.util.LinkedHashSet<String> cats = new java.util.LinkedHashSet<>();
            for (ReportCell c : table.cells()) {
                StringBuilder k = new StringBuilder();
                c.groups().forEach(g -> k.append(g.level()).append('\u0000'));
                rows.computeIfAbsent(k.append(c.item()).toString(), x -> new ArrayList<>()).add(c);
                cats.add(c.category());
            }
            List<String> shown = shownGroupings(table);
            String measure = table.cells().get(0).measure();
            String firstItem = table.cells().get(0).item();
            out.append("<details open><summary>").append(esc(table.title())).append(" — ")
                .append(esc(r.label("measure:" + measure))).append("</summary><div class=\"scroll\"><table>\n<thead><tr>");
            for (String g : shown) {
                out.append("<th scope=\"col\">").append(esc(r.label(g))).append("</th>");
            }
            out.append("<th scope=\"col\">").append(esc(t("ui.item"))).append("</th>");
            for (String cat : cats) {
                String l = r.label(firstItem + "#" + cat);
                out.append("<th scope=\"col\" title=\"").append(esc(l)).append("\">").append(esc(cat)).append("</th>");
            }
            out.append("<th scope=\"col\">n</th><th scope=\"col\"><abbr title=\"").append(esc(t("ui.excluded")))
                .append("\">DK/NA/R/M/H</abbr></th></tr></thead>\n<tbody>\n");
            for (List<ReportCell> row : rows.values()) {
                ReportCell first = row.get(0);
                out.append("<tr>");
                for (String g : shown) {
                    String level = first.level(g);
                    out.append("<td>").append(esc("*".equals(level) ? t("ui.all") : r.label(g + "=" + level))).append("</td>");
                }
                out.append("<th scope=\"row\">").append(esc(r.label(first.item()))).append("</th>");
                boolean suppressed = row.stream().anyMatch(ReportCell::suppressed);
                if (suppressed) {
                    out.append("<td class=\"sup\" colspan=\"").append(Integer.toString(cats.size() + 2)).append("\"><abbr title=\"")
                        .append(esc(t("ui.suppressed"))).append("\">—</abbr> ").append(esc(t("ui.suppressed"))).append("</td>");
                } else {
                    for (String cat : cats) {
                        ReportCell c = row.stream().filter(x -> x.category().equals(cat)).findFirst().orElse(null);
                        out.append("<td class=\"num\">").append(c == null || Double.isNaN(c.value()) ? "—"
                            : esc(measure.equals("count") ? fmt0(c.value()) : fmt1(c.value()))).append("</td>");
                    }
                    Exclusions x = first.excluded();
                    out.append("<td class=\"num\">").append(Long.toString(first.n())).append("</td><td class=\"num\">")
                        .append(x.dontKnow() + "/" + x.notApplicable() + "/" + x.refused() + "/" + x.missing() + "/" + x.hidden())
                        .append("</td>");
                }
                out.append("</tr>\n");
            }
            out.append("</tbody></table></div></details>\n");
            return true;
        }

        private List<String> shownGroupings(ReportTable table) {
            List<String> shown = new ArrayList<>();
            for (String g : table.groupings()) {
                if (table.cells().stream().anyMatch(c -> !"*".equals(c.level(g)))) {
                    shown.add(g);
                }
            }
            return shown;
        }

        void dataTable(ReportTable table) throws IOException {
            if (pivot(table)) {
                return;
            }
            List<String> shown = new ArrayList<>();
            for (String g : table.groupings()) {
                if (table.cells().stream().anyMatch(c -> !"*".equals(c.level(g)))) {
                    shown.add(g);
                }
            }
            boolean categories = table.cells().stream().anyMatch(c -> !c.category().isEmpty());
            out.append("<details").append(table.chart() == ChartKind.TABLE ? " open" : "").append("><summary>")
                .append(esc(table.title())).append("</summary><div class=\"scroll\"><table>\n<thead><tr>");
            for (String g : shown) {
                out.append("<th scope=\"col\">").append(esc(r.label(g))).append("</th>");
            }
            out.append("<th scope=\"col\">").append(esc(t("ui.item"))).append("</th>");
            if (categories) {
                out.append("<th scope=\"col\">").append(esc(t("ui.category"))).append("</th>");
            }
            out.append("<th scope=\"col\">").append(esc(t("ui.measure"))).append("</th><th scope=\"col\">")
                .append(esc(t("ui.value"))).append("</th><th scope=\"col\">").append(esc(t("ui.interval")))
                .append("</th><th scope=\"col\">n</th><th scope=\"col\"><abbr title=\"").append(esc(t("ui.excluded")))
                .append("\">DK/NA/R/M/H</abbr></th></tr></thead>\n<tbody>\n");
            for (ReportCell c : table.cells()) {
                out.append("<tr>");
                for (String g : shown) {
                    String level = c.level(g);
                    out.append("<td>").append(esc("*".equals(level) ? t("ui.all") : r.label(g + "=" + level))).append("</td>");
                }
                out.append("<th scope=\"row\">").append(esc(r.label(c.item()))).append("</th>");
                if (categories) {
                    String cat = c.category();
                    out.append("<td>").append(esc(cat.isEmpty() ? "" : r.label(c.item() + "#" + cat).equals(c.item() + "#" + cat)
                        ? r.label(c.item() + "=" + cat) : r.label(c.item() + "#" + cat))).append("</td>");
                }
                out.append("<td>").append(esc(r.label("measure:" + c.measure()))).append("</td>");
                if (c.suppressed()) {
                    out.append("<td class=\"sup\" colspan=\"4\"><abbr title=\"").append(esc(t("ui.suppressed")))
                        .append("\">—</abbr> ").append(esc(t("ui.suppressed"))).append("</td>");
                } else {
                    boolean integer = c.measure().equals("count") || c.measure().equals("rank");
                    out.append("<td class=\"num\">").append(esc(Double.isNaN(c.value()) ? "—"
                        : c.measure().equals("p_value") ? fmt(c.value(), 4) : integer ? fmt0(c.value()) : fmt1(c.value())))
                        .append("</td><td class=\"num\">");
                    if (Double.isFinite(c.lower()) && Double.isFinite(c.upper())) {
                        out.append(esc(integer ? fmt0(c.lower()) + "–" + fmt0(c.upper())
                            : fmt1(c.lower()) + " – " + fmt1(c.upper())));
                    }
                    Exclusions x = c.excluded();
                    out.append("</td><td class=\"num\">").append(Long.toString(c.n())).append("</td><td class=\"num\">")
                        .append(x.dontKnow() + "/" + x.notApplicable() + "/" + x.refused() + "/" + x.missing() + "/" + x.hidden())
                        .append("</td>");
                }
                out.append("</tr>\n");
            }
            out.append("</tbody></table></div></details>\n");
        }

        private String fmt1(double v) {
            return fmt(v, 1);
        }

        private String fmt0(double v) {
            return fmt(v, 0);
        }

        private String fmt(double v, int digits) {
            String s = String.format(Locale.ROOT, "%." + digits + "f", v);
            return lang.toLowerCase(Locale.ROOT).startsWith("vi") ? s.replace('.', ',') : s;
        }
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(100, v));
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /**
     * Escapes text for HTML and SVG content and attributes.
     *
     * @param s text
     * @return escaped text
     */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&':
                    b.append("&amp;");
                    break;
                case '<':
                    b.append("&lt;");
                    break;
                case '>':
                    b.append("&gt;");
                    break;
                case '"':
                    b.append("&quot;");
                    break;
                case '\'':
                    b.append("&#39;");
                    break;
                default:
                    b.append(c);
            }
        }
        return b.toString();
    }

    private static final String CSS = String.join("\n",
        ":root{color-scheme:light;--ink:#1d2733;--muted:#5b6775;--bar:#2f6fb1;--track:#e8edf3;--accent:#c2410c}",
        "*{box-sizing:border-box}",
        "body{margin:0;font:16px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',Arial,sans-serif;color:var(--ink);background:#fff}",
        "main{max-width:760px;margin:0 auto;padding:12px 14px 40px}",
        "h1{font-size:1.35rem;line-height:1.25;margin:.4em 0;overflow-wrap:anywhere}",
        "h2{font-size:1.1rem;margin:1.6em 0 .4em;overflow-wrap:anywhere}",
        ".meta{color:var(--muted);margin:0 0 1em;font-size:.9rem}",
        "figure{margin:0}",
        "svg{display:block;max-width:100%;height:auto}",
        "svg .lab{font-size:11px;fill:var(--ink)}",
        "svg .val,svg .axis{font-size:11px;fill:var(--muted)}",
        "svg .na{font-size:11px;fill:var(--accent)}",
        "svg .track{fill:var(--track)}",
        "svg .bar{fill:var(--bar)}",
        "svg .whisker{stroke:#0b2540;stroke-width:1.5;fill:none}",
        "svg .grid{stroke:#dde3ea;stroke-width:1}",
        "svg .line{stroke:var(--bar);stroke-width:2.5;fill:none}",
        "svg .band{fill:var(--bar);fill-opacity:.18;stroke:none}",
        "svg .pt{fill:var(--accent)}",
        "svg .frame{fill:none;stroke:#c9d2dc}",
        "svg .cross{stroke:#8a96a3;stroke-dasharray:4 3}",
        "details{margin:.6em 0}",
        "summary{cursor:pointer;color:var(--bar);font-size:.95rem}",
        ".scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}",
        "table{border-collapse:collapse;font-size:.85rem;min-width:100%}",
        "th,td{border-bottom:1px solid #e3e8ee;padding:4px 6px;text-align:left;vertical-align:top}",
        "thead th{background:#f4f6f9}",
        "td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}",
        "td.sup{color:var(--accent)}",
        ".notes{font-size:.9rem;color:var(--muted)}",
        "") + "\n";
}
