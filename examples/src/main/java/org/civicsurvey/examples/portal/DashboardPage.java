package org.civicsurvey.examples.portal;

import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.civicsurvey.examples.portal.IndexService.GroupIndex;
import org.civicsurvey.model.Dimension;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.stats.Estimate;

/**
 * The live dashboard: the overall index with its interval, the elements, the index by a grouping
 * and by quarter, as inline SVG. The page reloads its {@code #live} part every 10 seconds
 * ({@code /static/portal.js}); without JavaScript it is a static page.
 */
final class DashboardPage {
    private DashboardPage() {
    }

    static String page(Instrument instrument, String lang, String by, IndexService.Indices grouped, IndexService.Indices trend) {
        StringBuilder b = new StringBuilder();
        String other = "en".equals(lang) ? "vi" : "en";
        b.append("<header class=\"top\"><a class=\"lang\" hreflang=\"").append(other).append("\" href=\"/dashboard?lang=")
            .append(other).append("&amp;by=").append(Html.escape(by)).append("\">")
            .append(Html.escape(Texts.get(lang, "nav.language"))).append("</a></header>\n");
        b.append("<main id=\"main\">\n<h1>").append(Html.escape(Texts.get(lang, "dash.title"))).append("</h1>\n");
        b.append("<p class=\"lead\">").append(Html.escape(instrument.localize(instrument.title(), lang))).append("</p>\n");
        b.append("<nav aria-label=\"").append(Html.escape(Texts.get(lang, "dash.by"))).append("\"><ul class=\"by\">");
        for (String g : List.of("agency", "service", "channel", "province")) {
            b.append("<li><a href=\"/dashboard?lang=").append(Html.escape(lang)).append("&amp;by=").append(g).append("\"")
                .append(g.equals(by) ? " aria-current=\"page\"" : "").append(">")
                .append(Html.escape(Texts.get(lang, "dash.by") + " " + Texts.get(lang, "dash.by." + g))).append("</a></li>");
        }
        b.append("</ul></nav>\n");
        b.append("<p><a href=\"/report?lang=").append(Html.escape(lang)).append("&amp;by=").append(Html.escape(by)).append("\">")
            .append(Html.escape(Texts.get(lang, "dash.report"))).append("</a></p>\n");
        b.append("<div id=\"live\" aria-live=\"polite\" data-src=\"/dashboard?fragment=1&amp;lang=").append(Html.escape(lang))
            .append("&amp;by=").append(Html.escape(by)).append("\">\n");
        b.append(fragment(instrument, lang, by, grouped, trend));
        b.append("</div>\n</main>\n");
        return Html.page(lang, Texts.get(lang, "dash.title"), b.toString());
    }

    static String fragment(Instrument instrument, String lang, String by, IndexService.Indices grouped, IndexService.Indices trend) {
        StringBuilder b = new StringBuilder();
        NumberFormat nf = NumberFormat.getIntegerInstance("en".equals(lang) ? Locale.US : Locale.forLanguageTag("vi-VN"));
        b.append("<p id=\"count\" data-count=\"").append(grouped.responses()).append("\">")
            .append(Html.escape(Texts.format(lang, "dash.ratings", nf.format(grouped.responses())))).append("</p>\n");
        GroupIndex overall = grouped.overall();
        if (overall.index() == null || !overall.index().isDefined()) {
            b.append("<p>").append(Html.escape(Texts.get(lang, "dash.empty"))).append("</p>\n");
            return b.toString();
        }
        Estimate idx = overall.index();
        b.append("<section class=\"headline\" aria-labelledby=\"h-index\"><h2 id=\"h-index\">")
            .append(Html.escape(Texts.get(lang, "dash.index"))).append("</h2><p class=\"big\" id=\"index\" data-value=\"")
            .append(String.format(Locale.ROOT, "%.4f", idx.value())).append("\">").append(Html.one(idx.value()))
            .append("%</p><p>").append(Html.escape(Texts.format(lang, "dash.interval", Html.one(idx.lower()), Html.one(idx.upper()))))
            .append("</p></section>\n");
        List<Charts.Bar> els = new ArrayList<>();
        for (Map.Entry<String, Estimate> e : overall.elements().entrySet()) {
            Optional<Dimension> d = instrument.dimension(e.getKey());
            els.add(new Charts.Bar(d.map(x -> instrument.localize(x.name(), lang)).orElse(e.getKey()), e.getValue()));
        }
        b.append("<section aria-labelledby=\"h-el\"><h2 id=\"h-el\">").append(Html.escape(Texts.get(lang, "dash.elements")))
            .append("</h2>").append(Charts.bars("chart-elements", Texts.get(lang, "dash.elements"), els)).append("</section>\n");
        List<Charts.Bar> groups = new ArrayList<>();
        for (GroupIndex g : grouped.groups()) {
            groups.add(new Charts.Bar(Names.group(by, g.key(), lang), g.index()));
        }
        String byTitle = Texts.get(lang, "dash.by") + " " + Texts.get(lang, "dash.by." + by);
        b.append("<section aria-labelledby=\"h-by\"><h2 id=\"h-by\">").append(Html.escape(byTitle)).append("</h2>")
            .append(Charts.bars("chart-by", byTitle, groups)).append("</section>\n");
        List<Charts.Bar> points = new ArrayList<>();
        for (GroupIndex g : trend.groups()) {
            points.add(new Charts.Bar(g.key(), g.index()));
        }
        b.append("<section aria-labelledby=\"h-trend\"><h2 id=\"h-trend\">").append(Html.escape(Texts.get(lang, "dash.trend")))
            .append("</h2>").append(Charts.trend("chart-trend", Texts.get(lang, "dash.trend"), points)).append("</section>\n");
        b.append("<p class=\"note\">").append(Html.escape(Texts.get(lang, "dash.note"))).append("</p>\n");
        b.append("<p class=\"note\">").append(Html.escape(Texts.get(lang, "dash.source"))).append(": ")
            .append(Html.escape(IndexService.SOURCE_DETAIL)).append(".</p>\n");
        return b.toString();
    }
}
