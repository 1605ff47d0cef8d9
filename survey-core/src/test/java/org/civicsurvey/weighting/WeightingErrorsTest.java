package org.civicsurvey.weighting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.civicsurvey.stats.SurveyDesign;
import org.civicsurvey.testing.CsvTable;
import org.junit.jupiter.api.Test;

/** Convergence reports, bad input and the error messages that name the margin, cell or unit. */
class WeightingErrorsTest {
    private static final List<String> AB = List.of("a", "b");

    private static SurveyDesign design(double... w) {
        return SurveyDesign.builder(w).build();
    }

    @Test
    void rakeStoppedEarlyReportsRsDiscrepanciesAndWeights() {
        // R 4.2.2, survey 4.1.1: rake(dsat, list(~province, ~sex, ~age), ..., control = list(maxit = 2,
        // epsilon = 1e-13)) stops after 2 sweeps; rake-2-sweeps-discrepancy.csv holds
        // max(abs(svytable(~margin, design) - population)) per margin, weights.csv its weights.
        CsvTable t = ReferenceData.SATISFACTION;
        Margin pm = Margin.of("province", ReferenceData.codes(t, "province", ReferenceData.PROVINCES),
                ReferenceData.PROVINCES, ReferenceData.population("province"));
        Margin sm = Margin.of("sex", ReferenceData.codes(t, "sex", ReferenceData.SEXES), ReferenceData.SEXES,
                ReferenceData.population("sex"));
        Margin am = Margin.of("age", ReferenceData.codes(t, "age", ReferenceData.AGES), ReferenceData.AGES,
                ReferenceData.population("age"));
        Weighting twoSweeps = Weighting.withDefaults().withMaxIterations(2).withTolerance(1e-13);
        WeightingResult r = twoSweeps.rake(ReferenceData.satisfaction(), List.of(pm, sm, am));
        ConvergenceReport report = r.report();
        assertThat(report.converged()).isFalse();
        assertThat(report.iterations()).isEqualTo(2);
        CsvTable gaps = CsvTable.resource("/reference/weighting/rake-2-sweeps-discrepancy.csv");
        double[] expected = gaps.doubles("largest_abs_discrepancy");
        assertThat(report.discrepancies()).extracting(Discrepancy::margin).containsExactly("province", "sex", "age");
        assertThat(report.discrepancies().get(0).absolute()).isCloseTo(expected[0], within(1e-8 * expected[0]));
        assertThat(report.discrepancies().get(1).absolute()).isCloseTo(expected[1], within(1e-8 * expected[1]));
        assertThat(report.discrepancies().get(2).absolute()).isLessThan(1e-8);
        double[] w = ReferenceData.referenceWeights("satisfaction", "rake_province_sex_age_2_sweeps");
        double[] got = r.design().weights();
        for (int i = 0; i < w.length; i++) {
            assertThat(got[i]).isCloseTo(w[i], within(1e-10 * w[i]));
        }
        assertThat(report.toString()).contains("did NOT converge after 2").contains("province");

        assertThatThrownBy(() -> twoSweeps.requiringConvergence(true).rake(ReferenceData.satisfaction(), List.of(pm, sm, am)))
                .isInstanceOf(WeightingException.class).hasMessageContaining("raking did not converge")
                .hasMessageContaining("province")
                .satisfies(e -> assertThat(((WeightingException) e).report()).get()
                        .extracting(ConvergenceReport::iterations).isEqualTo(2));
    }

    @Test
    void infeasibleBoundsAreReportedNotLoopedOn() {
        // R 4.2.2, survey 4.1.1: calibrate(dclus1, ~stype + api99, pop.totals, bounds = c(0.9, 1.1), maxit = 100)
        // stops with "Calibration failed" (grake: "Failed to converge: eps=0.3808... in 101 iterations")
        CsvTable t = ReferenceData.APICLUS1;
        CalibrationModel m = CalibrationModel.builder(t.size()).intercept()
                .factor("stype", ReferenceData.codes(t, "stype", ReferenceData.STYPE), ReferenceData.STYPE)
                .numeric("api99", t.doubles("api99")).build();
        double[] totals = {6194, 755, 1018, 3914069};
        Weighting w = Weighting.withDefaults().withMaxIterations(100);
        WeightingResult r = w.calibrate(ReferenceData.clus1(), m, totals, CalibrationDistance.LINEAR, Bounds.of(0.9, 1.1));
        assertThat(r.report().converged()).isFalse();
        assertThat(r.report().iterations()).isEqualTo(100);
        assertThat(r.report().discrepancies()).hasSize(4);
        assertThat(r.report().discrepancies().stream().mapToDouble(Discrepancy::relative).max().orElseThrow())
                .isGreaterThan(1e-3);
        assertThatThrownBy(() -> w.requiringConvergence(true).calibrate(ReferenceData.clus1(), m, totals,
                CalibrationDistance.LINEAR, Bounds.of(0.9, 1.1)))
                .isInstanceOf(WeightingException.class).hasMessageContaining("calibration did not converge");
    }

    @Test
    void populationCellWithoutRespondentsIsNamed() {
        Margin m = Margin.of("region", new int[] {0, 0, 2}, List.of("north", "centre", "south"), new double[] {10, 5, 7});
        assertThatThrownBy(() -> Weighting.withDefaults().postStratify(design(1, 1, 1), m))
                .isInstanceOf(WeightingException.class)
                .hasMessageContaining("margin 'region', category 'centre'").hasMessageContaining("no sample respondents");
        assertThatThrownBy(() -> Weighting.withDefaults().rake(design(1, 1, 1), List.of(m)))
                .isInstanceOf(WeightingException.class).hasMessageContaining("'centre'");
        Margin zero = Margin.of("region", new int[] {0, 1, 1}, AB, new double[] {10, 5});
        assertThatThrownBy(() -> Weighting.withDefaults().postStratify(design(1, 0, 0), zero))
                .isInstanceOf(WeightingException.class).hasMessageContaining("'b'").hasMessageContaining("weight 0");
    }

    @Test
    void marginsWhoseTotalsDisagreeAreNamed() {
        Margin a = Margin.of("sex", new int[] {0, 1, 1}, AB, new double[] {50, 50});
        Margin b = Margin.of("age", new int[] {0, 0, 1}, AB, new double[] {60, 41});
        assertThatThrownBy(() -> Weighting.withDefaults().rake(design(1, 1, 1), List.of(a, b)))
                .isInstanceOf(WeightingException.class).hasMessageContaining("'sex' is 100.0")
                .hasMessageContaining("'age' is 101.0");
    }

    @Test
    void sampleCategoryMissingFromPopulationTableIsNamed() {
        assertThatThrownBy(() -> Margin.of("stype", new int[] {0, 3}, List.of("E", "H", "M"), new double[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("margin 'stype': unit 1 has category code 3")
                .hasMessageContaining("not in the population table");
        Map<String, Integer> pop = new LinkedHashMap<>();
        pop.put("E", 4421);
        pop.put("H", 755);
        assertThatThrownBy(() -> Margin.ofLabels("stype", new String[] {"E", "M"}, pop))
                .hasMessageContaining("unit 1 has category 'M', which is missing from the population table [E, H]");
        assertThatThrownBy(() -> Margin.crossed("sex:age", List.of(new int[] {0}, new int[] {2}), List.of(AB, AB),
                new double[] {1, 1, 1, 1})).hasMessageContaining("unit 0 has code 2 for crossed variable 1");
    }

    @Test
    void nonPositivePopulationCountsAreRejected() {
        for (double bad : new double[] {0, -3, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> Margin.of("sex", new int[] {0, 1}, AB, new double[] {5, bad}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("margin 'sex', category 'b': population count is " + bad)
                    .hasMessageContaining("finite number > 0");
        }
    }

    @Test
    void badWeightsAreRejectedNamingTheUnit() {
        Margin m = Margin.of("sex", new int[] {0, 1, 1}, AB, new double[] {5, 5});
        assertThatThrownBy(() -> WeightSummary.of(new double[] {1, Double.NaN})).hasMessageContaining("unit 1 is NaN");
        assertThatThrownBy(() -> WeightSummary.of(new double[] {1, -2})).hasMessageContaining("unit 1 is -2.0");
        assertThatThrownBy(() -> WeightSummary.of(new double[0])).hasMessageContaining("no weights");
        assertThatThrownBy(() -> WeightSummary.of(new double[] {0, 0})).hasMessageContaining("all 2 weights are 0");
        // rake and calibrate divide by the weights (R's variance), so they need positive ones
        assertThatThrownBy(() -> Weighting.withDefaults().rake(design(1, 0, 2), List.of(m)))
                .hasMessageContaining("weight of unit 1 is 0.0").hasMessageContaining("> 0");
        // post-stratification keeps a zero weight at zero, as R
        double[] w = Weighting.withDefaults().postStratify(design(1, 0, 2), m).design().weights();
        assertThat(w).containsExactly(5, 0, 5);
    }

    @Test
    void calibrationInputIsChecked() {
        CalibrationModel m = CalibrationModel.builder(3).intercept().numeric("x", new double[] {1, 2, 3}).build();
        SurveyDesign d = design(1, 1, 1);
        Weighting w = Weighting.withDefaults();
        assertThatThrownBy(() -> w.calibrate(d, m, new double[] {3})).hasMessageContaining("1 population totals for 2");
        assertThatThrownBy(() -> w.calibrate(d, m, new double[] {3, Double.NaN})).hasMessageContaining("'x' is NaN");
        assertThatThrownBy(() -> w.calibrate(d, m, new double[] {3, 6}, CalibrationDistance.LOGIT, Bounds.NONE))
                .hasMessageContaining("logit calibration needs finite bounds");
        CalibrationModel collinear = CalibrationModel.builder(3).intercept().numeric("two", new double[] {2, 2, 2}).build();
        assertThatThrownBy(() -> w.calibrate(d, collinear, new double[] {3, 6}))
                .isInstanceOf(WeightingException.class).hasMessageContaining("collinear").hasMessageContaining("[two]");
        CalibrationModel empty = CalibrationModel.builder(3).intercept()
                .factor("g", new int[] {0, 0, 0}, AB).build();
        assertThatThrownBy(() -> w.calibrate(d, empty, new double[] {3, 1}))
                .isInstanceOf(WeightingException.class).hasMessageContaining("'gb' is 0 for every respondent");
        // a zero column with total 0 is dropped, as R's calibrate does
        assertThat(w.calibrate(d, empty, new double[] {6, 0}).design().weights()).containsExactly(2, 2, 2);
        assertThatThrownBy(() -> CalibrationModel.builder(2).numeric("x", new double[] {1, Double.NaN}))
                .hasMessageContaining("'x': unit 1 has value NaN");
        assertThatThrownBy(() -> CalibrationModel.builder(2).factor("f", new int[] {0, 2}, AB))
                .hasMessageContaining("unit 1 has code 2");
        assertThatThrownBy(() -> Bounds.of(1.2, 2)).hasMessageContaining("lower < 1 < upper");
        assertThatThrownBy(() -> w.withTolerance(0)).hasMessageContaining("tolerance is 0.0");
        assertThatThrownBy(() -> w.withMaxIterations(0)).hasMessageContaining("maxIterations is 0");
    }

    @Test
    void trimmingKeepsTheTotalAndRejectsTheImpossible() {
        Weighting w = Weighting.withDefaults();
        // R 4.2.2, survey 4.1.1: weights(trimWeights(svydesign(~1, weights = ~w, data = data.frame(w = c(1, 2, 3, 10))),
        //   upper = 5)) = 1 + 5/3, 2 + 5/3, 3 + 5/3, 5
        double[] t = w.trim(design(1, 2, 3, 10), Double.NEGATIVE_INFINITY, 5, false).weights();
        assertThat(t).containsExactly(new double[] {1 + 5 / 3.0, 2 + 5 / 3.0, 3 + 5 / 3.0, 5}, within(1e-12));
        assertThatThrownBy(() -> w.trim(design(1, 2), 3, 1, false)).hasMessageContaining("lower <= upper");
        assertThatThrownBy(() -> w.trim(design(1, 10), 2, 3, true)).isInstanceOf(WeightingException.class)
                .hasMessageContaining("need a mean weight of 5.5");
        assertThatThrownBy(() -> w.trim(design(1, 10), 2, 3, false)).isInstanceOf(WeightingException.class)
                .hasMessageContaining("all 2 weights are outside");
    }

    @Test
    void calibratedDesignChecksInfluenceValuesAndNamesItsSteps() {
        Margin m = Margin.of("sex", new int[] {0, 1, 1}, AB, new double[] {5, 5});
        CalibratedDesign d = Weighting.withDefaults().postStratify(design(1, 1, 2), m).design();
        assertThatThrownBy(() -> d.totalCovariance(new double[][] {{1, 2}})).hasMessageContaining("z[0] has length 2");
        assertThatThrownBy(() -> d.totalCovariance(new double[][] {{1, Double.NaN, 2}}))
                .hasMessageContaining("z[0][1] is NaN");
        CalibratedDesign r = Weighting.withDefaults().rake(d, List.of(m)).design();
        assertThat(r.steps()).containsExactly("postStratify(sex)", "rake(sex)");
        assertThat(r.weightSummary().sum()).isCloseTo(10, within(1e-12));
    }
}
