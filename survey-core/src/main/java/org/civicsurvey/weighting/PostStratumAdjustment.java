package org.civicsurvey.weighting;

/**
 * A post-stratification step in the variance, as the non-raking branch of
 * {@code survey:::svyrecvar}: with {@code oldw} the weights before and {@code psw} after the step
 * (a zero in both replaced by 1 in {@code psw}), {@code x <- x - psw * m[cell]} where
 * {@code m[c] = sum_c(x * oldw / psw) / sum_c(oldw)}.
 */
final class PostStratumAdjustment implements Adjustment {
    private final String name;
    private final int[] cell;
    private final int cells;
    private final double[] oldWeights;
    private final double[] g;

    PostStratumAdjustment(String name, int[] cell, int cells, double[] oldWeights, double[] g) {
        this.name = name;
        this.cell = cell;
        this.cells = cells;
        this.oldWeights = oldWeights;
        this.g = g;
    }

    @Override
    public void residualise(double[][] z) {
        int n = cell.length;
        double[] den = new double[cells];
        for (int i = 0; i < n; i++) {
            den[cell[i]] += oldWeights[i];
        }
        double[] sum = new double[cells];
        for (double[] x : z) {
            java.util.Arrays.fill(sum, 0);
            for (int i = 0; i < n; i++) {
                double old = oldWeights[i];
                double psw = old * g[cell[i]];
                if (psw == 0 && old == 0) {
                    psw = 1;
                }
                sum[cell[i]] += x[i] * old / psw;
            }
            for (int i = 0; i < n; i++) {
                double old = oldWeights[i];
                double psw = old * g[cell[i]];
                if (psw == 0 && old == 0) {
                    psw = 1;
                }
                x[i] -= sum[cell[i]] / den[cell[i]] * psw;
            }
        }
    }

    @Override
    public String describe() {
        return "postStratify(" + name + ")";
    }
}
