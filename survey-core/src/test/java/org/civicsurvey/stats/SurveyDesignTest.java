package org.civicsurvey.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.civicsurvey.testing.CsvTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SurveyDesignTest {
    // R 4.2.2, survey 4.1.1: reference/engine/kernel.R -> kernel.csv (vcov of svytotal / svymean
    // of ~api00 + api99 + meals, and degf(design))
    private static final CsvTable KERNEL = CsvTable.resource("/reference/engine/kernel.csv");
    private static final String[] VARS = {"api00", "api99", "meals"};

    static List<String> designs() {
        Set<String> names = new LinkedHashSet<>(List.of(KERNEL.strings("design")));
        return new ArrayList<>(names);
    }

    @ParameterizedTest
    @MethodSource("designs")
    void totalAndMeanCovarianceEqualR(String name) {
        SurveyDesign design = ApiData.design(name);
        CsvTable data = ApiData.table(name);
        double[] w = design.weights();
        int n = w.length;
        double[][] y = new double[3][];
        for (int k = 0; k < 3; k++) {
            y[k] = data.doubles(VARS[k]);
        }
        double[][] zTotal = new double[3][n];
        double[][] zMean = new double[3][n];
        double[] totals = new double[3];
        double[] means = new double[3];
        double sumW = 0;
        for (int i = 0; i < n; i++) {
            sumW += w[i];
        }
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < n; i++) {
                zTotal[k][i] = w[i] * y[k][i];
                totals[k] += zTotal[k][i];
            }
            means[k] = totals[k] / sumW;
            for (int i = 0; i < n; i++) {
                zMean[k][i] = w[i] * (y[k][i] - means[k]) / sumW;
            }
        }
        double[][] vTotal = design.totalCovariance(zTotal);
        double[][] vMean = design.totalCovariance(zMean);
        // a one-stage clustered design gives the same from the PSU totals
        boolean byPsu = design.isClustered() && !design.hasSecondStage();
        double[][] vTotalByPsu = byPsu ? design.covarianceOfPsuTotals(psuTotals(design, zTotal), 3) : null;
        double[][] vMeanByPsu = byPsu ? design.covarianceOfPsuTotals(psuTotals(design, zMean), 3) : null;
        int checked = 0;
        for (int r = 0; r < KERNEL.size(); r++) {
            if (!KERNEL.get(r, "design").equals(name)) {
                continue;
            }
            int a = List.of(VARS).indexOf(KERNEL.get(r, "var1"));
            int b = List.of(VARS).indexOf(KERNEL.get(r, "var2"));
            boolean total = KERNEL.get(r, "stat").equals("total");
            double expected = Double.parseDouble(KERNEL.get(r, "cov"));
            double actual = total ? vTotal[a][b] : vMean[a][b];
            assertThat(actual).as("%s %s cov(%s,%s)", name, KERNEL.get(r, "stat"), VARS[a], VARS[b])
                .isCloseTo(expected, within(1e-9 * Math.abs(expected)));
            if (byPsu) {
                assertThat(total ? vTotalByPsu[a][b] : vMeanByPsu[a][b]).as("%s %s cov(%s,%s) from PSU totals", name,
                    KERNEL.get(r, "stat"), VARS[a], VARS[b]).isCloseTo(expected, within(1e-9 * Math.abs(expected)));
            }
            if (a == b) {
                double est = Double.parseDouble(KERNEL.get(r, "estimate"));
                assertThat(total ? totals[a] : means[a]).isCloseTo(est, within(1e-9 * Math.abs(est)));
            }
            assertThat(design.degreesOfFreedom()).isEqualTo(Integer.parseInt(KERNEL.get(r, "df")));
            checked++;
        }
        assertThat(checked).isEqualTo(18);
    }

    @Test
    void publishedValues() {
        // Lumley, Complex Surveys (2010) / R survey 4.1.1 svymean(~api00, dstrat): 662.29 (SE 9.4089)
        SurveyDesign strat = ApiData.design("strat_fpc");
        assertMean(strat, ApiData.STRAT.doubles("api00"), 662.29, 0.005, 9.4089, 0.00005);
        // svymean(~api00, dclus1): 644.17 (SE 23.542)
        SurveyDesign clus1 = ApiData.design("clus1_fpc");
        assertMean(clus1, ApiData.CLUS1.doubles("api00"), 644.17, 0.005, 23.542, 0.0005);
    }

    /** Tolerances: half a unit in the last printed digit. */
    private static void assertMean(Design d, double[] y, double mean, double meanTol, double se, double seTol) {
        double[] w = d.weights();
        double sw = 0;
        double swy = 0;
        for (int i = 0; i < w.length; i++) {
            sw += w[i];
            swy += w[i] * y[i];
        }
        double m = swy / sw;
        double[] z = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            z[i] = w[i] * (y[i] - m) / sw;
        }
        assertThat(m).isCloseTo(mean, within(meanTol));
        assertThat(Math.sqrt(d.totalVariance(z))).isCloseTo(se, within(seTol));
    }

    @Test
    void lonelyPsuFailNamesTheStratum() {
        SurveyDesign d = ApiData.lonelyStratum(LonelyPsu.FAIL);
        assertThatThrownBy(() -> d.totalVariance(new double[d.size()]))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("stratum 99 has only one PSU");
        SurveyDesign d2 = ApiData.lonelySecondStage(LonelyPsu.FAIL);
        assertThatThrownBy(() -> d2.totalVariance(new double[d2.size()]))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("PSU 15");
    }

    @Test
    void clustersMustNestUnlessAsked() {
        assertThatThrownBy(() -> SurveyDesign.builder(ApiData.STRAT.doubles("pw")).strata(ApiData.STRAT.codes("stype"))
            .clusters(ApiData.ints(ApiData.STRAT, "dnum")).build())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not nested").hasMessageContaining("nest(true)");
    }

    @Test
    void badWeightsAreRejected() {
        assertThatThrownBy(() -> SurveyDesign.builder(new double[] {1, -2, 3}))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weights[1] is -2.0");
        assertThatThrownBy(() -> SurveyDesign.builder(new double[] {1, Double.NaN}))
            .hasMessageContaining("weights[1] is NaN");
        assertThatThrownBy(() -> SurveyDesign.builder(new double[] {Double.POSITIVE_INFINITY, 1}))
            .hasMessageContaining("weights[0] is Infinity");
        assertThatThrownBy(() -> SurveyDesign.builder(new double[] {0, 0}))
            .hasMessageContaining("weights sum to 0.0");
        assertThatThrownBy(() -> SurveyDesign.builder(new double[0])).hasMessageContaining("empty");
        assertThatThrownBy(() -> SurveyDesign.unweighted(0)).hasMessageContaining("n is 0");
        SurveyDesign d = SurveyDesign.unweighted(3);
        assertThatThrownBy(() -> d.withWeights(new double[2])).hasMessageContaining("length 2");
    }

    @Test
    void badFpcIsRejected() {
        double[] w = {1, 1, 1, 1};
        assertThatThrownBy(() -> SurveyDesign.builder(w).fpc(new double[] {10, 10, 0.5, 10}).build())
            .hasMessageContaining("mixes population sizes");
        assertThatThrownBy(() -> SurveyDesign.builder(w).fpc(new double[] {3, 3, 3, 3}).build())
            .hasMessageContaining("smaller than the 4 units sampled");
        assertThatThrownBy(() -> SurveyDesign.builder(w).fpc(new double[] {Double.NaN, 3, 3, 3}).build())
            .hasMessageContaining("fpc[0] is NaN");
        assertThatThrownBy(() -> SurveyDesign.builder(w).fpc(new double[] {9, 9, 9, 9}, new double[] {1, 1, 1, 1}).build())
            .hasMessageContaining("second-stage clusters");
        assertThatThrownBy(() -> SurveyDesign.builder(w).strata(new int[3]))
            .hasMessageContaining("strata has length 3");
    }

    /** {@code t[p * k + j]}: the sum of {@code z[j]} over PSU p's units. */
    private static double[] psuTotals(SurveyDesign design, double[][] z) {
        int k = z.length;
        double[] t = new double[design.psuCount() * k];
        for (int i = 0; i < design.size(); i++) {
            for (int j = 0; j < k; j++) {
                t[design.psuIndex(i) * k + j] += z[j][i];
            }
        }
        return t;
    }

    @Test
    void psuTotalsOfTheWrongShapeOrDesignAreRejected() {
        SurveyDesign clustered = ApiData.design("clus1_fpc");
        int psus = clustered.psuCount();
        assertThatThrownBy(() -> clustered.covarianceOfPsuTotals(new double[psus * 2 + 1], 2))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("psuCount() * k = " + psus + " * 2");
        assertThatThrownBy(() -> clustered.covarianceOfPsuTotals(new double[psus], 0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k is 0");
        double[] t = new double[psus * 2];
        t[3] = Double.POSITIVE_INFINITY;
        assertThatThrownBy(() -> clustered.covarianceOfPsuTotals(t, 2))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("total 1 of PSU index 1 is Infinity");
        SurveyDesign unclustered = ApiData.design("strat_fpc");
        assertThatThrownBy(() -> unclustered.covarianceOfPsuTotals(new double[unclustered.psuCount()], 1))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("one-stage clustered");
        SurveyDesign twoStage = ApiData.design("clus2_fpc");
        assertThatThrownBy(() -> twoStage.covarianceOfPsuTotals(new double[twoStage.psuCount()], 1))
            .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void nonFiniteInfluenceIsRejected() {
        SurveyDesign d = SurveyDesign.unweighted(3);
        assertThatThrownBy(() -> d.totalVariance(new double[] {1, Double.NaN, 2}))
            .hasMessageContaining("z[0][1] is NaN");
        assertThatThrownBy(() -> d.totalVariance(new double[] {1, 2}))
            .hasMessageContaining("length 2");
    }

    @Test
    void withWeightsKeepsStructure() {
        SurveyDesign d = ApiData.design("clus1_fpc");
        double[] w = d.weights();
        w[0] = 0;
        SurveyDesign d2 = d.withWeights(w);
        assertThat(d2.psuCount()).isEqualTo(d.psuCount());
        assertThat(d2.weight(0)).isZero();
        assertThat(d.weight(0)).isPositive();
    }
}
