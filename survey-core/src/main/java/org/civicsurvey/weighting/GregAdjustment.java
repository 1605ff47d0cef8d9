package org.civicsurvey.weighting;

import java.util.List;

/**
 * A calibration step in the variance, as the {@code "greg_calibration"} branch of
 * {@code survey:::svyrecvar}: {@code x <- qr.resid(qr(X * sqrt(d)), x / w) * w} with {@code d} the
 * weights before calibration and {@code w = g * sqrt(d)}. The QR is a Householder factorisation
 * (as LINPACK's {@code dqrdc2}, which R uses); a column whose remaining norm falls below
 * {@code 1e-7} of its original norm is dependent on earlier ones and left out of the projection,
 * as {@code dqrdc2}'s limited pivoting does.
 */
final class GregAdjustment implements Adjustment {
    static final double RANK_TOLERANCE = 1e-7;

    private final String description;
    private final double[] whalf;
    private final double[] w;
    /** Householder vectors v_j (rows j..n-1 used), with H_j = I - v v' / (v_j[j] * alpha) form stored as (v, beta). */
    private final double[][] v;
    private final double[] beta;
    private final int[] start;
    private final int rank;
    private final List<String> dependent;

    private GregAdjustment(String description, double[] whalf, double[] w, double[][] v, double[] beta, int[] start,
            int rank, List<String> dependent) {
        this.description = description;
        this.whalf = whalf;
        this.w = w;
        this.v = v;
        this.beta = beta;
        this.start = start;
        this.rank = rank;
        this.dependent = dependent;
    }

    /**
     * @param description text for {@link #describe()}
     * @param columns the calibration columns {@code X[j][i]}
     * @param names the column names
     * @param inputWeights the weights before calibration
     * @return the QR step with g = 1; see {@link #withG(double[])}
     */
    static GregAdjustment create(String description, double[][] columns, List<String> names, double[] inputWeights) {
        int n = inputWeights.length;
        int p = columns.length;
        double[] whalf = new double[n];
        for (int i = 0; i < n; i++) {
            whalf[i] = Math.sqrt(inputWeights[i]);
        }
        double[][] a = new double[p][n];
        double[] originalNorm = new double[p];
        for (int j = 0; j < p; j++) {
            for (int i = 0; i < n; i++) {
                a[j][i] = columns[j][i] * whalf[i];
            }
            originalNorm[j] = norm(a[j], 0);
        }
        double[][] vs = new double[p][];
        double[] betas = new double[p];
        int[] starts = new int[p];
        java.util.List<String> dep = new java.util.ArrayList<>();
        int r = 0;
        for (int j = 0; j < p; j++) {
            double nrm = norm(a[j], r);
            if (r >= n || !(nrm > RANK_TOLERANCE * originalNorm[j])) {
                dep.add(names.get(j));
                continue;
            }
            double[] col = a[j];
            double alpha = col[r] > 0 ? -nrm : nrm;
            double[] vec = new double[n];
            for (int i = r; i < n; i++) {
                vec[i] = col[i];
            }
            vec[r] -= alpha;
            double vnorm2 = 0;
            for (int i = r; i < n; i++) {
                vnorm2 += vec[i] * vec[i];
            }
            double b = 2 / vnorm2;
            for (int jj = j + 1; jj < p; jj++) {
                reflect(vec, b, r, a[jj]);
            }
            vs[r] = vec;
            betas[r] = b;
            starts[r] = r;
            r++;
        }
        return new GregAdjustment(description, whalf, whalf, vs, betas, starts, r, List.copyOf(dep));
    }

    /**
     * @param g the g-weights
     * @return this step with {@code w = g * sqrt(d)}
     */
    GregAdjustment withG(double[] g) {
        double[] nw = new double[whalf.length];
        for (int i = 0; i < nw.length; i++) {
            nw[i] = g[i] * whalf[i];
        }
        return new GregAdjustment(description, whalf, nw, v, beta, start, rank, dependent);
    }

    private static double norm(double[] x, int from) {
        double scale = 0;
        for (int i = from; i < x.length; i++) {
            scale = Math.max(scale, Math.abs(x[i]));
        }
        if (scale == 0) {
            return 0;
        }
        double s = 0;
        for (int i = from; i < x.length; i++) {
            double t = x[i] / scale;
            s += t * t;
        }
        return scale * Math.sqrt(s);
    }

    private static void reflect(double[] vec, double b, int from, double[] y) {
        double dot = 0;
        for (int i = from; i < y.length; i++) {
            dot += vec[i] * y[i];
        }
        double f = b * dot;
        for (int i = from; i < y.length; i++) {
            y[i] -= f * vec[i];
        }
    }

    /** @return the number of independent calibration columns */
    int rank() {
        return rank;
    }

    /** @return the names of columns dependent on earlier ones */
    List<String> dependentColumns() {
        return dependent;
    }

    @Override
    public void residualise(double[][] z) {
        int n = w.length;
        for (double[] x : z) {
            for (int i = 0; i < n; i++) {
                x[i] /= w[i];
            }
            for (int j = 0; j < rank; j++) {
                reflect(v[j], beta[j], start[j], x);
            }
            for (int j = 0; j < rank; j++) {
                x[j] = 0;
            }
            for (int j = rank - 1; j >= 0; j--) {
                reflect(v[j], beta[j], start[j], x);
            }
            for (int i = 0; i < n; i++) {
                x[i] *= w[i];
            }
        }
    }

    @Override
    public String describe() {
        return description;
    }
}
