package org.civicsurvey.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.civicsurvey.model.Dimension;
import org.civicsurvey.model.DimensionLevel;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.LocalizedText;
import org.civicsurvey.model.RatingQuestion;
import org.civicsurvey.model.Scale;
import org.civicsurvey.model.ScalePoint;
import org.civicsurvey.model.Section;
import org.civicsurvey.model.SpecialCode;
import org.civicsurvey.model.SpecialStatus;
import org.civicsurvey.stats.Estimate;
import org.civicsurvey.stats.Estimator;
import org.civicsurvey.stats.Exclusion;
import org.civicsurvey.stats.Statistic;
import org.civicsurvey.stats.SufficientStatistics;
import org.civicsurvey.stats.SurveyData;
import org.civicsurvey.stats.SurveyDesign;
import org.civicsurvey.stats.Variable;
import org.civicsurvey.testing.CsvTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Satisfaction indices on the synthetic survey of reference/engine/estimates.R (R 4.2.2, survey
 * 4.1.1): SIPAS roll-up (item % of 4-5, element = mean of items, index = mean of elements) with
 * SEs from svyratio(covmat = TRUE) + svycontrast's c'Vc, ACSI composite, NPS and the 0-100 mean.
 * Relative tolerance 1e-9.
 */
class RollUpTest {
    private static final CsvTable REF = CsvTable.resource("/reference/engine/estimates.csv");
    private static final CsvTable SYN = CsvTable.resource("/reference/engine/synthetic.csv");
    private static final LocalizedText T = LocalizedText.of("en", "x");

    static Scale sat5() {
        return Scale.of(1, 5, List.of(ScalePoint.of(1, T)), 4,
            List.of(SpecialCode.of(8, SpecialStatus.DONT_KNOW, T), SpecialCode.of(9, SpecialStatus.NOT_APPLICABLE, T)));
    }

    /** Two elements: E1 = q1..q3, E2 = q4, q5 (as estimates.R). */
    static Instrument instrument() {
        List<RatingQuestion> items = new ArrayList<>();
        for (int k = 1; k <= 5; k++) {
            items.add(RatingQuestion.of("q" + k, T, sat5(), k <= 3 ? "E1" : "E2"));
        }
        return Instrument.builder("synthetic", "1").languages("en").title(T)
            .dimension(Dimension.of("E1", DimensionLevel.ELEMENT, T))
            .dimension(Dimension.of("E2", DimensionLevel.ELEMENT, T))
            .section(Section.of("s1", T, items)).build();
    }

    static int[] ints(String column) {
        double[] d = SYN.doubles(column);
        int[] out = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (int) d[i];
        }
        return out;
    }

    static byte[] codes(String column, int min, boolean specials) {
        double[] q = SYN.doubles(column);
        byte[] out = new byte[q.length];
        for (int i = 0; i < q.length; i++) {
            if (Double.isNaN(q[i])) {
                out[i] = Exclusion.MISSING.code();
            } else if (specials && q[i] == 8) {
                out[i] = Exclusion.DONT_KNOW.code();
            } else if (specials && q[i] == 9) {
                out[i] = Exclusion.NOT_APPLICABLE.code();
            } else {
                out[i] = (byte) (q[i] - min);
            }
        }
        return out;
    }

    static SurveyData data(String design) {
        SurveyDesign.Builder b = SurveyDesign.builder(SYN.doubles("w")).strata(ints("stratum"));
        if (design.equals("syn_clus")) {
            b.clusters(ints("psu")).fpc(SYN.doubles("fpc"));
        }
        SurveyData d = SurveyData.of(b.build(), ints("province"));
        for (int k = 1; k <= 5; k++) {
            d = d.withCategorical(Variable.scale("q" + k, 1, 5), codes("q" + k, 1, true));
        }
        return d.withCategorical(Variable.scale("nps", 0, 10), codes("nps", 0, false));
    }

    private static double ref(String design, String domain, String variable, String statistic, String column) {
        for (int r = 0; r < REF.size(); r++) {
            if (REF.get(r, "design").equals(design) && REF.get(r, "domain").equals(domain)
                && REF.get(r, "variable").equals(variable) && REF.get(r, "statistic").equals(statistic)) {
                return Double.parseDouble(REF.get(r, column));
            }
        }
        throw new IllegalArgumentException("no reference " + design + " " + domain + " " + variable + " " + statistic);
    }

    private static void check(Estimate e, String design, String domain, String variable, String statistic) {
        // estimates.R writes the SIPAS shares and NPS in percent (x 100); the engine's shares are 0..1
        double unit = statistic.equals("sipas") || statistic.equals("nps") ? 0.01 : 1;
        double value = unit * ref(design, domain, variable, statistic, "value");
        double se = unit * ref(design, domain, variable, statistic, "se");
        assertThat(e.value()).as("%s %s %s value", design, domain, variable).isCloseTo(value, within(1e-9 * Math.abs(value)));
        assertThat(e.standardError()).as("%s %s %s se", design, domain, variable).isCloseTo(se, within(1e-9 * se));
    }

    @ParameterizedTest
    @ValueSource(strings = {"syn_clus", "syn_strat"})
    void sipasRollUpEqualsR(String design) {
        SurveyData data = data(design);
        SufficientStatistics stats = data.statistics(true);
        Estimator est = Estimator.withDefaults();
        Map<String, RollUpResult> results = new LinkedHashMap<>();
        results.put("all stats", RollUp.sipas().evaluate(instrument(), stats, est));
        results.put("all rows", RollUp.sipas().evaluate(instrument(), data, null, est));
        Map<Integer, RollUpResult> byProvince = RollUp.sipas().evaluateByDomain(instrument(), stats, est);
        assertThat(byProvince).containsOnlyKeys(1, 2, 3, 4, 5, 6);
        for (Map.Entry<String, RollUpResult> e : results.entrySet()) {
            RollUpResult r = e.getValue();
            for (String node : List.of("q1", "q2", "q3", "q4", "q5", "E1", "E2", "index")) {
                check(r.node(node).orElseThrow().estimate(), design, "all", node, "sipas");
            }
            assertThat(r.index().children()).containsExactly("E1", "E2");
            assertThat(r.level("element")).hasSize(2);
        }
        for (int p : new int[] {1, 4}) {
            RollUpResult rows = RollUp.sipas().evaluate(instrument(), data, p, est);
            for (String node : List.of("q1", "q5", "E1", "E2", "index")) {
                check(byProvince.get(p).node(node).orElseThrow().estimate(), design, "" + p, node, "sipas");
                check(rows.node(node).orElseThrow().estimate(), design, "" + p, node, "sipas");
            }
        }
        // every node counts the answers it used and left out: E1 sums q1..q3
        Estimate e1 = results.get("all stats").node("E1").orElseThrow().estimate();
        long valid = 0;
        long dk = 0;
        for (String q : List.of("q1", "q2", "q3")) {
            Estimate item = results.get("all stats").node(q).orElseThrow().estimate();
            valid += item.validN();
            dk += item.excluded().dontKnow();
        }
        assertThat(e1.validN()).isEqualTo(valid);
        assertThat(e1.excluded().dontKnow()).isEqualTo(dk).isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"syn_clus", "syn_strat"})
    void acsiCompositeNpsAndRescaledMeanEqualR(String design) {
        SurveyData data = data(design);
        SufficientStatistics stats = data.statistics(true);
        Estimator est = Estimator.withDefaults();
        Map<String, Double> w = new LinkedHashMap<>();
        w.put("q1", .3885);
        w.put("q2", .3190);
        w.put("q3", .2925);
        RollUp acsi = RollUp.composite(w);
        check(acsi.evaluate(instrument(), stats, est).index().estimate(), design, "all", "q1..q3", "acsi");
        check(acsi.evaluate(instrument(), data, 4, est).index().estimate(), design, "4", "q1..q3", "acsi");
        check(acsi.evaluateByDomain(instrument(), stats, est).get(1).index().estimate(), design, "1", "q1..q3", "acsi");
        check(est.estimate(stats, ItemScore.NPS.statistic("nps", Scale.nps())), design, "all", "nps", "nps");
        check(est.estimate(data, ItemScore.MEAN_0_100.statistic("nps", Scale.nps())), design, "all", "nps", "mean0to100");
    }

    @Test
    void itemScoresPerCategory() {
        // SIPAS / A-11: 4 and 5 of 5 are positive; SDG 16.6.2 on a 4-point scale: 3 and 4
        assertThat(ItemScore.POSITIVE.scores(sat5())).containsExactly(0, 0, 0, 1, 1);
        Scale four = Scale.of(1, 4, List.of(), 3, List.of());
        assertThat(ItemScore.POSITIVE.scores(four)).containsExactly(0, 0, 1, 1);
        assertThat(ItemScore.TOP_BOX.scores(sat5())).containsExactly(0, 0, 0, 0, 1);
        assertThat(ItemScore.TOP_2_BOX.scores(sat5())).containsExactly(0, 0, 0, 1, 1);
        assertThat(ItemScore.MEAN.scores(sat5())).containsExactly(1, 2, 3, 4, 5);
        assertThat(ItemScore.MEAN_0_100.scores(sat5())).containsExactly(0, 25, 50, 75, 100);
        assertThat(ItemScore.NPS.scores(Scale.nps())).containsExactly(-1, -1, -1, -1, -1, -1, -1, 0, 0, 1, 1);
        assertThatThrownBy(() -> ItemScore.NPS.scores(sat5())).hasMessageContaining("NPS needs the 0..10 scale, got 1..5");
    }

    @Test
    void anItemWithOnlyDontKnowIsLeftOutOfItsElementAndCounted() {
        int n = 6;
        double[] w = {1, 2, 1, 3, 1, 2};
        SurveyData d = SurveyData.of(SurveyDesign.builder(w).build());
        byte dk = Exclusion.DONT_KNOW.code();
        d = d.withCategorical(Variable.scale("q1", 1, 5), new byte[] {4, 3, 0, 4, 2, 1})
            .withCategorical(Variable.scale("q2", 1, 5), new byte[] {dk, dk, dk, dk, dk, dk})
            .withCategorical(Variable.scale("q3", 1, 5), new byte[] {4, 4, 4, 4, 4, 3})
            .withCategorical(Variable.scale("q4", 1, 5), new byte[] {dk, dk, dk, dk, dk, dk})
            .withCategorical(Variable.scale("q5", 1, 5), new byte[] {dk, dk, dk, dk, dk, dk});
        RollUpResult r = RollUp.sipas().evaluate(instrument(), d.statistics(true), Estimator.withDefaults());
        Estimate q2 = r.node("q2").orElseThrow().estimate();
        assertThat(q2.isDefined()).isFalse();
        assertThat(q2.validN()).isZero();
        assertThat(q2.excluded().dontKnow()).isEqualTo(n);
        // E1 = mean of q1 and q3 only: q1 = (2 + 3) / 10 positive weight share... computed by hand:
        // q1 positive rows 0, 1, 3 (codes 4, 3, 4) -> weights 1 + 2 + 3 = 6 of 10 -> 0.6;
        // q3 all positive but row 5 (code 3 = value 4, positive) -> 1
        assertThat(r.node("q1").orElseThrow().estimate().value()).isCloseTo(0.6, within(1e-12));
        assertThat(r.node("q3").orElseThrow().estimate().value()).isCloseTo(1, within(1e-12));
        Estimate e1 = r.node("E1").orElseThrow().estimate();
        assertThat(e1.value()).isCloseTo(0.8, within(1e-12));
        assertThat(e1.excluded().dontKnow()).isEqualTo(n);
        // E2: every answer don't know -> undefined, counted; the index is E1 alone
        Estimate e2 = r.node("E2").orElseThrow().estimate();
        assertThat(e2.isDefined()).isFalse();
        assertThat(e2.excluded().dontKnow()).isEqualTo(2L * n);
        assertThat(r.index().estimate().value()).isCloseTo(0.8, within(1e-12));
    }

    @Test
    void badConfigurationIsRejected() {
        assertThatThrownBy(() -> RollUp.composite(Map.of("q1", -1.0))).hasMessageContaining("weight of item q1 is -1.0");
        assertThatThrownBy(() -> RollUp.composite(Map.of())).hasMessageContaining("at least one");
        assertThatThrownBy(() -> RollUp.composite(Map.of("q9", 1.0)).evaluate(instrument(),
            data("syn_strat").statistics(true), Estimator.withDefaults())).hasMessageContaining("q9 is not a rating item");
        SufficientStatistics wrong = SurveyData.of(SurveyDesign.unweighted(2))
            .withCategorical(Variable.scale("q1", 0, 4), new byte[] {0, 1}).statistics(false);
        assertThatThrownBy(() -> RollUp.sipas().evaluate(instrument(), wrong, Estimator.withDefaults()))
            .hasMessageContaining("variable q1 is").hasMessageContaining("the instrument defines it as");
        Instrument weighted = Instrument.builder("w", "1").languages("en").title(T)
            .dimension(new Dimension("E1", DimensionLevel.ELEMENT, java.util.Optional.empty(), T, OptionalDouble.of(2)))
            .dimension(Dimension.of("E2", DimensionLevel.ELEMENT, T))
            .section(Section.of("s1", T, List.of(RatingQuestion.of("q1", T, sat5(), "E1"), RatingQuestion.of("q4", T, sat5(), "E2"))))
            .build();
        assertThatThrownBy(() -> RollUp.sipas().withDimensionWeights(true).evaluate(weighted,
            data("syn_strat").statistics(true), Estimator.withDefaults())).hasMessageContaining("partly weighted");
        assertThatThrownBy(() -> Estimator.withDefaults().withConfidenceLevel(1.0)).hasMessageContaining("(0, 1)");
        assertThat(Statistic.mean("q1").toString()).isEqualTo("mean(q1)");
    }
}
