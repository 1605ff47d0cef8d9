package org.civicsurvey.analysis.drivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.civicsurvey.testing.CsvTable;
import org.junit.jupiter.api.Test;

/**
 * Driver analysis against R 4.2.2 (base R only). Every expected value comes from
 * {@code reference/drivers/drivers-expected.csv}, written by {@code reference/drivers/drivers.R}:
 * {@code cor.test}, {@code cor.test(method = "spearman", exact = FALSE)}, {@code lm(scale(y) ~
 * scale(X))} / {@code lm(y ~ X, weights = w)}, LMG written out over all subsets with Shapley weights
 * (and, for attitude, over all 720 orderings), Johnson's relative weights by {@code eigen}.
 */
class DriverAnalysisTest {
    private static final double TOL = 1e-9;
    private static final Map<String, Double> EXPECTED = expected();

    private static Map<String, Double> expected() {
        CsvTable t = CsvTable.resource("/reference/drivers/drivers-expected.csv");
        String[] cases = t.strings("case");
        String[] drivers = t.strings("driver");
        String[] stats = t.strings("statistic");
        double[] values = t.doubles("value");
        Map<String, Double> map = new HashMap<>();
        for (int i = 0; i < values.length; i++) {
            map.put(cases[i] + "/" + drivers[i] + "/" + stats[i], values[i]);
        }
        return map;
    }

    private static double r(String key) {
        Double v = EXPECTED.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no reference value " + key);
        }
        return v;
    }

    private static DriverResult attitude() {
        CsvTable t = CsvTable.resource("/reference/drivers/attitude.csv");
        List<String> names = List.of("complaints", "privileges", "learning", "raises", "critical", "advance");
        double[][] x = new double[names.size()][];
        for (int j = 0; j < names.size(); j++) {
            x[j] = t.doubles(names.get(j));
        }
        return DriverAnalysis.withDefaults().analyze(t.doubles("rating"), x, names);
    }

    private static List<String> syntheticNames() {
        List<String> names = new ArrayList<>();
        for (int j = 1; j <= 15; j++) {
            names.add(String.format("d%02d", j));
        }
        return names;
    }

    private static double[][] syntheticDrivers(CsvTable t) {
        List<String> names = syntheticNames();
        double[][] x = new double[names.size()][];
        for (int j = 0; j < names.size(); j++) {
            x[j] = t.doubles(names.get(j));
        }
        return x;
    }

    private static void assertMatches(String rCase, DriverResult result) {
        // R: nrow after complete.cases, summary(lm(...))$r.squared
        assertThat(result.used()).isEqualTo((int) r(rCase + "//n"));
        assertThat(result.excluded()).isEqualTo((int) r(rCase + "//excluded"));
        assertThat(result.rSquared()).isCloseTo(r(rCase + "//rSquared"), within(TOL));
        double lmgSum = 0;
        double rwSum = 0;
        for (DriverStatistics d : result.drivers()) {
            String k = rCase + "/" + d.name() + "/";
            check(k + "pearson", d, s -> s.pearson().estimate());
            check(k + "pearsonLower", d, s -> s.pearson().lower());
            check(k + "pearsonUpper", d, s -> s.pearson().upper());
            checkRelative(k + "pearsonP", d.pearson().pValue());
            check(k + "spearman", d, s -> s.spearman().estimate());
            check(k + "spearmanLower", d, s -> s.spearman().lower());
            check(k + "spearmanUpper", d, s -> s.spearman().upper());
            checkRelative(k + "spearmanP", d.spearman().pValue());
            check(k + "beta", d, s -> s.beta().estimate());
            check(k + "betaSe", d, s -> s.beta().standardError());
            check(k + "betaT", d, s -> s.beta().t());
            checkRelative(k + "betaP", d.beta().pValue());
            check(k + "lmg", d, DriverStatistics::lmg);
            check(k + "relativeWeight", d, DriverStatistics::relativeWeight);
            lmgSum += d.lmg();
            rwSum += d.relativeWeight();
        }
        assertThat(lmgSum).isCloseTo(result.rSquared(), within(1e-12));
        assertThat(rwSum).isCloseTo(result.rSquared(), within(1e-12));
    }

    private static void check(String key, DriverStatistics d, ToDoubleFunction<DriverStatistics> f) {
        assertThat(f.applyAsDouble(d)).as(key).isCloseTo(r(key), within(TOL));
    }

    /** p-values down to 1e-46: relative tolerance 1e-9 (R writes 15 significant digits). */
    private static void checkRelative(String key, double actual) {
        double expected = r(key);
        assertThat(actual).as(key).isCloseTo(expected, within(TOL * Math.max(expected, 1e-300) + 1e-300));
    }

    @Test
    void attitudeMatchesR() {
        assertMatches("attitude", attitude());
        assertThat(attitude().weighted()).isFalse();
        assertThat(attitude().effectiveSize()).isEqualTo(30.0);
    }

    @Test
    void syntheticFifteenDriversWithMissingValuesMatchesR() {
        CsvTable t = CsvTable.resource("/reference/drivers/synthetic.csv");
        DriverResult result = DriverAnalysis.withDefaults().analyze(t.doubles("overall"), syntheticDrivers(t),
                syntheticNames());
        assertMatches("synthetic", result);
    }

    @Test
    void syntheticWeightedMatchesR() {
        CsvTable t = CsvTable.resource("/reference/drivers/synthetic.csv");
        DriverResult result = DriverAnalysis.withDefaults().analyze(t.doubles("overall"), syntheticDrivers(t),
                syntheticNames(), t.doubles("w"));
        assertMatches("synthetic_weighted", result);
        // R: sum(w)^2 / sum(w^2) over complete.cases
        assertThat(result.effectiveSize()).isCloseTo(r("synthetic_weighted//effectiveN"), within(1e-9));
        assertThat(result.weighted()).isTrue();
    }

    @Test
    void namedColumnsOfSurveyDataWithTheDesignWeightsMatchR() {
        // the same weighted reference as syntheticWeightedMatchesR, the columns named in a SurveyData
        CsvTable t = CsvTable.resource("/reference/drivers/synthetic.csv");
        double[][] x = syntheticDrivers(t);
        List<String> names = syntheticNames();
        org.civicsurvey.stats.SurveyData data = org.civicsurvey.stats.SurveyData
            .of(org.civicsurvey.stats.SurveyDesign.builder(t.doubles("w")).build())
            .withNumeric(org.civicsurvey.stats.Variable.numeric("overall"), t.doubles("overall"));
        for (int j = 0; j < names.size(); j++) {
            data = data.withNumeric(org.civicsurvey.stats.Variable.numeric(names.get(j)), x[j]);
        }
        DriverResult result = DriverAnalysis.withDefaults().analyze(data, "overall", names);
        assertMatches("synthetic_weighted", result);
        assertThat(result.effectiveSize()).isCloseTo(r("synthetic_weighted//effectiveN"), within(1e-9));
    }

    @Test
    void weightsScaleFreeAndUnitWeightsEqualUnweighted() {
        CsvTable t = CsvTable.resource("/reference/drivers/attitude.csv");
        List<String> names = List.of("complaints", "learning", "advance");
        double[][] x = {t.doubles("complaints"), t.doubles("learning"), t.doubles("advance")};
        double[] ones = new double[30];
        java.util.Arrays.fill(ones, 3.5);
        DriverResult w = DriverAnalysis.withDefaults().analyze(t.doubles("rating"), x, names, ones);
        DriverResult u = DriverAnalysis.withDefaults().analyze(t.doubles("rating"), x, names);
        for (String name : names) {
            assertThat(w.driver(name).beta().estimate()).isCloseTo(u.driver(name).beta().estimate(), within(1e-12));
            assertThat(w.driver(name).beta().standardError())
                    .isCloseTo(u.driver(name).beta().standardError(), within(1e-12));
            assertThat(w.driver(name).pearson().lower()).isCloseTo(u.driver(name).pearson().lower(), within(1e-12));
        }
    }

    @Test
    void lmgSharesSumToOne() {
        DriverResult a = attitude();
        double s = 0;
        for (DriverStatistics d : a.drivers()) {
            s += a.lmgShare(d.name());
        }
        assertThat(s).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void collinearDriversAreNamed() {
        CsvTable t = CsvTable.resource("/reference/drivers/attitude.csv");
        double[] a = t.doubles("complaints");
        double[] b = t.doubles("learning");
        double[] c = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            c[i] = 2 * a[i] - b[i];
        }
        assertThatThrownBy(() -> DriverAnalysis.withDefaults().analyze(t.doubles("rating"), new double[][] {a, b, c},
                List.of("complaints", "learning", "combo")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("collinear drivers: 'combo' is a linear combination of ['complaints', 'learning']");
    }

    @Test
    void exactFitIsRejected() {
        double[] a = {1, 2, 3, 4, 5, 6, 7};
        double[] b = {2, 1, 4, 3, 6, 5, 9};
        double[] y = new double[7];
        for (int i = 0; i < 7; i++) {
            y[i] = 3 + a[i] - 2 * b[i];
        }
        assertThatThrownBy(() -> DriverAnalysis.withDefaults().analyze(y, new double[][] {a, b}, List.of("a", "b")))
                .hasMessageContaining("exact linear function of the drivers [a, b] in the 7 complete rows (R² = 1)");
    }

    @Test
    void constantDriverIsNamed() {
        CsvTable t = CsvTable.resource("/reference/drivers/attitude.csv");
        double[] constant = new double[30];
        java.util.Arrays.fill(constant, 4.0);
        assertThatThrownBy(() -> DriverAnalysis.withDefaults().analyze(t.doubles("rating"),
                new double[][] {t.doubles("complaints"), constant}, List.of("complaints", "flat")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("driver 'flat' is constant (every used row has the value 4.0)");
    }

    @Test
    void badInputIsRejected() {
        double[] y = {1, 2, 3, 4, 5, 6};
        double[] x = {2, 1, 4, 3, 6, 5};
        DriverAnalysis analysis = DriverAnalysis.withDefaults();
        assertThatThrownBy(() -> analysis.analyze(y, new double[][] {x}, List.of("a", "b")))
                .hasMessageContaining("1 driver columns but 2 names");
        assertThatThrownBy(() -> analysis.analyze(y, new double[][] {{1, 2}}, List.of("a")))
                .hasMessageContaining("driver 'a' has 2 values, the outcome has 6");
        assertThatThrownBy(() -> analysis.analyze(y, new double[][] {x}, List.of("a"), new double[] {1, 1, 1, 1, 1, -1}))
                .hasMessageContaining("weights[5] = -1.0");
        assertThatThrownBy(() -> analysis.analyze(y, new double[][] {{1, 2, Double.POSITIVE_INFINITY, 4, 5, 6}},
                List.of("a"))).hasMessageContaining("driver 'a' has value Infinity at row 2");
        assertThatThrownBy(() -> analysis.analyze(y, new double[][] {{1, Double.NaN, Double.NaN, 4, Double.NaN, 6}},
                List.of("a"))).hasMessageContaining("needs at least 4 complete rows, got 3 (3 left out");
        assertThatThrownBy(() -> analysis.analyze(y, new double[][] {x, x}, List.of("a", "a")))
                .hasMessageContaining("distinct");
        assertThatThrownBy(() -> analysis.withConfidenceLevel(1.0)).hasMessageContaining("(0, 1)");
        assertThatThrownBy(() -> RelativeImportance.lmg(new double[21][21], new double[21], java.util.Collections.nCopies(21, "x")))
                .hasMessageContaining("at most 20 drivers");
    }

    @Test
    void midRanksAsR() {
        // R: rank(c(3, 1, 3, 2, 3)) = 4 1 4 2 4
        assertThat(DriverAnalysis.midRanks(new double[] {3, 1, 3, 2, 3})).containsExactly(4, 1, 4, 2, 4);
    }
}
