package org.civicsurvey.analysis.reliability;

import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/** Small dense-matrix helpers on {@code double[][]}, as the psych functions define them. */
final class Matrices {
    private static final double PINV_TOLERANCE = Math.sqrt(Math.ulp(1.0));

    private Matrices() {
    }

    /** R's {@code cov2cor}. */
    static double[][] cov2cor(double[][] c) {
        int k = c.length;
        double[] s = new double[k];
        for (int i = 0; i < k; i++) {
            s[i] = Math.sqrt(c[i][i]);
        }
        double[][] r = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                r[i][j] = i == j ? 1.0 : c[i][j] / (s[i] * s[j]);
            }
        }
        return r;
    }

    /** The matrix without row and column {@code drop}. */
    static double[][] without(double[][] m, int drop) {
        int k = m.length;
        double[][] out = new double[k - 1][k - 1];
        for (int i = 0, a = 0; i < k; i++) {
            if (i == drop) {
                continue;
            }
            for (int j = 0, b = 0; j < k; j++) {
                if (j == drop) {
                    continue;
                }
                out[a][b++] = m[i][j];
            }
            a++;
        }
        return out;
    }

    static double sum(double[][] m) {
        double s = 0;
        for (double[] row : m) {
            for (double v : row) {
                s += v;
            }
        }
        return s;
    }

    static double trace(double[][] m) {
        double s = 0;
        for (int i = 0; i < m.length; i++) {
            s += m[i][i];
        }
        return s;
    }

    /**
     * {@code psych::smc} on a correlation matrix without missing entries: {@code 1 - 1/diag(R^+)}
     * with psych's SVD pseudo-inverse ({@code psych::Pinv}, tolerance {@code sqrt(eps)} times the
     * largest singular value), values clipped to {@code [0, 1]}.
     */
    static double[] smc(double[][] r) {
        int k = r.length;
        SingularValueDecomposition svd = new SingularValueDecomposition(new Array2DRowRealMatrix(r, true));
        double[] d = svd.getSingularValues();
        RealMatrix u = svd.getU();
        RealMatrix v = svd.getV();
        double cut = Math.max(PINV_TOLERANCE * d[0], 0);
        double[] smc = new double[k];
        for (int i = 0; i < k; i++) {
            double diag = 0;
            for (int s = 0; s < d.length; s++) {
                if (d[s] > cut) {
                    diag += v.getEntry(i, s) * u.getEntry(i, s) / d[s];
                }
            }
            double value = 1 - 1 / diag;
            smc[i] = Math.min(1, Math.max(0, value));
        }
        return smc;
    }

    /**
     * Loadings of the first principal component ({@code psych::principal(r, 1)}): the eigenvector
     * of the largest eigenvalue times its square root, signed so the loadings sum to {@code >= 0}.
     */
    static double[] firstComponent(double[][] r) {
        EigenDecomposition eigen = new EigenDecomposition(new Array2DRowRealMatrix(r, true));
        double[] values = eigen.getRealEigenvalues();
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        double root = Math.sqrt(Math.max(values[best], Math.ulp(1.0)));
        double[] loadings = eigen.getEigenvector(best).toArray();
        double sum = 0;
        for (int i = 0; i < loadings.length; i++) {
            loadings[i] *= root;
            sum += loadings[i];
        }
        if (sum < 0) {
            for (int i = 0; i < loadings.length; i++) {
                loadings[i] = -loadings[i];
            }
        }
        return loadings;
    }

    /** R's {@code median} of a non-empty array (a copy is sorted). */
    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** Sample variance (divisor n - 1), NaN for fewer than two values, as R's {@code var}. */
    static double variance(double[] values) {
        int n = values.length;
        if (n < 2) {
            return Double.NaN;
        }
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= n;
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        return ss / (n - 1);
    }
}
