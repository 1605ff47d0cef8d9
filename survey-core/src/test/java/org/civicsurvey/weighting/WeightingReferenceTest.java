package org.civicsurvey.weighting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.civicsurvey.stats.Design;
import org.civicsurvey.stats.Estimate;
import org.civicsurvey.stats.Estimator;
import org.civicsurvey.stats.Statistic;
import org.civicsurvey.stats.SurveyData;
import org.civicsurvey.stats.Variable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Weights and standard errors against R 4.2.2, survey 4.1.1: every case of
 * {@code reference/weighting/weighting-reference.R} ({@code postStratify}, {@code rake},
 * {@code calibrate} with linear, raking and logit distances and bounds, {@code trimWeights}, a
 * post-stratify-then-calibrate chain) on apiclus1, apistrat and a synthetic satisfaction survey.
 * Tolerance: relative 1e-8 on every unit's weight and on every standard error.
 */
class WeightingReferenceTest {
    private static final double REL = 1e-8;
    private static final Map<String, Map<String, Design>> CASES = new HashMap<>();

    private static Design design(String dataset, String caseName) {
        Design d = CASES.computeIfAbsent(dataset, ReferenceData::cases).get(caseName);
        if (d == null) {
            throw new IllegalStateException("no Java case " + dataset + "/" + caseName);
        }
        return d;
    }

    static Stream<Arguments> weightCases() {
        List<Arguments> out = new ArrayList<>();
        String[] ds = ReferenceData.WEIGHTS.strings("dataset");
        String[] cs = ReferenceData.WEIGHTS.strings("case");
        String last = "";
        for (int i = 0; i < ds.length; i++) {
            String key = ds[i] + "/" + cs[i];
            if (!key.equals(last)) {
                out.add(Arguments.of(ds[i], cs[i]));
                last = key;
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("weightCases")
    void weightsEqualR(String dataset, String caseName) {
        // R: weights(<case design>) as written by weighting-reference.R (R 4.2.2, survey 4.1.1)
        double[] expected = ReferenceData.referenceWeights(dataset, caseName);
        double[] actual = design(dataset, caseName).weights();
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("%s %s unit %d", dataset, caseName, i)
                    .isCloseTo(expected[i], within(REL * Math.abs(expected[i])));
        }
    }

    static Stream<Arguments> estimateCases() {
        return ReferenceData.referenceEstimates().stream()
                .map(e -> Arguments.of(e.dataset(), e.caseName(), e.variable(), e.statistic(), e));
    }

    @ParameterizedTest(name = "{0} {1} {3}({2})")
    @MethodSource("estimateCases")
    void standardErrorsEqualR(String dataset, String caseName, String variable, String statistic,
            ReferenceData.Estimate expected) {
        // R: svymean(~variable, design) / svytotal(~variable, design), coef and SE (R 4.2.2, survey 4.1.1)
        Design d = design(dataset, caseName);
        double[] y = ReferenceData.variables(dataset).get(variable);
        double[] w = d.weights();
        double sw = 0;
        double swy = 0;
        for (int i = 0; i < y.length; i++) {
            sw += w[i];
            swy += w[i] * y[i];
        }
        double estimate = statistic.equals("mean") ? swy / sw : swy;
        double[] z = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            z[i] = statistic.equals("mean") ? w[i] * (y[i] - swy / sw) / sw : w[i] * y[i];
        }
        double se = Math.sqrt(d.totalCovariance(new double[][] {z})[0][0]);
        assertThat(estimate).isCloseTo(expected.estimate(), within(1e-10 * Math.abs(expected.estimate())));
        // a total calibrated to itself has SE 0 up to rounding (R: ~1e-14); compare such SEs on the
        // scale of the estimate (1e-12 relative), every other SE at relative 1e-8
        assertThat(se).isCloseTo(expected.se(), within(Math.max(REL * expected.se(), 1e-12 * Math.abs(expected.estimate()))));
        assertThat(d.degreesOfFreedom()).isEqualTo(expected.degf());
    }

    @ParameterizedTest(name = "{0} {1} {3}({2}) via Estimator")
    @MethodSource("estimateCases")
    void engineEstimatorGivesRsStandardErrors(String dataset, String caseName, String variable, String statistic,
            ReferenceData.Estimate expected) {
        // R: svymean / svytotal on the weighted design (R 4.2.2, survey 4.1.1), through the engine's
        // Estimator, which calls CalibratedDesign.totalCovariance
        Design d = design(dataset, caseName);
        SurveyData data = SurveyData.of(d).withNumeric(Variable.numeric(variable), ReferenceData.variables(dataset).get(variable));
        Estimate e = Estimator.withDefaults().estimate(data,
                statistic.equals("mean") ? Statistic.mean(variable) : Statistic.total(variable));
        assertThat(e.value()).isCloseTo(expected.estimate(), within(1e-10 * Math.abs(expected.estimate())));
        assertThat(e.standardError()).isCloseTo(expected.se(),
                within(Math.max(REL * expected.se(), 1e-12 * Math.abs(expected.estimate()))));
    }

    @Test
    void domainMeansOnWeightedDesignsEqualR() {
        // R 4.2.2, survey 4.1.1: svyby(~api00, ~awards, <design>, svymean) -> domain-estimates.csv
        org.civicsurvey.testing.CsvTable t = org.civicsurvey.testing.CsvTable.resource("/reference/weighting/domain-estimates.csv");
        int[] awards = ReferenceData.codes(ReferenceData.APICLUS1, "awards", ReferenceData.YES_NO);
        double[] est = t.doubles("estimate");
        double[] se = t.doubles("se");
        for (int r = 0; r < t.size(); r++) {
            Design d = design("apiclus1", t.get(r, "case"));
            SurveyData data = SurveyData.of(d, awards).withNumeric(Variable.numeric("api00"),
                    ReferenceData.APICLUS1.doubles("api00"));
            int code = ReferenceData.YES_NO.indexOf(t.get(r, "domain"));
            Estimate e = Estimator.withDefaults().byDomain(data, Statistic.mean("api00")).get(code);
            assertThat(e.value()).as("%s %s", t.get(r, "case"), t.get(r, "domain")).isCloseTo(est[r], within(1e-10 * est[r]));
            assertThat(e.standardError()).as("%s %s", t.get(r, "case"), t.get(r, "domain"))
                    .isCloseTo(se[r], within(REL * se[r]));
        }
    }

    @Test
    void publishedPostStratifiedMeanOfApi00() {
        // Published: survey package documentation, ?postStratify example (survey 4.1.1):
        // svymean(~api00, postStratify(dclus1, ~stype, pop.types)) -> mean 642.31, SE 23.921
        Design d = design("apiclus1", "poststratify_stype");
        double[] y = ReferenceData.APICLUS1.doubles("api00");
        double[] w = d.weights();
        double sw = 0;
        double swy = 0;
        for (int i = 0; i < y.length; i++) {
            sw += w[i];
            swy += w[i] * y[i];
        }
        double mean = swy / sw;
        double[] z = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            z[i] = w[i] * (y[i] - mean) / sw;
        }
        assertThat(mean).isCloseTo(642.31, within(0.005));
        // R displays 23.921 although SE() is 23.9204864451 (print.svystat's rounding of the SE column),
        // so the published figure is matched to one unit in its last printed digit.
        assertThat(Math.sqrt(d.totalVariance(z))).isCloseTo(23.921, within(0.001));
    }

    @Test
    void weightSummariesEqualR() {
        // R: weight-summary.csv from weighting-reference.R; cv = sqrt(mean((w - mean(w))^2)) / mean(w),
        // kish_n = sum(w)^2 / sum(w^2), deff = n * sum(w^2) / sum(w)^2 (Kish 1965, 1992)
        for (int r = 0; r < ReferenceData.SUMMARY.size(); r++) {
            String dataset = ReferenceData.SUMMARY.get(r, "dataset");
            String caseName = ReferenceData.SUMMARY.get(r, "case");
            WeightSummary s = WeightSummary.of(design(dataset, caseName).weights());
            String[] cols = {"min", "max", "mean", "sum", "cv", "kish_n", "deff"};
            double[] got = {s.min(), s.max(), s.mean(), s.sum(), s.coefficientOfVariation(), s.kishEffectiveN(),
                s.designEffect()};
            for (int c = 0; c < cols.length; c++) {
                double e = ReferenceData.SUMMARY.doubles(cols[c])[r];
                assertThat(got[c]).as("%s %s %s", dataset, caseName, cols[c]).isCloseTo(e, within(REL * Math.abs(e)));
            }
            assertThat(s.n()).isEqualTo((int) ReferenceData.SUMMARY.doubles("n")[r]);
            assertThat(s.designEffect()).isCloseTo(1 + s.coefficientOfVariation() * s.coefficientOfVariation(),
                    within(1e-12));
        }
    }
}
