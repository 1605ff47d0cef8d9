package org.civicsurvey.stats;

/**
 * The rank of a matrix as R's {@code qr(x, tol)$rank} finds it (LAPACK = FALSE: LINPACK's
 * {@code dqrdc2} as modified for R): Householder reduction with limited column pivoting, a column
 * whose reduced norm falls below {@code tol} times its original norm moved to the right edge and
 * left out of the rank.
 */
final class RankQr {
    private RankQr() {
    }

    /**
     * @param x column-major {@code n x p} matrix, overwritten
     * @param n rows
     * @param p columns
     * @param tol relative tolerance (R's {@code degf} of a replicate design uses 1e-5)
     * @return the rank
     */
    static int rank(double[] x, int n, int p, double tol) {
        if (n == 0 || p == 0) {
            return 0;
        }
        double[] qraux = new double[p];
        double[] work1 = new double[p];
        double[] work2 = new double[p];
        for (int j = 0; j < p; j++) {
            qraux[j] = norm(x, j * n, n);
            work1[j] = qraux[j];
            work2[j] = qraux[j] == 0 ? 1 : qraux[j];
        }
        int lup = Math.min(n, p);
        int k = p + 1;
        double[] column = new double[n];
        for (int l = 0; l < lup; l++) {
            // 1-based l + 1 in LINPACK; k is 1-based
            while (l + 1 < k && qraux[l] < work2[l] * tol) {
                System.arraycopy(x, l * n, column, 0, n);
                System.arraycopy(x, (l + 1) * n, x, l * n, (p - l - 1) * n);
                System.arraycopy(column, 0, x, (p - 1) * n, n);
                double t = qraux[l];
                double tt = work1[l];
                double ttt = work2[l];
                for (int j = l + 1; j < p; j++) {
                    qraux[j - 1] = qraux[j];
                    work1[j - 1] = work1[j];
                    work2[j - 1] = work2[j];
                }
                qraux[p - 1] = t;
                work1[p - 1] = tt;
                work2[p - 1] = ttt;
                k--;
            }
            if (l == n - 1) {
                continue;
            }
            int ll = l * n + l;
            double nrmxl = norm(x, ll, n - l);
            if (nrmxl == 0) {
                continue;
            }
            if (x[ll] != 0) {
                nrmxl = Math.copySign(nrmxl, x[ll]);
            }
            double inv = 1 / nrmxl;
            for (int i = 0; i < n - l; i++) {
                x[ll + i] *= inv;
            }
            x[ll] = 1 + x[ll];
            for (int j = l + 1; j < p; j++) {
                int lj = j * n + l;
                double dot = 0;
                for (int i = 0; i < n - l; i++) {
                    dot += x[ll + i] * x[lj + i];
                }
                double t = -dot / x[ll];
                for (int i = 0; i < n - l; i++) {
                    x[lj + i] += t * x[ll + i];
                }
                if (qraux[j] != 0) {
                    double r = Math.abs(x[lj]) / qraux[j];
                    double tt = Math.max(1 - r * r, 0);
                    if (Math.abs(tt) >= 1e-6) {
                        qraux[j] = qraux[j] * Math.sqrt(tt);
                    } else {
                        qraux[j] = norm(x, lj + 1, n - l - 1);
                        work1[j] = qraux[j];
                    }
                }
            }
            qraux[l] = x[ll];
            x[ll] = -nrmxl;
        }
        return Math.min(k - 1, n);
    }

    /** The Euclidean norm of {@code len} entries from {@code from}, scaled against overflow. */
    private static double norm(double[] x, int from, int len) {
        double scale = 0;
        for (int i = 0; i < len; i++) {
            scale = Math.max(scale, Math.abs(x[from + i]));
        }
        if (scale == 0) {
            return 0;
        }
        double ss = 0;
        for (int i = 0; i < len; i++) {
            double v = x[from + i] / scale;
            ss += v * v;
        }
        return scale * Math.sqrt(ss);
    }
}
