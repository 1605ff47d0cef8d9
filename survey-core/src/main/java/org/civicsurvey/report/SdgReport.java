package org.civicsurvey.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.Question;
import org.civicsurvey.response.Answer;
import org.civicsurvey.response.Response;
import org.civicsurvey.scoring.GroupBy;
import org.civicsurvey.scoring.RollUp;
import org.civicsurvey.scoring.RollUpResult;
import org.civicsurvey.stats.Estimate;
import org.civicsurvey.stats.SufficientStatistics;

/**
 * The SDG 16.6.2 report (UN metadata; government-services module): the percentage positive per
 * attribute (the instrument's elements, e.g. accessibility … timeliness), their simple average
 * ({@code sdg_average}) and the percentage satisfied overall (the question tagged {@code overall}),
 * overall and per level of every grouping (sex, income, residence, disability, ...). Don't know,
 * not applicable and refused answers are left out of each denominator and counted in every cell.
 *
 * <p>One table, {@code sdg.scores} (measure {@code percent_positive}), suppressed with the group lines
 * and the average → attributes hierarchy.
 */
public final class SdgReport {
    /** The id of the average of the attributes. */
    public static final String AVERAGE = "sdg_average";

    private final ReportOptions options;

    private SdgReport(ReportOptions options) {
        this.options = options;
    }

    /**
     * @param options the options
     * @return the builder
     */
    public static SdgReport create(ReportOptions options) {
        return new SdgReport(Objects.requireNonNull(options, "options"));
    }

    /**
     * @param data statistics and groupings (e.g. from {@link GroupBy#answer(String)} on {@code sex},
     *     {@link #incomeQuintile}, {@link #disability()})
     * @return the report
     */
    public Report build(ReportData data) {
        Instrument instrument = data.instrument();
        String lang = options.languageFor(instrument);
        options.tablesBuilt(0, 1);
        RollUp average = RollUp.sdg1662().overElements().withId(AVERAGE);
        List<Question> overall = instrument.questionsTagged("overall");
        List<String> names = data.groupings().stream().map(Grouping::name).toList();
        Map<String, SufficientStatistics> stats = Tables.collapsed(data, names);
        List<ReportCell> cells = new ArrayList<>();
        Map<List<GroupKey>, RollUpResult> scores = Tables.scores(data, stats, options.estimator(), average);
        Map<List<GroupKey>, RollUpResult> sat = overall.isEmpty() ? Map.of()
            : Tables.scores(data, stats, options.estimator(), RollUp.sdg1662().withId("sdg_overall").overComponents(
                List.of(new RollUp.Component(overall.get(0).id(), List.of(overall.get(0).id())))));
        for (Map.Entry<List<GroupKey>, RollUpResult> e : scores.entrySet()) {
            cells.addAll(Tables.cells(e.getKey(), e.getValue(), true));
            cells.add(Tables.indexCell(e.getKey(), e.getValue()));
            RollUpResult s = sat.get(e.getKey());
            if (s != null) {
                Estimate o = s.index().estimate();
                cells.add(ReportCell.of(e.getKey(), overall.get(0).id(), "", "percent_positive", o, 100));
            }
        }
        ReportTable table = options.suppression().apply(new ReportTable("sdg.scores", ReportText.get(lang, "sdg.scores"),
            ChartKind.BARS, names, cells), average.hierarchy(instrument));
        options.tablesBuilt(1, 1);
        return new Report("SDG 16.6.2", instrument.id(), instrument.version(), lang, ReportText.get(lang, "sdg.title"),
            options.suppression().minimumRespondents(), Tables.labels(instrument, lang, data.groupings(), AVERAGE),
            List.of(table), Tables.notes(lang, options));
    }

    /**
     * Household income quintiles (unweighted, R's {@code quantile(type = 7)} cut points at 20, 40, 60,
     * 80%; a value on a cut point belongs to the lower quintile), named {@code income}, levels
     * {@code Q1} (poorest) … {@code Q5}; without an income answer, {@value GroupBy#UNKNOWN}.
     *
     * @param questionId the income question (SDG instrument: {@code household_income})
     * @param responses the responses whose incomes define the cut points
     * @return the grouping
     */
    public static GroupBy incomeQuintile(String questionId, List<Response> responses) {
        double[] v = responses.stream().map(r -> r.answers().get(questionId)).filter(a -> a instanceof Answer.Numeric)
            .mapToDouble(a -> ((Answer.Numeric) a).value()).sorted().toArray();
        if (v.length == 0) {
            throw new IllegalArgumentException("no response answers " + questionId + " with a number; cannot cut quintiles");
        }
        double[] cuts = new double[4];
        for (int q = 1; q <= 4; q++) {
            double h = (v.length - 1) * q / 5.0;
            int lo = (int) Math.floor(h);
            cuts[q - 1] = v[lo] + (h - lo) * (v[Math.min(lo + 1, v.length - 1)] - v[lo]);
        }
        return GroupBy.of("income", r -> {
            Answer a = r.answers().get(questionId);
            if (!(a instanceof Answer.Numeric num)) {
                return null;
            }
            int q = 0;
            while (q < 4 && num.value() > cuts[q]) {
                q++;
            }
            return "Q" + (q + 1);
        });
    }

    /**
     * Disability by the Washington Group Short Set: {@code yes} when any of the six questions
     * ({@code wg_*}) is answered {@code a_lot} or {@code cannot}; {@code no} when all six are answered
     * and none is; otherwise {@value GroupBy#UNKNOWN}. Named {@code disability}.
     *
     * @return the grouping
     */
    public static GroupBy disability() {
        List<String> wg = Arrays.asList("wg_seeing", "wg_hearing", "wg_walking", "wg_cognition", "wg_selfcare",
            "wg_communication");
        return GroupBy.of("disability", r -> {
            int answered = 0;
            for (String q : wg) {
                Answer a = r.answers().get(q);
                if (a instanceof Answer.Choice c && c.chosen().size() == 1) {
                    answered++;
                    String code = c.chosen().get(0);
                    if (code.equals("a_lot") || code.equals("cannot")) {
                        return "yes";
                    }
                }
            }
            return answered == wg.size() ? "no" : null;
        });
    }
}
