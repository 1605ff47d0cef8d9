package org.civicsurvey.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.civicsurvey.testing.CsvTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Wilson, lonely PSUs through sufficient statistics, and bad or degenerate input. */
class EdgeCaseTest {
    private static final CsvTable REF = CsvTable.resource("/reference/engine/estimates.csv");
    private static final CsvTable KERNEL = CsvTable.resource("/reference/engine/kernel.csv");

    @ParameterizedTest
    @ValueSource(doubles = {0.95, 0.90})
    void wilsonWithSrsVarianceEqualsPropTest(double level) {
        // R 4.2.2: prop.test(37, 120, correct = FALSE, conf.level = level)$conf.int (estimates.R)
        int row = -1;
        for (int r = 0; r < REF.size(); r++) {
            if (REF.get(r, "statistic").equals("wilson") && Double.parseDouble(REF.get(r, "domain")) == level) {
                row = r;
            }
        }
        double p = 37.0 / 120;
        double[] ci = ProportionInterval.WILSON.interval(p, p * (1 - p) / 120, 119, 120, level);
        double lo = Double.parseDouble(REF.get(row, "lower"));
        double hi = Double.parseDouble(REF.get(row, "upper"));
        assertThat(ci[0]).isCloseTo(lo, within(1e-9 * lo));
        assertThat(ci[1]).isCloseTo(hi, within(1e-9 * hi));
    }

    @ParameterizedTest
    @EnumSource(value = LonelyPsu.class, names = {"REMOVE", "ADJUST", "AVERAGE", "CERTAINTY"})
    void lonelyPsuThroughStatisticsEqualsR(LonelyPsu policy) {
        // kernel.csv: R survey 4.1.1, options(survey.lonely.psu = policy), vcov(svymean(~api00, d))
        String name = "lone_" + policy.name().toLowerCase(java.util.Locale.ROOT);
        double expected = Double.NaN;
        for (int r = 0; r < KERNEL.size(); r++) {
            if (KERNEL.get(r, "design").equals(name) && KERNEL.get(r, "stat").equals("mean")
                && KERNEL.get(r, "var1").equals("api00") && KERNEL.get(r, "var2").equals("api00")) {
                expected = Double.parseDouble(KERNEL.get(r, "cov"));
            }
        }
        SurveyData data = SurveyData.of(ApiData.lonelyStratum(policy))
            .withNumeric(Variable.numeric("api00"), ApiData.STRAT.doubles("api00"));
        Estimate fromStats = Estimator.withDefaults().estimate(data.statistics(false), Statistic.mean("api00"));
        Estimate fromRows = Estimator.withDefaults().estimate(data, Statistic.mean("api00"));
        assertThat(fromStats.variance()).isCloseTo(expected, within(1e-9 * expected));
        assertThat(fromRows.variance()).isCloseTo(expected, within(1e-9 * expected));
    }

    @Test
    void lonelyPsuFailThroughStatisticsNamesTheStratum() {
        SurveyData data = SurveyData.of(ApiData.lonelyStratum(LonelyPsu.FAIL))
            .withNumeric(Variable.numeric("api00"), ApiData.STRAT.doubles("api00"));
        assertThatThrownBy(() -> Estimator.withDefaults().estimate(data.statistics(false), Statistic.mean("api00")))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("stratum 99 has only one PSU");
    }

    @ParameterizedTest
    @ValueSource(strings = {"logit", "asin", "beta", "mean"})
    void domainWithNoDegreesOfFreedomGetsTheWholeInterval(String method) {
        // estimates.R, design "dfzero" (R 4.2.2, survey 4.1.1): two-stage, stratified, fpc at both stages;
        // domain 7 = the rows of one PSU, so degf(subset) = 0 while its SE is positive.
        // svyby(~I(q >= 4), ~dom, desz, svyciprop, method = m) gives NaN limits (qt(., 0)); the engine [0, 1].
        // svyby(..., df = degf(desz)) (4 df) gives finite limits ("beta" ignores df: NaN again).
        int n = 24;
        int[] strata = new int[n];
        int[] psu = new int[n];
        int[] ssu = new int[n];
        int[] domain = new int[n];
        byte[] q = new byte[n];
        double[] w = new double[n];
        double[] fpc1 = new double[n];
        double[] fpc2 = new double[n];
        for (int i = 0; i < n; i++) {
            strata[i] = i / 12;
            psu[i] = i / 4;
            ssu[i] = i / 2;
            domain[i] = psu[i] == 0 ? 7 : 8;
            q[i] = (byte) (i * 7 % 5);
            w[i] = 1 + i % 3;
            fpc1[i] = 10;
            fpc2[i] = 4;
        }
        SurveyData data = SurveyData.of(SurveyDesign.builder(w).strata(strata).clusters(psu, ssu).fpc(fpc1, fpc2).build(),
            domain).withCategorical(Variable.scale("q", 1, 5), q);
        ProportionInterval interval = method.equals("logit") ? ProportionInterval.LOGIT : method.equals("asin")
            ? ProportionInterval.ASIN : method.equals("beta") ? ProportionInterval.KORN_GRAUBARD : ProportionInterval.WALD;
        double tol = method.equals("logit") ? 1e-7 : method.equals("beta") ? 1e-8 : 1e-9;
        Estimator est = Estimator.withDefaults().withProportionInterval(interval);
        assertThat(est.fullDesignDfForDomainProportions()).isFalse();
        for (boolean full : new boolean[] {false, true}) {
            String label = full ? method + "+designdf" : method;
            int row = -1;
            for (int r = 0; r < REF.size(); r++) {
                if (REF.get(r, "design").equals("dfzero") && REF.get(r, "method").equals(label)) {
                    row = r;
                }
            }
            Estimator e = est.withFullDesignDfForDomainProportions(full);
            for (Estimate x : List.of(e.estimate(data, Statistic.proportion("q", 4, 5).in(7)),
                                      e.byDomain(data, Statistic.proportion("q", 4, 5)).get(7))) {
                double se = Double.parseDouble(REF.get(row, "se"));
                assertThat(x.value()).as(label).isCloseTo(Double.parseDouble(REF.get(row, "value")), within(1e-9));
                assertThat(x.standardError()).as(label).isCloseTo(se, within(1e-9 * se));
                if (REF.get(row, "lower").equals("NA")) {
                    assertThat(x.lower()).as(label).isZero();
                    assertThat(x.upper()).as(label).isEqualTo(1);
                } else {
                    double lo = Double.parseDouble(REF.get(row, "lower"));
                    double hi = Double.parseDouble(REF.get(row, "upper"));
                    assertThat(x.lower()).as(label).isCloseTo(lo, within(tol * lo));
                    assertThat(x.upper()).as(label).isCloseTo(hi, within(tol * hi));
                }
            }
        }
    }

    private static SurveyData smallData() {
        byte dk = Exclusion.DONT_KNOW.code();
        byte na = Exclusion.NOT_APPLICABLE.code();
        double[] w = {1, 2, 3, 4, 5, 6};
        int[] domain = {1, 1, 2, 2, 3, 3};
        return SurveyData.of(SurveyDesign.builder(w).build(), domain)
            .withCategorical(Variable.scale("q", 1, 5), new byte[] {0, 4, dk, na, 3, 3})
            .withNumeric(Variable.numeric("x"), new double[] {1, 2, Double.NaN, Double.NaN, 7, 7});
    }

    @Test
    void allDontKnowAndEmptyDomainsAreUndefinedButCounted() {
        SurveyData data = smallData();
        for (Object input : List.of(data, data.statistics(false))) {
            Estimator est = Estimator.withDefaults();
            Estimate allDk = input instanceof SurveyData
                ? est.estimate((SurveyData) input, Statistic.mean("q").in(2))
                : est.estimate((SufficientStatistics) input, Statistic.mean("q").in(2));
            assertThat(allDk.isDefined()).isFalse();
            assertThat(allDk.value()).isNaN();
            assertThat(allDk.validN()).isZero();
            assertThat(allDk.excluded()).isEqualTo(new Exclusions(1, 1, 0, 0, 0));
            Estimate empty = input instanceof SurveyData
                ? est.estimate((SurveyData) input, Statistic.proportion("q", 4, 5).in(42))
                : est.estimate((SufficientStatistics) input, Statistic.proportion("q", 4, 5).in(42));
            assertThat(empty.isDefined()).isFalse();
            assertThat(empty.validN()).isZero();
            assertThat(empty.excluded().total()).isZero();
            // domain 3: both answers 4 -> zero variance: SE 0, interval collapsed, deff undefined
            Estimate constant = input instanceof SurveyData
                ? est.estimate((SurveyData) input, Statistic.mean("x").in(3))
                : est.estimate((SufficientStatistics) input, Statistic.mean("x").in(3));
            assertThat(constant.value()).isEqualTo(7);
            assertThat(constant.standardError()).isZero();
            assertThat(constant.lower()).isEqualTo(7);
            assertThat(constant.upper()).isEqualTo(7);
            assertThat(constant.designEffect()).isNaN();
            assertThat(constant.effectiveSampleSize()).isCloseTo(121.0 / 61, within(1e-12));
        }
        Map<Integer, Estimate> by = Estimator.withDefaults().byDomain(data, Statistic.proportion("q", 4, 5));
        assertThat(by).containsOnlyKeys(1, 2, 3);
        assertThat(by.get(2).isDefined()).isFalse();
        assertThat(by.get(3).value()).isEqualTo(1);
        assertThat(by.get(3).lower()).isEqualTo(1); // p = 1: [p, p] by every method
        // a combination with an undefined part is undefined, counts still summed
        EstimateSet set = Estimator.withDefaults().estimate(data, List.of(Statistic.mean("q").in(1), Statistic.mean("q").in(2)));
        Estimate diff = set.difference(0, 1);
        assertThat(diff.isDefined()).isFalse();
        assertThat(diff.validN()).isEqualTo(2);
        assertThat(diff.excluded().dontKnow()).isEqualTo(1);
    }

    @Test
    void badLevelsAndArgumentsAreRejected() {
        for (double level : new double[] {0, 1, -0.5, 1.5, Double.NaN}) {
            assertThatThrownBy(() -> Estimator.withDefaults().withConfidenceLevel(level))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be in (0, 1)");
            assertThatThrownBy(() -> ProportionInterval.LOGIT.interval(0.5, 0.01, 10, 100, level))
                .hasMessageContaining("must be in (0, 1)");
        }
        assertThatThrownBy(() -> ProportionInterval.WALD.interval(1.5, 0.01, 10, 100, 0.95)).hasMessageContaining("proportion is 1.5");
        assertThatThrownBy(() -> ProportionInterval.WALD.interval(0.5, -1, 10, 100, 0.95)).hasMessageContaining("variance is -1.0");
        assertThatThrownBy(() -> Statistic.proportion("q")).hasMessageContaining("at least one category");
        assertThatThrownBy(() -> Statistic.scoredMean("q", 1, Double.NaN)).hasMessageContaining("score 1 of q is NaN");
        SurveyData data = smallData();
        assertThatThrownBy(() -> Estimator.withDefaults().estimate(data, Statistic.proportion("q", 6)))
            .hasMessageContaining("6.0 is not a category");
        assertThatThrownBy(() -> Estimator.withDefaults().estimate(data, Statistic.scoredMean("q", 1, 2)))
            .hasMessageContaining("has 2 scores; the variable has 5 categories");
        assertThatThrownBy(() -> data.withNumeric(Variable.numeric("x"), new double[6])).hasMessageContaining("added twice");
        assertThatThrownBy(() -> data.withNumeric(Variable.numeric("y"), new double[5])).hasMessageContaining("length 5");
        assertThatThrownBy(() -> new Estimate(1, Double.NaN, 0, 2, 0.95, 1, 1, Exclusions.NONE, 1, 1))
            .hasMessageContaining("finite standard error");
        assertThatThrownBy(() -> new Exclusions(-1, 0, 0, 0, 0)).hasMessageContaining("DONT_KNOW count is -1");
        // t intervals with no degrees of freedom are infinite, not NaN
        Estimator t = Estimator.withDefaults().withDesignDegreesOfFreedom(true);
        SurveyData two = SurveyData.of(SurveyDesign.builder(new double[] {1, 1}).strata(new int[] {1, 2})
            .lonelyPsu(LonelyPsu.ADJUST).build()).withNumeric(Variable.numeric("x"), new double[] {1, 3});
        Estimate e = t.estimate(two, Statistic.mean("x"));
        assertThat(e.degreesOfFreedom()).isZero();
        assertThat(e.lower()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(e.upper()).isEqualTo(Double.POSITIVE_INFINITY);
    }
}
