package org.civicsurvey.analysis.regression;

import org.civicsurvey.stats.Design;
import org.civicsurvey.stats.InfluenceValues;

/**
 * The design-based (Taylor-linearisation) covariance of estimating-equation estimates, as R's
 * {@code svy.varcoef} and {@code svyolr} compute it: each used row's score (already weighted)
 * times the model-based inverse information ("bread") is the row's influence value, and R takes
 * {@code svyrecvar} of these values, with 0 on every row the model does not use (R's subset
 * designs keep those rows' PSUs). That covariance is linear in the values, so it is computed as
 * {@code B' V B} with V the design covariance
 * ({@link Design#totalCovariance(int, InfluenceValues)}) of the scores themselves.
 */
final class Sandwich {
    /** Writes the (weighted) score of used row r into {@code out[at .. at + k)}. */
    @FunctionalInterface
    interface Scores {
        void score(int r, double[] out, int at);
    }

    private Sandwich() {
    }

    /**
     * @param design the design
     * @param rows the design row of each used row, ascending
     * @param scores each used row's score
     * @param bread the k x k symmetric matrix B the scores are multiplied by
     * @return the k x k covariance {@code B' V(scores) B}: the covariance of the totals of
     *     {@code score_i B}, which is linear in the scores, with the rows' values summed before the
     *     product
     */
    static double[][] covariance(Design design, int[] rows, Scores scores, double[][] bread) {
        int k = bread.length;
        double[][] meat = design.totalCovariance(k, (from, to, out) -> {
            int r = java.util.Arrays.binarySearch(rows, from);
            if (r < 0) {
                r = -r - 1;
            }
            // rows the model does not use score 0
            int next = from;
            for (; r < rows.length && rows[r] < to; r++) {
                int i = rows[r];
                java.util.Arrays.fill(out, (next - from) * k, (i - from) * k, 0);
                scores.score(r, out, (i - from) * k);
                next = i + 1;
            }
            java.util.Arrays.fill(out, (next - from) * k, (to - from) * k, 0);
        });
        double[][] tmp = new double[k][k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                double v = 0;
                for (int c = 0; c < k; c++) {
                    v += meat[a][c] * bread[c][b];
                }
                tmp[a][b] = v;
            }
        }
        double[][] out = new double[k][k];
        for (int a = 0; a < k; a++) {
            for (int b = a; b < k; b++) {
                double v = 0;
                for (int c = 0; c < k; c++) {
                    v += bread[c][a] * tmp[c][b];
                }
                out[a][b] = v;
                out[b][a] = v;
            }
        }
        return out;
    }
}
