package org.civicsurvey.analysis.regression;

/**
 * A least-squares fit of z on p columns by Householder QR, fed a block of rows at a time: the
 * triangle R of the rows seen so far, augmented with Q'z, is updated by reflections that zero
 * each new block against it (a "tall and skinny" QR). As stable as the QR of the whole matrix
 * that R's {@code lm.fit} / {@code glm.fit} use, in one pass, with memory O(p²) per accumulator;
 * accumulators over disjoint rows merge exactly like blocks.
 *
 * <p>Blocks are column-major: {@code a[j][i]} is column j (j &lt; p; column p is z) of block row i.
 * The block is overwritten.
 */
final class LeastSquares {
    /** R's {@code glm.fit} tolerance for a column to count as a linear combination of the earlier ones: {@code min(1e-7, epsilon / 1000)}. */
    static final double RANK_TOLERANCE = 1e-11;
    /**
     * The smallest share of a column's weighted sum of squares that its part orthogonal to the
     * earlier columns may have for {@link #ofCrossProducts} to solve by Cholesky: the squared
     * condition number then adds at most about 1e3 times the rounding to each coefficient.
     */
    static final double CHOLESKY_PIVOT = 1e-3;

    private final int p;
    private final int q;
    /** Upper triangle, row-major q x q; only rows 0..p-1 are kept (the last column holds Q'z). */
    private final double[] r;
    /** Sum of squares of each column over all rows seen. */
    private final double[] sumSquares;
    private long rowsSeen;

    LeastSquares(int p) {
        this.p = p;
        this.q = p + 1;
        this.r = new double[q * q];
        this.sumSquares = new double[q];
    }

    /**
     * The same triangle from the cross products instead of the rows: the Cholesky factor R of
     * X'WX (R'R = X'WX), its last column solving R'c = X'Wz, so that {@link #solve} and
     * {@link #inverseCrossProduct} are the QR's up to rounding. Forming X'WX squares the
     * condition number, so this is taken only when every column keeps a large part of its
     * norm against the columns before it: each pivot at least {@link #CHOLESKY_PIVOT} of the
     * column's sum of squares. Otherwise (a near or exact linear combination) it returns
     * {@code null}, and the caller solves by Householder QR, whose rank test is R's.
     *
     * @param p the columns
     * @param gram row-major (p + 1) x (p + 1), upper triangle of rows 0..p-1 filled: X'WX and
     *     in column p X'Wz
     * @param rows the rows summed
     * @return the factored system, or {@code null} when a pivot is small
     */
    static LeastSquares ofCrossProducts(int p, double[] gram, long rows) {
        LeastSquares ls = new LeastSquares(p);
        int q = p + 1;
        double[] r = ls.r;
        for (int j = 0; j < p; j++) {
            double ajj = gram[j * q + j];
            ls.sumSquares[j] = ajj;
            double d = ajj;
            for (int i = 0; i < j; i++) {
                double v = r[i * q + j];
                d -= v * v;
            }
            if (!(ajj > 0 && d > CHOLESKY_PIVOT * ajj) || !Double.isFinite(ajj)) {
                return null;
            }
            double rjj = Math.sqrt(d);
            r[j * q + j] = rjj;
            for (int k = j + 1; k < q; k++) {
                double s = gram[j * q + k];
                for (int i = 0; i < j; i++) {
                    s -= r[i * q + j] * r[i * q + k];
                }
                r[j * q + k] = s / rjj;
            }
        }
        ls.rowsSeen = rows;
        return ls;
    }

    /** Adds the first {@code b} rows of a column-major block (overwritten). */
    void add(double[][] a, int b) {
        for (int j = 0; j < q; j++) {
            sumSquares[j] += dot(a[j], a[j], b);
        }
        rowsSeen += b;
        reflect(a, b);
    }

    /** Zeroes the block's first p columns against the triangle. */
    private void reflect(double[][] a, int b) {
        for (int j = 0; j < p; j++) {
            double[] aj = a[j];
            double s = dot(aj, aj, b);
            if (s == 0) {
                continue;
            }
            double alpha = r[j * q + j];
            double norm = Math.sqrt(alpha * alpha + s);
            double beta = alpha > 0 ? -norm : norm;
            double tau = (beta - alpha) / beta;
            double scale = 1 / (alpha - beta);
            for (int i = 0; i < b; i++) {
                aj[i] *= scale;
            }
            r[j * q + j] = beta;
            for (int k = j + 1; k < q; k++) {
                double[] ak = a[k];
                double dot = (r[j * q + k] + dot(aj, ak, b)) * tau;
                r[j * q + k] -= dot;
                for (int i = 0; i < b; i++) {
                    ak[i] -= dot * aj[i];
                }
            }
        }
    }

    /** {@code sum_i a[i] b[i]} over the first n entries, in four interleaved partial sums (the additions overlap). */
    static double dot(double[] a, double[] b, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < n; i++) {
            s0 += a[i] * b[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Adds the rows another accumulator has seen (its triangle is a block of p rows). */
    void merge(LeastSquares other) {
        double[][] a = new double[q][p];
        for (int i = 0; i < p; i++) {
            for (int k = i; k < q; k++) {
                a[k][i] = other.r[i * q + k];
            }
        }
        for (int j = 0; j < q; j++) {
            sumSquares[j] += other.sumSquares[j];
        }
        rowsSeen += other.rowsSeen;
        reflect(a, p);
    }

    /** @return the number of rows added */
    long rows() {
        return rowsSeen;
    }

    /**
     * @return the index of the first column whose part orthogonal to the earlier columns is below
     *     {@link #RANK_TOLERANCE} times its norm (R's {@code dqrdc2} test), or -1 when the columns
     *     are linearly independent
     */
    int firstDependentColumn() {
        for (int j = 0; j < p; j++) {
            double norm = Math.sqrt(sumSquares[j]);
            if (!(Math.abs(r[j * q + j]) >= RANK_TOLERANCE * norm) || norm == 0) {
                return j;
            }
        }
        return -1;
    }

    /** @return the coefficients solving {@code R b = Q'z} */
    double[] solve() {
        double[] b = new double[p];
        for (int j = p - 1; j >= 0; j--) {
            double s = r[j * q + p];
            for (int k = j + 1; k < p; k++) {
                s -= r[j * q + k] * b[k];
            }
            b[j] = s / r[j * q + j];
        }
        return b;
    }

    /** @return {@code (R'R)^-1}, R's {@code chol2inv(qr$qr)}: the unscaled covariance of the coefficients */
    double[][] inverseCrossProduct() {
        // Rinv upper triangular
        double[][] inv = new double[p][p];
        for (int j = 0; j < p; j++) {
            inv[j][j] = 1 / r[j * q + j];
            for (int i = j - 1; i >= 0; i--) {
                double s = 0;
                for (int k = i + 1; k <= j; k++) {
                    s += r[i * q + k] * inv[k][j];
                }
                inv[i][j] = -s / r[i * q + i];
            }
        }
        double[][] out = new double[p][p];
        for (int a = 0; a < p; a++) {
            for (int b = a; b < p; b++) {
                double s = 0;
                for (int k = b; k < p; k++) {
                    s += inv[a][k] * inv[b][k];
                }
                out[a][b] = s;
                out[b][a] = s;
            }
        }
        return out;
    }
}
