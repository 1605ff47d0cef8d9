package org.civicsurvey.analysis.regression;

/** Small dense linear algebra on {@code double[][]}: LU with partial pivoting, as LAPACK's {@code dgesv} behind R's {@code solve}. */
final class Linear {
    private Linear() {
    }

    /**
     * The inverse of a square matrix.
     *
     * @param a the matrix (not changed)
     * @param what what the matrix is, for the message
     * @throws IllegalArgumentException if it is singular to working precision
     */
    static double[][] inverse(double[][] a, String what) {
        int n = a.length;
        double[][] lu = new double[n][];
        for (int i = 0; i < n; i++) {
            lu[i] = a[i].clone();
        }
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        double maxAbs = 0;
        for (double[] row : a) {
            for (double v : row) {
                maxAbs = Math.max(maxAbs, Math.abs(v));
            }
        }
        for (int k = 0; k < n; k++) {
            int piv = k;
            for (int i = k + 1; i < n; i++) {
                if (Math.abs(lu[i][k]) > Math.abs(lu[piv][k])) {
                    piv = i;
                }
            }
            if (!(Math.abs(lu[piv][k]) > maxAbs * 1e-14)) {
                throw new IllegalArgumentException(what + " is singular");
            }
            if (piv != k) {
                double[] t = lu[piv];
                lu[piv] = lu[k];
                lu[k] = t;
                int ti = perm[piv];
                perm[piv] = perm[k];
                perm[k] = ti;
            }
            for (int i = k + 1; i < n; i++) {
                double f = lu[i][k] / lu[k][k];
                lu[i][k] = f;
                for (int j = k + 1; j < n; j++) {
                    lu[i][j] -= f * lu[k][j];
                }
            }
        }
        double[][] inv = new double[n][n];
        for (int col = 0; col < n; col++) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                double s = perm[i] == col ? 1 : 0;
                for (int j = 0; j < i; j++) {
                    s -= lu[i][j] * x[j];
                }
                x[i] = s;
            }
            for (int i = n - 1; i >= 0; i--) {
                double s = x[i];
                for (int j = i + 1; j < n; j++) {
                    s -= lu[i][j] * x[j];
                }
                x[i] = s / lu[i][i];
            }
            for (int i = 0; i < n; i++) {
                inv[i][col] = x[i];
            }
        }
        return inv;
    }

    /** {@code a b a'} for square a and symmetric b. */
    static double[][] sandwich(double[][] a, double[][] b) {
        int n = a.length;
        double[][] ab = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += a[i][k] * b[k][j];
                }
                ab[i][j] = s;
            }
        }
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += ab[i][k] * a[j][k];
                }
                out[i][j] = s;
            }
        }
        return out;
    }

    static double[][] copy(double[][] a) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].clone();
        }
        return out;
    }
}
