package org.civicsurvey.analysis.drivers;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Relative importance of correlated predictors, computed from a correlation matrix.
 *
 * <p>All methods take {@code rxx}, the p × p correlation matrix of the drivers, and {@code rxy},
 * their correlations with the outcome (weighted or not: the caller decides how they were
 * estimated). The matrix must be positive definite: drivers that are (nearly) linear
 * combinations of others are rejected with an {@link IllegalArgumentException} naming them (1 −
 * R² of a driver on the earlier ones below {@value #COLLINEARITY_TOLERANCE}).
 */
public final class RelativeImportance {
    /** The largest number of drivers the exact Shapley decomposition accepts (2^20 subsets). */
    public static final int MAX_SHAPLEY_DRIVERS = 20;
    /** A driver whose 1 − R² on the earlier drivers is below this is declared collinear. */
    public static final double COLLINEARITY_TOLERANCE = 1e-10;

    private RelativeImportance() {
    }

    /**
     * R² of the regression on every subset of drivers, from the correlation matrix: entry
     * {@code mask} holds R² of the drivers whose bits are set in {@code mask} (entry 0 is 0).
     *
     * <p>Subsets are visited depth-first in lexicographic order, extending a Cholesky factor of
     * the subset's correlation matrix by one row per step (O(|S|²) work per subset, no
     * downdating, so no error accumulates along the enumeration).
     *
     * @param rxx driver correlation matrix
     * @param rxy driver–outcome correlations
     * @param names driver names, for error messages
     * @return R² per subset, length 2^p
     */
    public static double[] subsetRSquared(double[][] rxx, double[] rxy, List<String> names) {
        int p = check(rxx, rxy, names);
        if (p > MAX_SHAPLEY_DRIVERS) {
            throw new IllegalArgumentException("exact Shapley/LMG decomposition takes at most " + MAX_SHAPLEY_DRIVERS
                    + " drivers (2^" + MAX_SHAPLEY_DRIVERS + " subsets), got " + p);
        }
        requireNotCollinear(rxx, names);
        double[] r2 = new double[1 << p];
        double[][] chol = new double[p][p];
        double[] z = new double[p];
        int[] members = new int[p];
        extend(rxx, rxy, r2, chol, z, members, 0, 0, 0, 0.0);
        return r2;
    }

    private static void extend(double[][] rxx, double[] rxy, double[] r2, double[][] chol, double[] z,
            int[] members, int start, int depth, int mask, double r2sum) {
        int p = rxy.length;
        for (int j = start; j < p; j++) {
            double[] row = chol[depth];
            double d = rxx[j][j];
            double zz = rxy[j];
            for (int a = 0; a < depth; a++) {
                double s = rxx[members[a]][j];
                double[] la = chol[a];
                for (int b = 0; b < a; b++) {
                    s -= la[b] * row[b];
                }
                s /= la[a];
                row[a] = s;
                d -= s * s;
                zz -= s * z[a];
            }
            double diag = Math.sqrt(d);
            row[depth] = diag;
            z[depth] = zz / diag;
            double value = r2sum + z[depth] * z[depth];
            int next = mask | (1 << j);
            r2[next] = value;
            members[depth] = j;
            if (j + 1 < p) {
                extend(rxx, rxy, r2, chol, z, members, j + 1, depth + 1, next, value);
            }
        }
    }

    /**
     * The Shapley value of R² for each driver (Lindeman, Merenda and Gold's LMG): the average over
     * all orderings of the drivers of the increase in R² when the driver joins, computed exactly
     * over all subsets S not containing j with weight {@code |S|! (p − |S| − 1)! / p!}. The values
     * are non-negative and sum to the R² of the full model.
     *
     * @param rxx driver correlation matrix
     * @param rxy driver–outcome correlations
     * @param names driver names, for error messages
     * @return the LMG value per driver
     */
    public static double[] lmg(double[][] rxx, double[] rxy, List<String> names) {
        double[] r2 = subsetRSquared(rxx, rxy, names);
        int p = rxy.length;
        double[] weight = new double[p];
        for (int k = 0; k < p; k++) {
            // k! (p-k-1)! / p! = 1 / (p * C(p-1, k))
            weight[k] = 1.0 / (p * binomial(p - 1, k));
        }
        double[] result = new double[p];
        int subsets = 1 << p;
        for (int j = 0; j < p; j++) {
            int bit = 1 << j;
            double s = 0;
            for (int mask = 0; mask < subsets; mask++) {
                if ((mask & bit) == 0) {
                    s += weight[Integer.bitCount(mask)] * (r2[mask | bit] - r2[mask]);
                }
            }
            result[j] = s;
        }
        return result;
    }

    /**
     * Johnson's (2000) relative weights: with the symmetric square root {@code Λ = V D^½ V'} of
     * {@code rxx = V D V'} and {@code β = Λ⁻¹ rxy}, driver j's weight is {@code Σ_k Λ_jk² β_k²}.
     * The weights sum to R².
     *
     * @param rxx driver correlation matrix
     * @param rxy driver–outcome correlations
     * @param names driver names, for error messages
     * @return the relative weight per driver
     */
    public static double[] relativeWeights(double[][] rxx, double[] rxy, List<String> names) {
        int p = check(rxx, rxy, names);
        requireNotCollinear(rxx, names);
        EigenDecomposition eigen = new EigenDecomposition(new Array2DRowRealMatrix(rxx, true));
        RealMatrix v = eigen.getV();
        double[] values = eigen.getRealEigenvalues();
        double[][] lambda = new double[p][p];
        double[][] inverse = new double[p][p];
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                double s = 0;
                double si = 0;
                for (int k = 0; k < p; k++) {
                    double vv = v.getEntry(a, k) * v.getEntry(b, k);
                    s += vv * Math.sqrt(values[k]);
                    si += vv / Math.sqrt(values[k]);
                }
                lambda[a][b] = s;
                inverse[a][b] = si;
            }
        }
        double[] beta = new double[p];
        for (int a = 0; a < p; a++) {
            double s = 0;
            for (int b = 0; b < p; b++) {
                s += inverse[a][b] * rxy[b];
            }
            beta[a] = s;
        }
        double[] result = new double[p];
        for (int j = 0; j < p; j++) {
            double s = 0;
            for (int k = 0; k < p; k++) {
                s += lambda[j][k] * lambda[j][k] * beta[k] * beta[k];
            }
            result[j] = s;
        }
        return result;
    }

    /**
     * Rejects a correlation matrix whose drivers are (nearly) collinear, naming the first driver
     * that is a linear combination of earlier ones and those earlier drivers.
     *
     * @param rxx driver correlation matrix
     * @param names driver names
     * @return the lower Cholesky factor of {@code rxx}
     */
    static double[][] requireNotCollinear(double[][] rxx, List<String> names) {
        int p = rxx.length;
        double[][] l = new double[p][p];
        for (int j = 0; j < p; j++) {
            double d = rxx[j][j];
            for (int a = 0; a < j; a++) {
                double s = rxx[j][a];
                for (int b = 0; b < a; b++) {
                    s -= l[j][b] * l[a][b];
                }
                s /= l[a][a];
                l[j][a] = s;
                d -= s * s;
            }
            if (!(d > COLLINEARITY_TOLERANCE * rxx[j][j])) {
                throw new IllegalArgumentException("collinear drivers: '" + names.get(j)
                        + "' is a linear combination of " + partners(l, j, names) + " (1 - R² of '" + names.get(j)
                        + "' on the earlier drivers = " + Math.max(d, 0) + ", tolerance " + COLLINEARITY_TOLERANCE
                        + "); drop one of them");
            }
            l[j][j] = Math.sqrt(d);
        }
        return l;
    }

    /** Earlier drivers with a non-negligible coefficient in the regression of driver j on them. */
    private static List<String> partners(double[][] l, int j, List<String> names) {
        // regression coefficients b solve L_11 L_11' b = r_1j with L_11 the leading j x j factor,
        // and L_11 c = r_1j is row j of l: solve L_11' b = c.
        double[] b = new double[j];
        for (int a = j - 1; a >= 0; a--) {
            double s = l[j][a];
            for (int k = a + 1; k < j; k++) {
                s -= l[k][a] * b[k];
            }
            b[a] = s / l[a][a];
        }
        List<String> result = new ArrayList<>();
        for (int a = 0; a < j; a++) {
            if (Math.abs(b[a]) > 1e-6) {
                result.add("'" + names.get(a) + "'");
            }
        }
        return result;
    }

    private static int check(double[][] rxx, double[] rxy, List<String> names) {
        int p = rxy.length;
        if (p == 0) {
            throw new IllegalArgumentException("at least one driver is needed, got 0");
        }
        if (rxx.length != p || names.size() != p) {
            throw new IllegalArgumentException("rxx is " + rxx.length + " x ?, rxy has " + p + " entries, names "
                    + names.size() + ": they must agree");
        }
        for (int a = 0; a < p; a++) {
            if (rxx[a].length != p) {
                throw new IllegalArgumentException("rxx row " + a + " has " + rxx[a].length + " entries, expected " + p);
            }
            for (int b = 0; b < p; b++) {
                if (!Double.isFinite(rxx[a][b]) || Math.abs(rxx[a][b] - rxx[b][a]) > 1e-12) {
                    throw new IllegalArgumentException("rxx must be a finite symmetric matrix; entry [" + a + "][" + b
                            + "] = " + rxx[a][b] + ", [" + b + "][" + a + "] = " + rxx[b][a]);
                }
            }
            if (!Double.isFinite(rxy[a])) {
                throw new IllegalArgumentException("rxy[" + a + "] must be finite, was " + rxy[a]);
            }
        }
        return p;
    }

    private static double binomial(int n, int k) {
        double r = 1;
        for (int i = 1; i <= k; i++) {
            r = r * (n - k + i) / i;
        }
        return r;
    }
}
