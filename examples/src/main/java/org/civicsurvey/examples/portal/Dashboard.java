package org.civicsurvey.examples.portal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.civicsurvey.model.DimensionLevel;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.report.ChartKind;
import org.civicsurvey.report.Report;
import org.civicsurvey.report.ReportCell;
import org.civicsurvey.report.ReportOptions;
import org.civicsurvey.report.ReportTable;
import org.civicsurvey.report.SipasReport;
import org.civicsurvey.report.Suppression;
import org.civicsurvey.report.html.HtmlReport;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * What the dashboard and the administrators' report show, from the store's rollup
 * ({@link IndexService}): the library's SIPAS report by a grouping and by quarter, with small cells
 * withheld ({@code portal.dashboard.minimum-respondents}, complementary suppression included),
 * display names from {@link Names}, respondent counts from the rollup, and a change between
 * quarters shown (with its significance) only when both quarters have
 * {@code portal.dashboard.minimum-for-change} respondents. Charts are the library's
 * ({@link HtmlReport#chart(Report, ReportTable)}).
 */
@Component
public class Dashboard {
    /** The groupings the dashboard offers. */
    public static final List<String> GROUPINGS = List.of("agency", "service", "channel", "province");
    private final IndexService indices;
    private final Instrument instrument;
    private final Names names;
    private final PortalProperties.Dashboard settings;
    private final MessageSource messages;

    Dashboard(IndexService indices, Instrument portalInstrument, Names names, PortalProperties properties,
              MessageSource messages) {
        this.messages = messages;
        this.indices = indices;
        this.instrument = portalInstrument;
        this.names = names;
        this.settings = properties.dashboard();
    }

    /**
     * One group's line.
     *
     * @param name the display name
     * @param respondents its respondents
     * @param index the index in percent, or null when withheld or undefined
     * @param withheld whether withheld
     */
    public record Group(String name, long respondents, Double index, boolean withheld) {
    }

    /**
     * A chart with its heading.
     *
     * @param title the heading
     * @param svg the library's SVG figure
     */
    public record Chart(String title, String svg) {
    }

    /**
     * The change of the index between the last two quarters.
     *
     * @param from the earlier quarter
     * @param to the later quarter
     * @param points the change in percentage points, or null when not shown
     * @param significant whether the 95% interval of the change excludes 0 (null when not shown)
     * @param shown whether both quarters have enough respondents to show it
     * @param minimum the respondents each quarter needs
     */
    public record Change(String from, String to, Double points, Boolean significant, boolean shown, int minimum) {
    }

    /**
     * The dashboard's content.
     *
     * @param respondents the ratings counted
     * @param index the overall index, or null
     * @param lower its interval's lower bound
     * @param upper its interval's upper bound
     * @param charts the charts: elements, groups, trend
     * @param groups the groups
     * @param change the change between the last two quarters, if there are two
     * @param minimumRespondents the suppression threshold
     */
    public record View(long respondents, Double index, Double lower, Double upper, List<Chart> charts, List<Group> groups,
                       Optional<Change> change, int minimumRespondents) {
    }

    /**
     * The library's SIPAS report by a grouping and quarter, with the portal's names and disclosure rules.
     *
     * @param by agency, service, channel or province
     * @param locale the language
     * @return the report, or empty when nothing is rated
     */
    public Optional<Report> report(String by, Locale locale) {
        String lang = "vi".equals(locale.getLanguage()) ? "vi" : "en";
        Optional<Report> built = indices.report(by, ReportOptions.withDefaults().withLanguage(lang)
            .withSuppression(Suppression.withDefaults().withMinimumRespondents(settings.minimumRespondents())));
        if (built.isEmpty()) {
            return built;
        }
        Report r = built.get();
        Map<String, String> labels = new LinkedHashMap<>(r.labels());
        labels.putAll(names.labels(locale));
        Map<String, Long> periodRespondents = respondentsBy("period");
        List<ReportTable> tables = new ArrayList<>();
        for (ReportTable t : r.tables()) {
            if (!t.id().equals("sipas.change")) {
                tables.add(t);
                continue;
            }
            // no significance claims from small quarters: the change and its p-value are withheld
            List<ReportCell> cells = new ArrayList<>();
            boolean enough = lastTwoHaveEnough(periodRespondents);
            for (ReportCell c : t.cells()) {
                cells.add(enough ? c : c.suppress());
            }
            tables.add(new ReportTable(t.id(), t.title(), t.chart(), t.groupings(), cells));
        }
        List<String> notes = new ArrayList<>(r.notes());
        notes.add(String.format(Locale.ROOT, "vi".equals(lang)
            ? "Mức thay đổi giữa hai quý chỉ được nêu khi mỗi quý có ít nhất %d người đánh giá."
            : "A change between quarters is stated only when each quarter has at least %d respondents.",
            settings.minimumForChange()));
        return Optional.of(new Report(r.method(), r.instrumentId(), r.instrumentVersion(), r.language(), r.title(),
            r.minimumRespondents(), labels, tables, notes));
    }

    private boolean lastTwoHaveEnough(Map<String, Long> periodRespondents) {
        List<Long> counts = new ArrayList<>(periodRespondents.values());
        int k = counts.size();
        return k >= 2 && counts.get(k - 1) >= settings.minimumForChange() && counts.get(k - 2) >= settings.minimumForChange();
    }

    private Map<String, Long> respondentsBy(String by) {
        Map<String, Long> out = new LinkedHashMap<>();
        indices.compute(Optional.of(by)).groups().forEach(g -> out.put(g.key(), g.responses()));
        return out;
    }

    /**
     * The dashboard by a grouping.
     *
     * @param by agency, service, channel or province
     * @param locale the language
     * @return the view
     */
    public View view(String by, Locale locale) {
        int min = settings.minimumRespondents();
        Optional<Report> found = report(by, locale);
        if (found.isEmpty()) {
            return new View(0, null, null, null, List.of(), List.of(), Optional.empty(), min);
        }
        Report r = found.get();
        ReportTable scores = r.requireTable("sipas.scores");
        Map<String, Long> respondents = respondentsBy(by);
        long total = respondents.values().stream().mapToLong(Long::longValue).sum();
        ReportCell overall = scores.cells(c -> c.isOverall() && c.item().equals("sipas")).stream().findFirst().orElse(null);
        List<Chart> charts = new ArrayList<>();
        List<String> elements = new ArrayList<>();
        instrument.dimensions().stream().filter(d -> d.level() == DimensionLevel.ELEMENT).forEach(d -> elements.add(d.id()));
        ReportTable byElement = new ReportTable("dash.elements", messages.getMessage("dash.elements", null, locale), ChartKind.BARS,
            scores.groupings(), scores.cells(c -> c.isOverall() && elements.contains(c.item())
                && c.measure().equals("percent_positive")));
        charts.add(new Chart(byElement.title(), HtmlReport.chart(r, byElement)));
        r.table("sipas.ranking." + by).ifPresent(t -> charts.add(new Chart(t.title(), HtmlReport.chart(r, t))));
        r.table("sipas.trend").ifPresent(t -> charts.add(new Chart(t.title(), HtmlReport.chart(r, t))));
        Map<String, ReportCell> indexOf = new HashMap<>();
        for (ReportCell c : scores.cells(c -> c.item().equals("sipas") && !"*".equals(c.level(by))
            && c.measure().equals("percent_positive"))) {
            indexOf.put(c.level(by), c);
        }
        List<Group> groups = new ArrayList<>();
        respondents.forEach((key, n) -> {
            ReportCell c = indexOf.get(key);
            boolean withheld = c == null || c.suppressed();
            groups.add(new Group(names.name(by, key, locale), n, withheld || Double.isNaN(c.value()) ? null : c.value(),
                withheld));
        });
        Optional<Change> change = r.table("sipas.change").flatMap(t -> change(t, respondentsBy("period")));
        return new View(total, overall == null || overall.suppressed() ? null : overall.value(),
            overall == null ? null : overall.lower(), overall == null ? null : overall.upper(), charts, groups, change, min);
    }

    private Optional<Change> change(ReportTable t, Map<String, Long> periods) {
        List<String> keys = new ArrayList<>(periods.keySet());
        if (keys.size() < 2) {
            return Optional.empty();
        }
        String from = keys.get(keys.size() - 2);
        String to = keys.get(keys.size() - 1);
        ReportCell c = t.cells(x -> x.item().equals("sipas") && x.measure().equals("change")).stream().findFirst().orElse(null);
        if (c == null || c.suppressed() || !lastTwoHaveEnough(periods)) {
            return Optional.of(new Change(from, to, null, null, false, settings.minimumForChange()));
        }
        return Optional.of(new Change(from, to, c.value(), c.lower() > 0 || c.upper() < 0, true, settings.minimumForChange()));
    }
}
