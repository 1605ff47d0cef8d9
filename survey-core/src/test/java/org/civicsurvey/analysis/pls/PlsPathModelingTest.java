package org.civicsurvey.analysis.pls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PLS path modelling on the ECSI mobi data (250 x 24; Tenenhaus et al. 2005).
 *
 * <p>Centroid scheme: SmartPLS 2.0.M3 results (reference/drivers/smartpls-centroid/, from the
 * semPLS test suite; data standardised, initial weights 1, stop criterion 1e-7). Factorial and
 * path schemes on a four-construct model: seminr's published test fixtures
 * (reference/drivers/seminr-mobi4.csv). Factorial and path schemes on the full ECSI model and a mode
 * B block: {@code reference/drivers/pls.R}, a base-R transcription of Wold's algorithm (plspm,
 * semPLS and seminr are not installable here) that the script first checks against SmartPLS's
 * centroid results (max difference 2e-8) and that reproduces the seminr fixtures to 1e-10.
 */
class PlsPathModelingTest {
    private static final PlsModel ECSI = MobiData.ecsi();
    private static final double[][] MOBI = MobiData.columns(ECSI.items());
    private static final Map<String, Double> EXPECTED = MobiData.expected();

    private static double ref(String key) {
        Double v = EXPECTED.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no reference value " + key);
        }
        return v;
    }

    @Test
    void namedScaleColumnsOfSurveyDataMatchSmartPls() {
        // the mobi items as 1..10 scale variables, by name; SmartPLS 2.0.M3, centroid_pathCoefficients.txt
        org.civicsurvey.stats.SurveyData data = org.civicsurvey.stats.SurveyData
            .of(org.civicsurvey.stats.SurveyDesign.unweighted(MOBI[0].length));
        for (int k = 0; k < ECSI.items().size(); k++) {
            data = data.withCategoricalValues(org.civicsurvey.stats.Variable.scale(ECSI.items().get(k), 1, 10), MOBI[k]);
        }
        PlsPathModeling pls = PlsPathModeling.withDefaults().withScheme(WeightingScheme.CENTROID);
        PlsResult fit = pls.fit(ECSI, data);
        Map<String, Double> path = MobiData.smartPls("centroid_pathCoefficients.txt");
        for (PlsModel.Path p : ECSI.paths()) {
            assertThat(fit.pathCoefficient(p.from(), p.to())).as(p.toString())
                    .isCloseTo(path.get(p.from() + "/" + p.to()), within(1e-6));
        }
        // the 0-100 indices rescale by each item's scale, 1..10, as fit(model, columns, 1, 10)
        assertThat(fit.index("Satisfaction")).isCloseTo(pls.fit(ECSI, MOBI, 1, 10).index("Satisfaction"), within(1e-12));
        org.civicsurvey.stats.SurveyData partial = org.civicsurvey.stats.SurveyData
            .of(org.civicsurvey.stats.SurveyDesign.unweighted(MOBI[0].length));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pls.fit(ECSI, partial))
            .hasMessageContaining("item " + ECSI.items().get(0) + " of the model has no variable in the data");
    }

    @Test
    void centroidMatchesSmartPls() {
        PlsResult fit = PlsPathModeling.withDefaults().withScheme(WeightingScheme.CENTROID).fit(ECSI, MOBI);
        assertThat(fit.converged()).isTrue();
        assertThat(fit.used()).isEqualTo(250);
        assertThat(fit.excluded()).isZero();
        // SmartPLS 2.0.M3, centroid_pathCoefficients.txt
        Map<String, Double> path = MobiData.smartPls("centroid_pathCoefficients.txt");
        for (PlsModel.Path p : ECSI.paths()) {
            assertThat(fit.pathCoefficient(p.from(), p.to())).as(p.toString())
                    .isCloseTo(path.get(p.from() + "/" + p.to()), within(1e-6));
        }
        // SmartPLS 2.0.M3, centroid_outerWeights.txt (zero outside the item's block)
        Map<String, Double> weights = MobiData.smartPls("centroid_outerWeights.txt");
        for (String c : ECSI.constructs()) {
            for (String item : ECSI.items(c)) {
                assertThat(fit.outerWeight(item)).as(item).isCloseTo(weights.get(item + "/" + c), within(1e-6));
            }
        }
        // SmartPLS 2.0.M3, centroid_totalEffects.txt: every pair, zeros included
        Map<String, Double> totals = MobiData.smartPls("centroid_totalEffects.txt");
        // SmartPLS 2.0.M3, centroid_crossLoadings.txt
        Map<String, Double> cross = MobiData.smartPls("centroid_crossLoadings.txt");
        for (String a : ECSI.constructs()) {
            for (String b : ECSI.constructs()) {
                assertThat(fit.totalEffect(a, b)).as(a + "->" + b).isCloseTo(totals.get(a + "/" + b), within(1e-6));
            }
            for (String item : ECSI.items()) {
                assertThat(fit.crossLoading(item, a)).as(item + "/" + a).isCloseTo(cross.get(item + "/" + a), within(1e-6));
            }
        }
        assertThat(totals).hasSize(49);
    }

    @Test
    void centroidReliabilityIndexAndImpactsFromSmartPlsNumbers() {
        PlsResult fit = PlsPathModeling.withDefaults().withScheme(WeightingScheme.CENTROID).fit(ECSI, MOBI, 1, 10);
        for (String c : ECSI.constructs()) {
            // pls.R: rho and AVE from SmartPLS's loadings
            assertThat(fit.compositeReliability(c)).as(c).isCloseTo(ref("centroid/rhoSmartPls/" + c + "/"), within(1e-6));
            assertThat(fit.averageVarianceExtracted(c)).as(c).isCloseTo(ref("centroid/aveSmartPls/" + c + "/"),
                    within(1e-6));
            // pls.R: sum((w/sd)/sum(w/sd) * (mean - 1) / 9 * 100) with SmartPLS weights
            assertThat(fit.index(c)).as(c).isCloseTo(ref("centroid/indexSmartPls/" + c + "/"), within(1e-5));
            for (String item : ECSI.items(c)) {
                assertThat(fit.indexWeight(item)).as(item).isCloseTo(ref("centroid/indexWeightSmartPls/" + c + "/" + item),
                        within(1e-6));
            }
        }
        // pls.R: 5 * T * sd(index b) / sd(index a) with SmartPLS total effects
        for (String a : ECSI.constructs()) {
            for (String b : ECSI.constructs()) {
                Double expected = EXPECTED.get("centroid/impactSmartPls/" + a + "/" + b);
                assertThat(fit.impact(a, b)).as(a + "->" + b).isCloseTo(expected == null ? 0 : expected, within(1e-5));
            }
        }
        assertThat(fit.rSquared("Satisfaction")).isCloseTo(ref("centroid/rSquared/Satisfaction/"), within(1e-6));
        assertThat(fit.index("Complaints")).isCloseTo((mean("CUSCO") - 1) / 9 * 100, within(1e-12));
    }

    private static double mean(String item) {
        double[] x = MOBI[ECSI.items().indexOf(item)];
        return java.util.Arrays.stream(x).average().orElseThrow();
    }

    @Test
    void factorialPathAndModeBMatchRTranscription() {
        check("factorial", ECSI, PlsPathModeling.withDefaults().withScheme(WeightingScheme.FACTORIAL));
        check("path", ECSI, PlsPathModeling.withDefaults());
        check("centroid", ECSI, PlsPathModeling.withDefaults().withScheme(WeightingScheme.CENTROID));
        PlsModel.Builder b = PlsModel.builder().formative("Image", "IMAG1", "IMAG2", "IMAG3", "IMAG4", "IMAG5");
        for (String c : ECSI.constructs()) {
            if (!c.equals("Image")) {
                b.block(c, Mode.A, ECSI.items(c));
            }
        }
        ECSI.paths().forEach(p -> b.path(p.from(), p.to()));
        check("pathImageModeB", b.build(), PlsPathModeling.withDefaults());
    }

    private static void check(String scheme, PlsModel model, PlsPathModeling analysis) {
        PlsResult fit = analysis.withTolerance(1e-10).fit(model, MOBI);
        assertThat(fit.converged()).isTrue();
        for (PlsModel.Path p : model.paths()) {
            assertThat(fit.pathCoefficient(p.from(), p.to())).as(scheme + " " + p)
                    .isCloseTo(ref(scheme + "/path/" + p.from() + "/" + p.to()), within(1e-9));
        }
        for (String c : model.constructs()) {
            for (String item : model.items(c)) {
                assertThat(fit.outerWeight(item)).as(scheme + " w " + item)
                        .isCloseTo(ref(scheme + "/outerWeight/" + c + "/" + item), within(1e-9));
                assertThat(fit.loading(item)).as(scheme + " l " + item)
                        .isCloseTo(ref(scheme + "/loading/" + c + "/" + item), within(1e-9));
            }
            assertThat(fit.compositeReliability(c)).isCloseTo(ref(scheme + "/rho/" + c + "/"), within(1e-9));
            assertThat(fit.averageVarianceExtracted(c)).isCloseTo(ref(scheme + "/ave/" + c + "/"), within(1e-9));
            if (!c.equals("Image")) {
                assertThat(fit.rSquared(c)).isCloseTo(ref(scheme + "/rSquared/" + c + "/"), within(1e-9));
            }
            for (String d : model.constructs()) {
                Double t = EXPECTED.get(scheme + "/total/" + c + "/" + d);
                assertThat(fit.totalEffect(c, d)).as(scheme + " total " + c + "->" + d)
                        .isCloseTo(t == null ? 0 : t, within(1e-9));
            }
        }
    }

    @Test
    void pathAndFactorialSchemesMatchSeminr() {
        // seminr::estimate_pls(mobi, ..., inner_weights = path_weighting / path_factorial), values
        // from seminr's test fixtures (see reference/drivers/seminr-mobi4.md); seminr stops at 1e-7
        PlsModel four = PlsModel.builder()
                .reflective("Image", ECSI.items("Image").toArray(String[]::new))
                .reflective("Expectation", ECSI.items("Expectation").toArray(String[]::new))
                .reflective("Value", ECSI.items("Value").toArray(String[]::new))
                .reflective("Satisfaction", ECSI.items("Satisfaction").toArray(String[]::new))
                .path("Image", "Satisfaction").path("Expectation", "Satisfaction").path("Value", "Satisfaction")
                .build();
        double[][] x = MobiData.columns(four.items());
        org.civicsurvey.testing.CsvTable t = org.civicsurvey.testing.CsvTable.resource("/reference/drivers/seminr-mobi4.csv");
        String[] scheme = t.strings("scheme");
        String[] stat = t.strings("statistic");
        String[] from = t.strings("from");
        String[] to = t.strings("to");
        double[] value = t.doubles("value");
        PlsResult path = PlsPathModeling.withDefaults().fit(four, x);
        PlsResult factorial = PlsPathModeling.withDefaults().withScheme(WeightingScheme.FACTORIAL).fit(four, x);
        int checked = 0;
        for (int i = 0; i < value.length; i++) {
            PlsResult fit = scheme[i].equals("path") ? path : factorial;
            double actual = stat[i].equals("path") ? fit.pathCoefficient(from[i], to[i]) : fit.crossLoading(from[i], to[i]);
            assertThat(actual).as(scheme[i] + " " + stat[i] + " " + from[i] + " " + to[i]).isCloseTo(value[i], within(1e-6));
            checked++;
        }
        assertThat(checked).isEqualTo(58);
        // and the two schemes do differ at this precision
        assertThat(Math.abs(path.pathCoefficient("Expectation", "Satisfaction")
                - factorial.pathCoefficient("Expectation", "Satisfaction"))).isGreaterThan(1e-3);
    }

    @Test
    void twoBlockModelIsTheSameUnderEverySchemeUpToSign() {
        // With two blocks each construct has one neighbour: centroid uses sign(r), factorial r,
        // path r (one predecessor: the regression coefficient is r). Mode A weights are then
        // proportional to cov(X, ±Y) for every scheme, so all three agree up to sign.
        PlsModel two = PlsModel.builder().reflective("Quality", ECSI.items("Quality").toArray(String[]::new))
                .reflective("Satisfaction", ECSI.items("Satisfaction").toArray(String[]::new))
                .path("Quality", "Satisfaction").build();
        double[][] x = MobiData.columns(two.items());
        PlsResult c = PlsPathModeling.withDefaults().withScheme(WeightingScheme.CENTROID).withTolerance(1e-12).fit(two, x);
        for (WeightingScheme s : List.of(WeightingScheme.FACTORIAL, WeightingScheme.PATH)) {
            PlsResult f = PlsPathModeling.withDefaults().withScheme(s).withTolerance(1e-12).fit(two, x);
            for (String item : two.items()) {
                assertThat(Math.abs(f.outerWeight(item))).isCloseTo(Math.abs(c.outerWeight(item)), within(1e-10));
            }
            assertThat(Math.abs(f.pathCoefficient("Quality", "Satisfaction")))
                    .isCloseTo(Math.abs(c.pathCoefficient("Quality", "Satisfaction")), within(1e-10));
        }
    }

    @Test
    void treeModelPathSchemeEqualsFactorialButNotCentroid() {
        // Every construct of a chain has at most one predecessor, whose simple-regression
        // coefficient is the correlation: the path scheme's inner weights are then the factorial
        // scheme's exactly, while the centroid scheme's (signs) differ.
        PlsModel chain = PlsModel.builder()
                .reflective("Image", ECSI.items("Image").toArray(String[]::new))
                .reflective("Expectation", ECSI.items("Expectation").toArray(String[]::new))
                .reflective("Quality", ECSI.items("Quality").toArray(String[]::new))
                .reflective("Satisfaction", ECSI.items("Satisfaction").toArray(String[]::new))
                .path("Image", "Expectation").path("Expectation", "Quality").path("Quality", "Satisfaction").build();
        double[][] x = MobiData.columns(chain.items());
        PlsPathModeling base = PlsPathModeling.withDefaults().withTolerance(1e-12);
        PlsResult path = base.fit(chain, x);
        PlsResult factorial = base.withScheme(WeightingScheme.FACTORIAL).fit(chain, x);
        PlsResult centroid = base.withScheme(WeightingScheme.CENTROID).fit(chain, x);
        double maxDiffCentroid = 0;
        for (String item : chain.items()) {
            assertThat(path.outerWeight(item)).isCloseTo(factorial.outerWeight(item), within(1e-10));
            maxDiffCentroid = Math.max(maxDiffCentroid, Math.abs(path.outerWeight(item) - centroid.outerWeight(item)));
        }
        assertThat(maxDiffCentroid).isGreaterThan(1e-4);
    }

    @Test
    void convergedWeightsAreAFixedPointOfTheModeAStep() {
        // Independent check of the fixed point: with scores Y computed from the raw data, mode A
        // weights must be proportional to cov(X_k, Z_j) with Z_j = sum_i sign(cor(Y_j, Y_i)) Y_i.
        PlsResult fit = PlsPathModeling.withDefaults().withScheme(WeightingScheme.CENTROID).withTolerance(1e-12)
                .fit(ECSI, MOBI);
        String j = "Satisfaction";
        double[] z = new double[250];
        for (String i : List.of("Image", "Expectation", "Quality", "Value", "Complaints", "Loyalty")) {
            double[] y = fit.scores(i);
            double sign = Math.signum(cov(y, fit.scores(j)));
            for (int r = 0; r < 250; r++) {
                z[r] += sign * y[r];
            }
        }
        double[] ratio = new double[3];
        int k = 0;
        for (String item : ECSI.items(j)) {
            double[] x = MOBI[ECSI.items().indexOf(item)];
            double sd = Math.sqrt(cov(x, x));
            double[] std = new double[250];
            double m = java.util.Arrays.stream(x).average().orElseThrow();
            for (int r = 0; r < 250; r++) {
                std[r] = (x[r] - m) / sd;
            }
            ratio[k++] = fit.outerWeight(item) / cov(std, z);
        }
        assertThat(ratio[1]).isCloseTo(ratio[0], within(1e-9));
        assertThat(ratio[2]).isCloseTo(ratio[0], within(1e-9));
        // scores have mean 0 and variance 1
        assertThat(cov(fit.scores(j), fit.scores(j))).isCloseTo(1.0, within(1e-12));
    }

    private static double cov(double[] a, double[] b) {
        double ma = java.util.Arrays.stream(a).average().orElseThrow();
        double mb = java.util.Arrays.stream(b).average().orElseThrow();
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - ma) * (b[i] - mb);
        }
        return s / (a.length - 1);
    }

    @Test
    void nonConvergenceIsFlagged() {
        PlsResult fit = PlsPathModeling.withDefaults().withMaxIterations(2).fit(ECSI, MOBI);
        assertThat(fit.converged()).isFalse();
        assertThat(fit.iterations()).isEqualTo(2);
        assertThatThrownBy(fit::requireConverged).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("did not converge in 2 iterations");
    }

    @Test
    void listwiseDeletionIsCounted() {
        double[][] x = MobiData.columns(ECSI.items());
        x[3][7] = Double.NaN;
        x[5][7] = Double.NaN;
        x[0][100] = Double.NaN;
        PlsResult fit = PlsPathModeling.withDefaults().fit(ECSI, x);
        assertThat(fit.used()).isEqualTo(248);
        assertThat(fit.excluded()).isEqualTo(2);
        assertThat(fit.scores("Image")).hasSize(248);
    }

    @Test
    void bootstrapIsReproducibleAndPlausible() {
        PlsPathModeling pls = PlsPathModeling.withDefaults().withScheme(WeightingScheme.CENTROID);
        PlsBootstrap a = pls.bootstrap(ECSI, MOBI, 200, 42L);
        PlsBootstrap b = pls.bootstrap(ECSI, MOBI, 200, 42L);
        PlsBootstrap c = pls.bootstrap(ECSI, MOBI, 200, 43L);
        assertThat(a).isEqualTo(b);
        assertThat(a.used() + a.notConverged() + a.degenerate()).isEqualTo(200);
        PlsBootstrap.Estimate qs = a.find(PlsBootstrap.Kind.PATH, "Quality", "Satisfaction");
        assertThat(qs.estimate()).isCloseTo(0.51254524, within(1e-6)); // SmartPLS path coefficient
        assertThat(c.find(PlsBootstrap.Kind.PATH, "Quality", "Satisfaction").standardError())
                .isNotEqualTo(qs.standardError());
        // The OLS standard error of the path on the estimated scores, sqrt((1-R²)/(n-k-1) (R⁻¹)_jj),
        // is about 0.05 here; the bootstrap SE must be of that order.
        assertThat(qs.standardError()).isBetween(0.03, 0.09);
        assertThat(qs.lower()).isLessThan(qs.estimate());
        assertThat(qs.upper()).isGreaterThan(qs.estimate());
        assertThat(a.estimates()).hasSize(12 + 21 + 24 + 24);
        // a one-item block always has weight 1
        assertThat(a.find(PlsBootstrap.Kind.OUTER_WEIGHT, "Complaints", "CUSCO").standardError()).isLessThan(1e-14);
    }

    @Test
    void priorityMatrixOfSatisfactionDrivers() {
        PlsResult fit = PlsPathModeling.withDefaults().withScheme(WeightingScheme.CENTROID).fit(ECSI, MOBI, 1, 10);
        List<org.civicsurvey.analysis.drivers.ImportancePerformance.Attribute> attrs =
                org.civicsurvey.analysis.drivers.ImportancePerformance.impacts(fit, "Satisfaction");
        assertThat(attrs).extracting(a -> a.name()).containsExactly("Image", "Expectation", "Quality", "Value");
        // pls.R: impact from SmartPLS total effects, index from SmartPLS weights
        assertThat(attrs.get(2).importance()).isCloseTo(ref("centroid/impactSmartPls/Quality/Satisfaction"), within(1e-5));
        assertThat(attrs.get(3).performance()).isCloseTo(ref("centroid/indexSmartPls/Value/"), within(1e-5));
    }

    @Test
    void quantileIsRType7() {
        // R: quantile(c(1, 2, 4, 8), c(0.025, 0.975)) = 1.075 7.700
        assertThat(PlsPathModeling.quantile(new double[] {1, 2, 4, 8}, 0.025)).isCloseTo(1.075, within(1e-12));
        assertThat(PlsPathModeling.quantile(new double[] {1, 2, 4, 8}, 0.975)).isCloseTo(7.7, within(1e-12));
    }
}
