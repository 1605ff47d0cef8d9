package org.civicsurvey.examples.portal;

import java.util.List;
import java.util.Locale;
import org.civicsurvey.stats.Estimate;

/**
 * Small inline SVG charts of percentages with confidence intervals. Each chart has a
 * {@code <title>} and {@code <desc>} (read by screen readers, {@code role="img"}), and each bar or
 * point a {@code <title>} with its value, interval and valid n.
 */
final class Charts {
    private Charts() {
    }

    /**
     * A labelled value with its interval.
     *
     * @param label the label (escaped when drawn)
     * @param estimate the estimate in percent; may be undefined or null
     */
    record Bar(String label, Estimate estimate) {
    }

    /**
     * Horizontal bars on a 0..100 axis, with the interval as a whisker. Labels sit above their bars,
     * so the chart reads on a narrow screen.
     *
     * @param id the element id
     * @param title the chart title
     * @param bars the bars
     * @return the SVG
     */
    static String bars(String id, String title, List<Bar> bars) {
        int width = 360;
        int left = 8;
        int plot = width - left - 52;
        int row = 34;
        int height = 22 + row * bars.size();
        StringBuilder b = open(id, title, bars, width, height);
        for (int t = 0; t <= 100; t += 25) {
            double x = left + plot * t / 100.0;
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"12\" y2=\"%d\" class=\"grid\"/>", x, x, height - 4));
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"10\" class=\"tick\" text-anchor=\"middle\">%d</text>", x, t));
        }
        int y = 22;
        for (Bar bar : bars) {
            Estimate e = bar.estimate();
            b.append("<g class=\"bar\"><title>").append(Html.escape(bar.label() + ": " + text(e))).append("</title>");
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"label\">", left, y + 10))
                .append(Html.escape(shorten(bar.label(), 52))).append("</text>");
            if (e != null && e.isDefined()) {
                double w = plot * clamp(e.value()) / 100.0;
                b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"12\" class=\"fill\"/>",
                    left, y + 14, w));
                double lo = left + plot * clamp(e.lower()) / 100.0;
                double hi = left + plot * clamp(e.upper()) / 100.0;
                int cy = y + 20;
                b.append(String.format(Locale.ROOT,
                    "<path d=\"M%.1f %dH%.1fM%.1f %dV%dM%.1f %dV%d\" class=\"ci\"/>", lo, cy, hi, lo, cy - 5, cy + 5, hi, cy - 5, cy + 5));
                b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"value\">%s</text>", left + plot + 6, y + 24,
                    Html.one(e.value())));
            }
            y += row;
        }
        return b.append("</svg>").toString();
    }

    /**
     * The opening of a chart: the svg element, its title and a text description listing every
     * labelled estimate, both referenced by {@code aria-labelledby}.
     */
    private static StringBuilder open(String id, String title, List<Bar> items, int width, int height) {
        StringBuilder b = new StringBuilder();
        b.append("<svg id=\"").append(Html.escape(id)).append("\" class=\"chart\" viewBox=\"0 0 ").append(width).append(' ')
            .append(height).append("\" role=\"img\" aria-labelledby=\"").append(Html.escape(id)).append("-t ")
            .append(Html.escape(id)).append("-d\" xmlns=\"http://www.w3.org/2000/svg\">");
        b.append("<title id=\"").append(Html.escape(id)).append("-t\">").append(Html.escape(title)).append("</title>");
        StringBuilder desc = new StringBuilder();
        for (Bar item : items) {
            desc.append(item.label()).append(": ").append(text(item.estimate())).append(". ");
        }
        b.append("<desc id=\"").append(Html.escape(id)).append("-d\">").append(Html.escape(desc.toString().strip())).append("</desc>");
        return b;
    }

    /**
     * A line over periods with the interval as a band; the y axis spans the intervals.
     *
     * @param id the element id
     * @param title the chart title
     * @param points the periods in order
     * @return the SVG
     */
    static String trend(String id, String title, List<Bar> points) {
        int width = 360;
        int height = 200;
        int left = 34;
        int right = 10;
        int top = 12;
        int bottom = 40;
        double lo = 100;
        double hi = 0;
        for (Bar p : points) {
            if (p.estimate() != null && p.estimate().isDefined()) {
                lo = Math.min(lo, clamp(p.estimate().lower()));
                hi = Math.max(hi, clamp(p.estimate().upper()));
            }
        }
        if (lo > hi) {
            lo = 0;
            hi = 100;
        }
        lo = Math.max(0, Math.floor(lo / 5) * 5 - 5);
        hi = Math.min(100, Math.ceil(hi / 5) * 5 + 5);
        StringBuilder b = open(id, title, points, width, height);
        double plotW = width - left - right;
        double plotH = height - top - bottom;
        int n = points.size();
        double step = n > 1 ? plotW / (n - 1) : 0;
        for (int t = 0; t <= 4; t++) {
            double v = lo + (hi - lo) * t / 4;
            double yy = top + plotH - plotH * t / 4;
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>", left,
                width - right, yy, yy));
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" class=\"tick\" text-anchor=\"end\">%.0f</text>",
                left - 4, yy + 4, v));
        }
        StringBuilder band = new StringBuilder();
        StringBuilder bandBack = new StringBuilder();
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < n; i++) {
            Estimate e = points.get(i).estimate();
            double x = left + (n > 1 ? step * i : plotW / 2);
            if (e != null && e.isDefined()) {
                band.append(band.length() == 0 ? "M" : "L").append(String.format(Locale.ROOT, "%.1f %.1f", x, y(e.upper(), lo, hi, top, plotH)));
                bandBack.insert(0, String.format(Locale.ROOT, "L%.1f %.1f", x, y(e.lower(), lo, hi, top, plotH)));
                line.append(line.length() == 0 ? "M" : "L").append(String.format(Locale.ROOT, "%.1f %.1f", x, y(e.value(), lo, hi, top, plotH)));
            }
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"tick\" text-anchor=\"end\" transform=\"rotate(-40 %.1f %d)\">",
                x, height - bottom + 14, x, height - bottom + 14)).append(Html.escape(points.get(i).label())).append("</text>");
        }
        if (band.length() > 0) {
            b.append("<path d=\"").append(band).append(bandBack).append("Z\" class=\"band\"/>");
            b.append("<path d=\"").append(line).append("\" class=\"line\"/>");
        }
        for (int i = 0; i < n; i++) {
            Estimate e = points.get(i).estimate();
            if (e != null && e.isDefined()) {
                double x = left + (n > 1 ? step * i : plotW / 2);
                b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" class=\"point\"><title>", x,
                    y(e.value(), lo, hi, top, plotH))).append(Html.escape(points.get(i).label() + ": " + text(e)))
                    .append("</title></circle>");
            }
        }
        return b.append("</svg>").toString();
    }

    private static double y(double v, double lo, double hi, int top, double plotH) {
        return top + plotH - plotH * (clamp(v) - lo) / (hi - lo);
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1).strip() + "\u2026";
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(100, v));
    }

    static String text(Estimate e) {
        if (e == null || !e.isDefined()) {
            return "no valid answers";
        }
        return String.format(Locale.ROOT, "%.1f%% (95%% CI %.1f\u2013%.1f, n = %d)", e.value(), e.lower(), e.upper(), e.validN());
    }
}
