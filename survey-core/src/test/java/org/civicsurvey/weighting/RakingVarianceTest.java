package org.civicsurvey.weighting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The raking step of the variance read by crossed cell, in one row range and in several, against
 * {@link #unitByUnit}: the {@code "raking"} branch of R's {@code survey:::svyrecvar} restated unit
 * by unit (ten passes of {@code x <- x - psw_m * ave(x / psw_m, margin_m)}), which is what the
 * standard errors equal to R in {@link WeightingReferenceTest} came from. Tolerances: every
 * residual within 1e-12 of the largest |z|, the sum of squared residuals within a relative 1e-12.
 */
class RakingVarianceTest {
    private static final double REL = 1e-12;

    /** A raking's margins, raked weights and last factors. */
    private record Raked(int[][] codes, int[] categories, double[] weights, double[][] lastFactors) {
        RakingAdjustment adjustment(int maxRanges) {
            List<String> names = new ArrayList<>();
            for (int m = 0; m < codes.length; m++) {
                names.add("m" + m);
            }
            return new RakingAdjustment(names, codes, categories, weights, lastFactors, maxRanges);
        }
    }

    private static Raked rake(int n, int[] levels, long seed) {
        List<Margin> margins = RakingPassesTest.correlatedMargins(n, levels, seed);
        double[] w = RakingPassesTest.weights(n, seed + 1);
        ProportionalFitting.Fit fit = ProportionalFitting.rake(w, margins, 100,
                1e-10 * margins.get(0).populationTotal(), 1);
        int[][] codes = new int[margins.size()][];
        int[] categories = new int[margins.size()];
        for (int m = 0; m < codes.length; m++) {
            codes[m] = margins.get(m).codes();
            categories[m] = margins.get(m).categories();
        }
        return new Raked(codes, categories, w, fit.lastFactors());
    }

    private static double[] unitByUnit(double[] z, Raked raked) {
        double[] x = z.clone();
        int n = x.length;
        int margins = raked.codes().length;
        double[][] psw = new double[margins][];
        double[] w = raked.weights().clone();
        for (int m = margins - 1; m >= 0; m--) {
            psw[m] = w.clone();
            for (int i = 0; i < n; i++) {
                w[i] /= raked.lastFactors()[m][raked.codes()[m][i]];
            }
        }
        for (int pass = 0; pass < 10; pass++) {
            for (int m = 0; m < margins; m++) {
                int[] c = raked.codes()[m];
                double[] sum = new double[raked.categories()[m]];
                int[] count = new int[sum.length];
                for (int i = 0; i < n; i++) {
                    sum[c[i]] += x[i] / psw[m][i];
                    count[c[i]]++;
                }
                for (int i = 0; i < n; i++) {
                    x[i] -= psw[m][i] * sum[c[i]] / count[c[i]];
                }
            }
        }
        return x;
    }

    /** Influence values of a mean of {@code i mod 7} and of a total of a variable tied to margin 0. */
    private static double[][] influence(Raked raked) {
        double[] r = raked.weights();
        int n = r.length;
        double sw = 0;
        double swy = 0;
        for (int i = 0; i < n; i++) {
            sw += r[i];
            swy += r[i] * ((i + 1) % 7);
        }
        double[][] z = new double[3][n];
        for (int i = 0; i < n; i++) {
            z[0][i] = r[i] * ((i + 1) % 7 - swy / sw) / sw;
            z[1][i] = r[i] * (raked.codes()[0][i] + (i % 11) / 10.0);
            z[2][i] = r[i] * (raked.codes()[1][i] == 1 ? 1 : 0) * ((i % 3) + 1);
        }
        return z;
    }

    private static void assertResidualsMatch(Raked raked, int maxRanges) {
        double[][] z = influence(raked);
        double[][] x = new double[z.length][];
        for (int row = 0; row < z.length; row++) {
            x[row] = z[row].clone();
        }
        raked.adjustment(maxRanges).residualise(x);
        for (int row = 0; row < z.length; row++) {
            double[] expected = unitByUnit(z[row], raked);
            double largest = 0;
            double expectedSquares = 0;
            double actualSquares = 0;
            for (int i = 0; i < z[row].length; i++) {
                largest = Math.max(largest, Math.abs(z[row][i]));
                expectedSquares += expected[i] * expected[i];
                actualSquares += x[row][i] * x[row][i];
            }
            for (int i = 0; i < expected.length; i++) {
                assertThat(x[row][i]).as("row %d unit %d", row, i).isCloseTo(expected[i], within(REL * largest));
            }
            assertThat(actualSquares).as("row %d", row).isCloseTo(expectedSquares, within(REL * expectedSquares));
        }
    }

    @Test
    void byCellInOneRangeEqualsUnitByUnit() {
        assertResidualsMatch(rake(4 * CrossedCells.MIN_RANGE + 123, new int[] {63, 2, 5}, 71), 1);
    }

    @Test
    void byCellInSeveralRangesEqualsUnitByUnit() {
        assertResidualsMatch(rake(4 * CrossedCells.MIN_RANGE + 123, new int[] {63, 2, 5}, 71), 4);
    }

    @Test
    void tablesTooLargeForAllRowsAtOnceAreFilledRowByRow() {
        // 60 x 50 x 20 = 60,000 cells: one row of z per read of the units
        assertResidualsMatch(rake(3000, new int[] {60, 50, 20}, 81), 1);
    }

    @Test
    void marginsCrossingIntoTooManyCellsAreBackfittedUnitByUnit() {
        assertResidualsMatch(rake(3000, new int[] {60, 50, 40}, 91), 1);
    }
}
