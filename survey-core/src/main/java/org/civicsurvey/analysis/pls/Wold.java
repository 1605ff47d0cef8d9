package org.civicsurvey.analysis.pls;

import java.util.ArrayList;
import java.util.List;

/**
 * Wold's PLS algorithm on the item correlation matrix. With standardised items X and construct
 * scores Y = X W of unit variance, every quantity the iteration needs is a function of the item
 * correlation matrix S: {@code cov(X_k, Y_j) = (S W)_kj} and {@code cor(Y_a, Y_b) = W_a' S W_b};
 * so one iteration costs O(p²) whatever the number of rows.
 */
final class Wold {
    /** Thrown inside a bootstrap resample to mark it unusable; never escapes to the user. */
    static final class Degenerate extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        Degenerate(String message) {
            super(message);
        }
    }

    /** The converged (or last) state. */
    static final class Estimate {
        double[] weights;          // per item, for its own block (standardised items)
        double[][] crossLoadings;  // item x construct correlations
        double[][] latentCorrelations;
        double[][] paths;          // [from][to]
        double[] rSquared;         // 0 for exogenous constructs
        double[][] totals;
        int iterations;
        boolean converged;
    }

    private final PlsModel model;
    private final int p;
    private final int m;
    private final int[] blockOf;
    private final int[][] members;
    private final boolean[] modeB;
    private final boolean[][] d;

    Wold(PlsModel model) {
        this.model = model;
        this.p = model.items().size();
        this.m = model.constructs().size();
        this.blockOf = model.blockOf();
        this.d = model.adjacency();
        this.members = new int[m][];
        this.modeB = new boolean[m];
        for (int j = 0; j < m; j++) {
            List<Integer> list = new ArrayList<>();
            for (int k = 0; k < p; k++) {
                if (blockOf[k] == j) {
                    list.add(k);
                }
            }
            members[j] = list.stream().mapToInt(Integer::intValue).toArray();
            modeB[j] = model.modes().get(j) == Mode.B;
        }
    }

    Estimate run(double[][] s, WeightingScheme scheme, double tolerance, int maxIterations) {
        // Cholesky factors of the mode B blocks' correlation matrices
        double[][][] cholB = new double[m][][];
        for (int j = 0; j < m; j++) {
            if (modeB[j]) {
                cholB[j] = cholesky(sub(s, members[j], members[j]), names(members[j]),
                        "items of formative block '" + model.constructs().get(j) + "'");
            }
        }
        double[] w = new double[p];
        java.util.Arrays.fill(w, 1.0);
        normalise(s, w);
        double[][] sw = new double[p][m];
        double[][] ryy = new double[m][m];
        double[][] e = new double[m][m];
        double[] next = new double[p];
        int iteration = 0;
        boolean converged = false;
        while (iteration < maxIterations) {
            iteration++;
            latent(s, w, sw, ryy);
            innerWeights(scheme, ryy, e);
            for (int j = 0; j < m; j++) {
                int[] b = members[j];
                double[] c = new double[b.length];
                for (int a = 0; a < b.length; a++) {
                    double v = 0;
                    for (int i = 0; i < m; i++) {
                        if (e[j][i] != 0) {
                            v += e[j][i] * sw[b[a]][i];
                        }
                    }
                    c[a] = v;
                }
                if (modeB[j]) {
                    c = solve(cholB[j], c);
                }
                for (int a = 0; a < b.length; a++) {
                    next[b[a]] = c[a];
                }
            }
            normalise(s, next);
            double change = 0;
            for (int k = 0; k < p; k++) {
                change = Math.max(change, Math.abs(next[k] - w[k]));
            }
            System.arraycopy(next, 0, w, 0, p);
            if (change < tolerance) {
                converged = true;
                break;
            }
        }
        latent(s, w, sw, ryy);
        Estimate est = new Estimate();
        est.weights = w;
        est.crossLoadings = sw;
        est.latentCorrelations = ryy;
        est.iterations = iteration;
        est.converged = converged;
        est.paths = new double[m][m];
        est.rSquared = new double[m];
        for (int j = 0; j < m; j++) {
            int[] pred = predecessors(j);
            if (pred.length == 0) {
                continue;
            }
            double[] rhs = new double[pred.length];
            for (int a = 0; a < pred.length; a++) {
                rhs[a] = ryy[pred[a]][j];
            }
            double[] coef = solve(cholesky(sub(ryy, pred, pred), constructNames(pred),
                    "predecessors of '" + model.constructs().get(j) + "'"), rhs);
            double r2 = 0;
            for (int a = 0; a < pred.length; a++) {
                est.paths[pred[a]][j] = coef[a];
                r2 += coef[a] * rhs[a];
            }
            est.rSquared[j] = r2;
        }
        est.totals = totals(est.paths);
        return est;
    }

    private int[] predecessors(int j) {
        int count = 0;
        for (int i = 0; i < m; i++) {
            if (d[i][j]) {
                count++;
            }
        }
        int[] pred = new int[count];
        int c = 0;
        for (int i = 0; i < m; i++) {
            if (d[i][j]) {
                pred[c++] = i;
            }
        }
        return pred;
    }

    /** sw = S W (item-construct covariances), ryy = W' S W. */
    private void latent(double[][] s, double[] w, double[][] sw, double[][] ryy) {
        for (int k = 0; k < p; k++) {
            double[] row = sw[k];
            java.util.Arrays.fill(row, 0);
            double[] sk = s[k];
            for (int l = 0; l < p; l++) {
                row[blockOf[l]] += sk[l] * w[l];
            }
        }
        for (int a = 0; a < m; a++) {
            java.util.Arrays.fill(ryy[a], 0);
        }
        for (int k = 0; k < p; k++) {
            int a = blockOf[k];
            for (int b = 0; b < m; b++) {
                ryy[a][b] += w[k] * sw[k][b];
            }
        }
    }

    private void innerWeights(WeightingScheme scheme, double[][] ryy, double[][] e) {
        for (int j = 0; j < m; j++) {
            java.util.Arrays.fill(e[j], 0);
            for (int i = 0; i < m; i++) {
                boolean adjacent = d[i][j] || d[j][i];
                if (!adjacent) {
                    continue;
                }
                switch (scheme) {
                    case CENTROID:
                        e[j][i] = Math.signum(ryy[j][i]);
                        break;
                    case FACTORIAL:
                        e[j][i] = ryy[j][i];
                        break;
                    case PATH:
                        if (d[j][i]) {
                            e[j][i] = ryy[j][i];
                        }
                        break;
                    default:
                        throw new IllegalStateException("unknown scheme " + scheme);
                }
            }
            if (scheme == WeightingScheme.PATH) {
                int[] pred = predecessors(j);
                if (pred.length > 0) {
                    double[] rhs = new double[pred.length];
                    for (int a = 0; a < pred.length; a++) {
                        rhs[a] = ryy[pred[a]][j];
                    }
                    double[] coef = solve(cholesky(sub(ryy, pred, pred), constructNames(pred),
                            "predecessors of '" + model.constructs().get(j) + "'"), rhs);
                    for (int a = 0; a < pred.length; a++) {
                        e[j][pred[a]] = coef[a];
                    }
                }
            }
        }
    }

    /** Scales each block's weights so that its scores have unit variance. */
    private void normalise(double[][] s, double[] w) {
        for (int j = 0; j < m; j++) {
            int[] b = members[j];
            double v = 0;
            for (int x : b) {
                for (int y : b) {
                    v += w[x] * s[x][y] * w[y];
                }
            }
            if (!(v > 1e-300) || !Double.isFinite(v)) {
                throw new Degenerate("the scores of construct '" + model.constructs().get(j)
                        + "' have zero variance: its inner proxy is uncorrelated with its items");
            }
            double scale = 1 / Math.sqrt(v);
            for (int x : b) {
                w[x] *= scale;
            }
        }
    }

    private double[][] totals(double[][] b) {
        // T = B + B^2 + ... ; B is nilpotent (acyclic), at most m - 1 non-zero powers
        double[][] total = new double[m][m];
        double[][] power = new double[m][];
        for (int i = 0; i < m; i++) {
            power[i] = b[i].clone();
        }
        for (int step = 0; step < m; step++) {
            boolean any = false;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    total[i][j] += power[i][j];
                    any |= power[i][j] != 0;
                }
            }
            if (!any) {
                break;
            }
            double[][] nextPower = new double[m][m];
            for (int i = 0; i < m; i++) {
                for (int k = 0; k < m; k++) {
                    if (power[i][k] != 0) {
                        for (int j = 0; j < m; j++) {
                            nextPower[i][j] += power[i][k] * b[k][j];
                        }
                    }
                }
            }
            power = nextPower;
        }
        return total;
    }

    private List<String> names(int[] items) {
        List<String> n = new ArrayList<>();
        for (int k : items) {
            n.add(model.items().get(k));
        }
        return n;
    }

    private List<String> constructNames(int[] constructs) {
        List<String> n = new ArrayList<>();
        for (int k : constructs) {
            n.add(model.constructs().get(k));
        }
        return n;
    }

    private static double[][] sub(double[][] a, int[] rows, int[] cols) {
        double[][] r = new double[rows.length][cols.length];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < cols.length; j++) {
                r[i][j] = a[rows[i]][cols[j]];
            }
        }
        return r;
    }

    /** Cholesky factor of a correlation matrix; collinearity is reported naming the variables. */
    static double[][] cholesky(double[][] a, List<String> names, String what) {
        int n = a.length;
        double[][] l = new double[n][n];
        for (int j = 0; j < n; j++) {
            double dd = a[j][j];
            for (int k = 0; k < j; k++) {
                double s = a[j][k];
                for (int q = 0; q < k; q++) {
                    s -= l[j][q] * l[k][q];
                }
                s /= l[k][k];
                l[j][k] = s;
                dd -= s * s;
            }
            if (!(dd > 1e-10 * a[j][j])) {
                throw new Degenerate("collinear " + what + ": '" + names.get(j) + "' is a linear combination of "
                        + names.subList(0, j) + " (1 - R² = " + Math.max(dd, 0) + ", tolerance 1e-10)");
            }
            l[j][j] = Math.sqrt(dd);
        }
        return l;
    }

    static double[] solve(double[][] l, double[] b) {
        int n = b.length;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= l[i][k] * y[k];
            }
            y[i] = s / l[i][i];
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = y[i];
            for (int k = i + 1; k < n; k++) {
                s -= l[k][i] * x[k];
            }
            x[i] = s / l[i][i];
        }
        return x;
    }
}
