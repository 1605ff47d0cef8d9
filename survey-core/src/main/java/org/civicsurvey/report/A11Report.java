package org.civicsurvey.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import org.civicsurvey.model.ChoiceOption;
import org.civicsurvey.model.ChoiceQuestion;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.Question;
import org.civicsurvey.model.RatingQuestion;
import org.civicsurvey.model.Scale;
import org.civicsurvey.scoring.ItemScore;
import org.civicsurvey.scoring.Period;
import org.civicsurvey.scoring.SurveyVariables;
import org.civicsurvey.stats.Estimate;
import org.civicsurvey.stats.Exclusions;
import org.civicsurvey.stats.Statistic;
import org.civicsurvey.stats.SufficientStatistics;

/**
 * The OMB Circular A-11 §280 report: the quarterly counts of answers per scale point for every
 * rating item, per combination of the groupings (e.g. {@code period} by
 * {@link Period#US_FISCAL_QUARTER}, {@code service}, {@code channel}) — table {@code a11.counts},
 * measure {@code count}, category = scale point, {@code n} = valid answers of the item — and, for
 * the FY2024 form (multiple-choice driver checklists), table {@code a11.form2024}: the percentage of
 * positive answers (4–5) to each rating item and the percentage choosing each option of each
 * checklist among those who answered it, overall and per grouping level.
 *
 * <p>Counts are numbers of responses, as A-11 asks, whatever the weights ({@code
 * SufficientStatistics.categoryCounts}); the shares of the FY2024 form are weighted estimates.
 * {@link #writeSubmission} prints the counts in the layout
 * agencies submit: one row per period, service, channel and item with one column per scale point.
 */
public final class A11Report {
    private final ReportOptions options;

    private A11Report(ReportOptions options) {
        this.options = options;
    }

    /**
     * @param options the options
     * @return the builder
     */
    public static A11Report create(ReportOptions options) {
        return new A11Report(Objects.requireNonNull(options, "options"));
    }

    /**
     * @param data statistics and groupings (e.g. period by {@link Period#US_FISCAL_QUARTER}, service, channel)
     * @return the report
     */
    public Report build(ReportData data) {
        Instrument instrument = data.instrument();
        String lang = options.languageFor(instrument);
        List<String> names = data.groupings().stream().map(Grouping::name).toList();
        List<ReportTable> tables = new ArrayList<>();
        boolean anyChecklist = instrument.questions().stream().anyMatch(q -> q instanceof ChoiceQuestion c && c.multiple());
        int total = anyChecklist ? 2 : 1;
        options.tablesBuilt(0, total);
        List<ReportCell> counts = new ArrayList<>();
        SufficientStatistics stats = data.statistics();
        for (int domain : stats.domains()) {
            List<String> levels = data.levels(domain);
            List<GroupKey> keys = new ArrayList<>();
            for (int g = 0; g < names.size(); g++) {
                keys.add(GroupKey.of(names.get(g), levels.get(g)));
            }
            for (RatingQuestion q : instrument.ratingItems()) {
                Scale s = q.answerScale().orElseThrow();
                long[] c = stats.categoryCounts(q.id(), domain);
                long valid = 0;
                for (long x : c) {
                    valid += x;
                }
                Exclusions ex = stats.excluded(q.id(), domain);
                for (int v = s.min(); v <= s.max(); v++) {
                    counts.add(ReportCell.plain(keys, q.id(), Integer.toString(v), "count", c[v - s.min()], valid, ex));
                }
            }
        }
        tables.add(options.suppression().apply(new ReportTable("a11.counts", ReportText.get(lang, "a11.counts"),
            ChartKind.TABLE, names, counts), Map.of()));
        options.tablesBuilt(1, total);
        List<ChoiceQuestion> checklists = new ArrayList<>();
        for (Question q : instrument.questions()) {
            if (q instanceof ChoiceQuestion c && c.multiple()) {
                checklists.add(c);
            }
        }
        if (!checklists.isEmpty()) {
            tables.add(form2024(data, instrument, checklists, names, lang));
            options.tablesBuilt(2, total);
        }
        return new Report("A-11", instrument.id(), instrument.version(), lang, ReportText.get(lang, "a11.title"),
            options.suppression().minimumRespondents(), Tables.labels(instrument, lang, data.groupings()), tables,
            Tables.notes(lang, options));
    }

    private ReportTable form2024(ReportData data, Instrument instrument, List<ChoiceQuestion> checklists, List<String> names,
                                 String lang) {
        Map<String, SufficientStatistics> stats = Tables.collapsed(data, names);
        List<ReportCell> cells = new ArrayList<>();
        for (Map.Entry<String, SufficientStatistics> e : stats.entrySet()) {
            List<Integer> codes = new ArrayList<>();
            List<List<GroupKey>> keys = new ArrayList<>();
            if (e.getKey() == null) {
                codes.add(0);
                keys.add(Tables.keys(data.groupings(), null, null));
            } else {
                Grouping g = data.grouping(e.getKey());
                for (int l = 0; l < g.levels().size(); l++) {
                    codes.add(l);
                    keys.add(Tables.keys(data.groupings(), g.name(), g.levels().get(l)));
                }
            }
            for (int i = 0; i < codes.size(); i++) {
                for (RatingQuestion q : instrument.ratingItems()) {
                    Estimate est = options.estimator().estimate(e.getValue(),
                        ItemScore.POSITIVE.statistic(q.id(), q.scale()).in(codes.get(i)));
                    cells.add(ReportCell.of(keys.get(i), q.id(), "", "percent_positive", est, 100));
                }
                for (ChoiceQuestion c : checklists) {
                    for (ChoiceOption o : c.options()) {
                        String v = SurveyVariables.optionVariable(c.id(), o.code());
                        Estimate est = options.estimator().estimate(e.getValue(), Statistic.proportion(v, 1).in(codes.get(i)));
                        cells.add(ReportCell.of(keys.get(i), c.id(), o.code(), "percent", est, 100));
                    }
                }
            }
        }
        return options.suppression().apply(new ReportTable("a11.form2024", ReportText.get(lang, "a11.form2024"),
            ChartKind.BARS, names, cells), Map.of());
    }

    /**
     * Writes {@code a11.counts} in the submission layout (CSV, {@code \r\n}): the grouping columns,
     * {@code item}, {@code item_label}, one column per scale point, {@code total} (valid answers),
     * {@code not_applicable}, {@code dont_know}, {@code suppressed}. A suppressed row has every
     * number empty.
     *
     * @param report an A-11 report
     * @param out where to write
     */
    public static void writeSubmission(Report report, Appendable out) {
        ReportTable t = report.requireTable("a11.counts");
        TreeSet<Integer> points = new TreeSet<>();
        Map<String, List<ReportCell>> rows = new LinkedHashMap<>();
        for (ReportCell c : t.cells()) {
            points.add(Integer.parseInt(c.category()));
            StringBuilder k = new StringBuilder();
            c.groups().forEach(g -> k.append(g.level()).append('\u0000'));
            k.append(c.item());
            rows.computeIfAbsent(k.toString(), x -> new ArrayList<>()).add(c);
        }
        List<String> header = new ArrayList<>(t.groupings());
        header.add("item");
        header.add("item_label");
        points.forEach(p -> header.add(Integer.toString(p)));
        header.addAll(List.of("total", "not_applicable", "dont_know", "suppressed"));
        try {
            TidyCsv.line(header, out);
            for (List<ReportCell> cells : rows.values()) {
                ReportCell first = cells.get(0);
                List<String> row = new ArrayList<>();
                first.groups().forEach(g -> row.add(g.level()));
                row.add(first.item());
                row.add(report.label(first.item()));
                boolean suppressed = cells.stream().anyMatch(ReportCell::suppressed);
                for (int p : points) {
                    ReportCell c = cells.stream().filter(x -> x.category().equals(Integer.toString(p))).findFirst()
                        .orElse(null);
                    row.add(c == null || suppressed ? "" : Long.toString((long) c.value()));
                }
                Exclusions x = first.excluded();
                row.add(suppressed ? "" : Long.toString(first.n()));
                row.add(suppressed ? "" : Long.toString(x.notApplicable()));
                row.add(suppressed ? "" : Long.toString(x.dontKnow()));
                row.add(Boolean.toString(suppressed));
                TidyCsv.line(row, out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
