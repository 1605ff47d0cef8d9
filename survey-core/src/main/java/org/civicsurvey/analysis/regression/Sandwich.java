package org.civicsurvey.analysis.regression;

import org.civicsurvey.stats.Design;
import org.civicsurvey.stats.InfluenceValues;

/**
 * The design-based (Taylor-linearisation) covariance of estimating-equation estimates, as R's
 * {@code svy.varcoef} and {@code svyolr} compute it: each used row's score (already weighted)
 * times the model-based inverse information ("bread") gives the row's influence value, and
 * {@link Design#totalCovariance(int, InfluenceValues)} is R's {@code svyrecvar} of these values,
 * with 0 on every row the model does not use (R's subset designs keep those rows' PSUs).
 */
final class Sandwich {
    /** Writes the (weighted) score of used row r into {@code out}. */
    @FunctionalInterface
    interface Scores {
        void score(int r, double[] out);
    }

    private Sandwich() {
    }

    /**
     * @param design the design
     * @param rows the design row of each used row, ascending
     * @param scores each used row's score
     * @param bread the k x k matrix the scores are multiplied by
     * @return the k x k covariance
     */
    static double[][] covariance(Design design, int[] rows, Scores scores, double[][] bread) {
        int k = bread.length;
        return design.totalCovariance(k, (from, to, out) -> {
            java.util.Arrays.fill(out, 0, (to - from) * k, 0);
            double[] s = new double[k];
            int r = java.util.Arrays.binarySearch(rows, from);
            if (r < 0) {
                r = -r - 1;
            }
            for (; r < rows.length && rows[r] < to; r++) {
                scores.score(r, s);
                int o = (rows[r] - from) * k;
                for (int a = 0; a < k; a++) {
                    double sa = s[a];
                    if (sa == 0) {
                        continue;
                    }
                    double[] ba = bread[a];
                    for (int b = 0; b < k; b++) {
                        out[o + b] += sa * ba[b];
                    }
                }
            }
        });
    }
}
