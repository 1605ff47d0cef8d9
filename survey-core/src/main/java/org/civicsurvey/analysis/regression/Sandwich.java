package org.civicsurvey.analysis.regression;

import org.civicsurvey.stats.Design;
import org.civicsurvey.stats.InfluenceValues;
import org.civicsurvey.stats.SurveyDesign;

/**
 * The design-based (Taylor-linearisation) covariance of estimating-equation estimates, as R's
 * {@code svy.varcoef} and {@code svyolr} compute it: each used row's score (already weighted)
 * times the model-based inverse information ("bread") is the row's influence value, and R takes
 * {@code svyrecvar} of these values, with 0 on every row the model does not use (R's subset
 * designs keep those rows' PSUs). That covariance is linear in the values, so it is computed as
 * {@code B' V B} with V the design covariance
 * ({@link Design#totalCovariance(int, InfluenceValues)}) of the scores themselves. On a one-stage
 * clustered {@link SurveyDesign}, V comes from the scores' PSU totals, summed in one pass over the
 * used rows ({@link SurveyDesign#covarianceOfPsuTotals}).
 */
final class Sandwich {
    /** Adds the (weighted) score of used row r to {@code out[at .. at + k)}. */
    @FunctionalInterface
    interface Scores {
        void addScore(int r, double[] out, int at);
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
        return covariance(design, rows, scores, bread, null);
    }

    /**
     * @return whether {@link #covariance(Design, int[], Scores, double[][], double[])} takes the
     *     scores' PSU totals of this design ({@link SurveyDesign#psuIndex} of each row)
     */
    static boolean takesPsuTotals(Design design) {
        if (design instanceof SurveyDesign) {
            SurveyDesign clustered = (SurveyDesign) design;
            return clustered.isClustered() && !clustered.hasSecondStage();
        }
        return false;
    }

    /**
     * {@link #covariance(Design, int[], Scores, double[][])} given the scores' PSU totals, when
     * the caller has summed them ({@code psuCount x k} row-major, summed as this class sums them)
     *
     * @param psuTotals the totals, or {@code null} to sum them here
     */
    static double[][] covariance(Design design, int[] rows, Scores scores, double[][] bread, double[] psuTotals) {
        int k = bread.length;
        double[][] meat = null;
        if (takesPsuTotals(design)) {
            SurveyDesign clustered = (SurveyDesign) design;
            double[] totals = psuTotals != null ? psuTotals : psuTotals(clustered, rows, scores, k);
            meat = finite(totals) ? clustered.covarianceOfPsuTotals(totals, k) : null;
        }
        if (meat == null) {
            meat = design.totalCovariance(k, (from, to, out) -> {
                java.util.Arrays.fill(out, 0, (to - from) * k, 0);
                int r = java.util.Arrays.binarySearch(rows, from);
                if (r < 0) {
                    r = -r - 1;
                }
                for (; r < rows.length && rows[r] < to; r++) {
                    scores.addScore(r, out, (rows[r] - from) * k);
                }
            });
        }
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

    /**
     * The scores' PSU totals, each range of rows summing its own, added in order; when a total is
     * not finite, the design's own pass names the row.
     */
    private static double[] psuTotals(SurveyDesign design, int[] rows, Scores scores, int k) {
        int psus = design.psuCount();
        int m = rows.length;
        int ranges = RowRanges.count(m);
        double[][] parts = new double[ranges][];
        RowRanges.forEach(ranges, range -> {
            double[] t = new double[psus * k];
            int to = RowRanges.start(m, range + 1, ranges);
            for (int r = RowRanges.start(m, range, ranges); r < to; r++) {
                scores.addScore(r, t, design.psuIndex(rows[r]) * k);
            }
            parts[range] = t;
        });
        double[] totals = parts[0];
        for (int range = 1; range < ranges; range++) {
            for (int i = 0; i < totals.length; i++) {
                totals[i] += parts[range][i];
            }
        }
        return totals;
    }

    private static boolean finite(double[] totals) {
        for (double v : totals) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
