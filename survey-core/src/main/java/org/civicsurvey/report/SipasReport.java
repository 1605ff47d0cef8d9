package org.civicsurvey.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.civicsurvey.analysis.compare.RankInterval;
import org.civicsurvey.analysis.compare.Ranking;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.Scale;
import org.civicsurvey.scoring.GroupBy;
import org.civicsurvey.scoring.RollUp;
import org.civicsurvey.scoring.RollUpResult;
import org.civicsurvey.stats.Estimate;
import org.civicsurvey.stats.Estimator;
import org.civicsurvey.stats.Statistic;
import org.civicsurvey.stats.SufficientStatistics;

/**
 * The SIPAS report (Decision 2640/QĐ-BNV 2017; 1001/QĐ-BNV 2023): items, elements and index as
 * percentages satisfied with intervals, overall and per level of every grouping; a ranking with
 * rank intervals per grouping; the change from the previous period with its significance; the
 * trend by period; the distribution of answers per item with the don't-know / not-applicable counts.
 *
 * <p>Tables (ids): {@code sipas.scores} (measure {@code percent_positive}: items, elements, the
 * index {@code sipas}; every grouping's levels with the other groupings at {@code *}, and the overall
 * row); {@code sipas.ranking.<grouping>} for every grouping but {@value #PERIOD} with at least two
 * levels (measures {@code percent_positive}, {@code rank} with the rank interval as bounds,
 * {@code p_first}); {@code sipas.change} (measures {@code change} in percentage points and
 * {@code p_value}, last period minus the one before, when a {@value #PERIOD} grouping has two or
 * more levels); {@code sipas.trend} (the index per period); {@code sipas.distribution} (measure
 * {@code percent} per item and scale point, overall).
 *
 * <p>Suppression runs on {@code sipas.scores} (group lines and the item → element → index
 * hierarchy) and on {@code sipas.distribution}; the other tables copy the scores' decisions: a
 * suppressed group is not ranked, a change is suppressed when either period is.
 */
public final class SipasReport {
    /** The name of the grouping that holds periods (as {@link GroupBy#period}). */
    public static final String PERIOD = "period";

    private final ReportOptions options;
    private final RollUp index;

    private SipasReport(ReportOptions options, RollUp index) {
        this.options = options;
        this.index = index;
    }

    /**
     * @param options the options
     * @return a builder that takes the index from the instrument's elements
     */
    public static SipasReport create(ReportOptions options) {
        return new SipasReport(Objects.requireNonNull(options, "options"), null);
    }

    /**
     * @param value an explicit index of shares (e.g. {@code RollUp.sipas().overDimensions(instrument, elements)})
     * @return a copy using it
     */
    public SipasReport withIndex(RollUp value) {
        return new SipasReport(options, Objects.requireNonNull(value, "index"));
    }

    /**
     * Builds the report.
     *
     * @param data the statistics and groupings
     * @return the report
     */
    public Report build(ReportData data) {
        Instrument instrument = data.instrument();
        String lang = options.languageFor(instrument);
        RollUp idx = index != null ? index : RollUp.sipas().overElements().withId("sipas");
        Estimator est = options.estimator();
        List<String> names = data.groupings().stream().map(Grouping::name).toList();
        int total = 2;
        for (Grouping g : data.groupings()) {
            total += !g.name().equals(PERIOD) && g.levels().size() >= 2 ? 1 : 0;
        }
        if (names.contains(PERIOD)) {
            total += data.grouping(PERIOD).levels().size() >= 2 ? 2 : 1;
        }
        options.tablesBuilt(0, total);
        Map<String, SufficientStatistics> stats = Tables.collapsed(data, names);

        List<ReportCell> cells = new ArrayList<>();
        Map<List<GroupKey>, RollUpResult> scores = Tables.scores(data, stats, est, idx);
        for (Map.Entry<List<GroupKey>, RollUpResult> e : scores.entrySet()) {
            cells.addAll(Tables.cells(e.getKey(), e.getValue(), true));
            cells.add(Tables.indexCell(e.getKey(), e.getValue()));
        }
        ReportTable scoreTable = options.suppression().apply(new ReportTable("sipas.scores",
            ReportText.get(lang, "sipas.scores"), ChartKind.BARS, names, cells), idx.hierarchy(instrument));
        Map<String, ReportCell> published = Tables.index(scoreTable.cells());

        List<ReportTable> tables = new ArrayList<>();
        tables.add(scoreTable);
        options.tablesBuilt(tables.size(), total);
        for (Grouping g : data.groupings()) {
            if (!g.name().equals(PERIOD) && g.levels().size() >= 2) {
                tables.add(ranking(data, g, published, idx, lang));
                options.tablesBuilt(tables.size(), total);
            }
        }
        if (names.contains(PERIOD)) {
            Grouping period = data.grouping(PERIOD);
            List<ReportCell> trend = new ArrayList<>();
            for (String level : period.levels()) {
                ReportCell c = published.get(Tables.key(idx.id(), "percent_positive", "",
                    Tables.keys(data.groupings(), PERIOD, level)));
                trend.add(c);
            }
            tables.add(new ReportTable("sipas.trend", ReportText.get(lang, "sipas.trend"), ChartKind.TREND, names, trend));
            options.tablesBuilt(tables.size(), total);
            if (period.levels().size() >= 2) {
                tables.add(change(data, stats.get(PERIOD), period, idx, published, lang));
                options.tablesBuilt(tables.size(), total);
            }
        }
        tables.add(options.suppression().apply(distribution(data, stats.get(null), idx, lang), Map.of()));
        options.tablesBuilt(tables.size(), total);
        Map<String, String> labels = Tables.labels(instrument, lang, data.groupings(), idx.id());
        return new Report("SIPAS", instrument.id(), instrument.version(), lang, ReportText.get(lang, "sipas.title"),
            options.suppression().minimumRespondents(), labels, tables, Tables.notes(lang, options));
    }

    private ReportTable ranking(ReportData data, Grouping g, Map<String, ReportCell> published, RollUp idx,
                                String lang) {
        List<String> names = new ArrayList<>();
        List<ReportCell> shown = new ArrayList<>();
        List<ReportCell> hidden = new ArrayList<>();
        for (String level : g.levels()) {
            ReportCell c = published.get(Tables.key(idx.id(), "percent_positive", "", Tables.keys(data.groupings(),
                g.name(), level)));
            if (c.suppressed() || Double.isNaN(c.value())) {
                hidden.add(c);
            } else {
                names.add(level);
                shown.add(c);
            }
        }
        List<String> tableGroupings = data.groupings().stream().map(Grouping::name).toList();
        List<ReportCell> cells = new ArrayList<>();
        if (names.size() >= 2) {
            double[] values = new double[names.size()];
            double[] ses = new double[names.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = shown.get(i).value();
                ses[i] = shown.get(i).standardError();
            }
            Ranking r = options.rankings().simulate(names, values, ses);
            List<RankInterval> sorted = new ArrayList<>(r.groups());
            sorted.sort((a, b) -> Integer.compare(a.rank(), b.rank()));
            for (RankInterval ri : sorted) {
                ReportCell c = shown.get(names.indexOf(ri.group()));
                cells.add(c);
                cells.add(new ReportCell(c.groups(), idx.id(), "", "rank", ri.rank(), Double.NaN, ri.lower(), ri.upper(),
                    c.n(), c.excluded(), false));
                cells.add(ReportCell.plain(c.groups(), idx.id(), "", "p_first", ri.probabilityFirst().orElse(Double.NaN),
                    c.n(), c.excluded()));
            }
        } else {
            hidden.addAll(shown);
        }
        for (ReportCell c : hidden) {
            cells.add(c);
            ReportCell rank = new ReportCell(c.groups(), idx.id(), "", "rank", Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, 0, org.civicsurvey.stats.Exclusions.NONE, c.suppressed());
            cells.add(rank);
        }
        return new ReportTable("sipas.ranking." + g.name(), ReportText.get(lang, "sipas.ranking") + " (" + ReportText.get(lang, g.name()) + ")",
            ChartKind.RANKING, tableGroupings, cells);
    }

    private ReportTable change(ReportData data, SufficientStatistics byPeriod, Grouping period, RollUp idx,
                               Map<String, ReportCell> published, String lang) {
        int later = period.levels().size() - 1;
        int earlier = later - 1;
        Map<String, Estimate> diff = idx.change(data.instrument(), byPeriod, later, earlier, options.estimator());
        List<GroupKey> keys = Tables.keys(data.groupings(), PERIOD, period.levels().get(later));
        List<GroupKey> before = Tables.keys(data.groupings(), PERIOD, period.levels().get(earlier));
        List<ReportCell> cells = new ArrayList<>();
        for (Map.Entry<String, Estimate> e : diff.entrySet()) {
            ReportCell a = published.get(Tables.key(e.getKey(), "percent_positive", "", keys));
            ReportCell b = published.get(Tables.key(e.getKey(), "percent_positive", "", before));
            ReportCell c = ReportCell.of(keys, e.getKey(), "", "change", e.getValue(), 100);
            ReportCell p = ReportCell.plain(keys, e.getKey(), "", "p_value", pValue(e.getValue()), e.getValue().validN(),
                e.getValue().excluded());
            boolean hide = a == null || b == null || a.suppressed() || b.suppressed();
            cells.add(hide ? c.suppress() : c);
            cells.add(hide ? p.suppress() : p);
        }
        return new ReportTable("sipas.change", ReportText.get(lang, "sipas.change") + " (" + period.levels().get(later)
            + " − " + period.levels().get(earlier) + ")", ChartKind.TABLE, data.groupings().stream().map(Grouping::name).toList(),
            cells);
    }

    /**
     * Two-sided p-value of a change (Wald test, as {@code svycontrast} then {@code 2 * pnorm(-|t|)},
     * or {@code pt} with the design degrees of freedom when the estimator uses them).
     */
    private double pValue(Estimate e) {
        if (!e.isDefined()) {
            return Double.NaN;
        }
        if (e.standardError() == 0) {
            return e.value() == 0 ? 1 : 0;
        }
        double t = Math.abs(e.value() / e.standardError());
        boolean useT = !Double.isNaN(e.lower()) && e.degreesOfFreedom() > 0
            && Math.abs((e.upper() - e.value()) / e.standardError()
                - new NormalDistribution().inverseCumulativeProbability(1 - (1 - e.confidenceLevel()) / 2)) > 1e-9;
        if (useT) {
            return 2 * new TDistribution(null, e.degreesOfFreedom()).cumulativeProbability(-t);
        }
        return 2 * new NormalDistribution(null, 0, 1).cumulativeProbability(-t);
    }

    private ReportTable distribution(ReportData data, SufficientStatistics overall, RollUp idx, String lang) {
        Instrument instrument = data.instrument();
        List<GroupKey> keys = Tables.keys(data.groupings(), null, null);
        List<ReportCell> cells = new ArrayList<>();
        Estimator est = options.estimator();
        for (String item : idx.items(instrument)) {
            Scale s = instrument.question(item).flatMap(q -> q.answerScale()).orElse(null);
            if (s == null) {
                continue;
            }
            List<Statistic> list = new ArrayList<>();
            for (int v = s.min(); v <= s.max(); v++) {
                list.add(Statistic.proportion(item, v).in(0));
            }
            var set = est.estimate(overall, list);
            for (int v = s.min(); v <= s.max(); v++) {
                cells.add(ReportCell.of(keys, item, Integer.toString(v), "percent", set.get(v - s.min()), 100));
            }
        }
        return new ReportTable("sipas.distribution", ReportText.get(lang, "sipas.distribution"), ChartKind.TABLE,
            data.groupings().stream().map(Grouping::name).toList(), cells);
    }
}
