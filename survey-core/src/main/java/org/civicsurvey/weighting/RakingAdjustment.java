package org.civicsurvey.weighting;

import java.util.List;

/**
 * A raking step in the variance, as the {@code "raking"} branch of {@code survey:::svyrecvar}: ten
 * back-fitting passes of {@code x <- x - psw_m * ave(x / psw_m, margin_m)} over the margins, where
 * {@code psw_m} are the weights right after margin m was matched in the last raking sweep. Those are
 * recovered from the raked weights and the last sweep's factors of the later margins.
 */
final class RakingAdjustment implements Adjustment {
    /** R's svyrecvar uses exactly 10 back-fitting passes ({@code for (iterations in 1:10)}). */
    private static final int PASSES = 10;

    private final List<String> names;
    private final int[][] codes;
    private final int[] categories;
    private final double[] rakedWeights;
    private final double[][] lastFactors;

    RakingAdjustment(List<String> names, int[][] codes, int[] categories, double[] rakedWeights, double[][] lastFactors) {
        this.names = List.copyOf(names);
        this.codes = codes;
        this.categories = categories;
        this.rakedWeights = rakedWeights;
        this.lastFactors = lastFactors;
    }

    @Override
    public void residualise(double[][] z) {
        int margins = codes.length;
        int n = rakedWeights.length;
        double[][] psw = new double[margins][];
        double[][] inverse = new double[margins][n];
        double[] w = rakedWeights.clone();
        for (int m = margins - 1; m >= 0; m--) {
            psw[m] = w.clone();
            for (int i = 0; i < n; i++) {
                inverse[m][i] = 1 / w[i];
            }
            if (m > 0) {
                double[] f = lastFactors[m];
                int[] c = codes[m];
                for (int i = 0; i < n; i++) {
                    w[i] /= f[c[i]];
                }
            }
        }
        int[][] counts = new int[margins][];
        for (int m = 0; m < margins; m++) {
            counts[m] = new int[categories[m]];
            for (int i = 0; i < n; i++) {
                counts[m][codes[m][i]]++;
            }
        }
        for (double[] x : z) {
            for (int pass = 0; pass < PASSES; pass++) {
                for (int m = 0; m < margins; m++) {
                    int[] c = codes[m];
                    double[] p = psw[m];
                    double[] q = inverse[m];
                    double[] mean = new double[categories[m]];
                    for (int i = 0; i < n; i++) {
                        mean[c[i]] += x[i] * q[i];
                    }
                    for (int k = 0; k < mean.length; k++) {
                        mean[k] /= counts[m][k];
                    }
                    for (int i = 0; i < n; i++) {
                        x[i] -= p[i] * mean[c[i]];
                    }
                }
            }
        }
    }

    @Override
    public String describe() {
        return "rake(" + String.join(", ", names) + ")";
    }
}
