package org.civicsurvey.stats;

import java.util.Arrays;

/**
 * The 0/1 Hadamard matrices that R's {@code survey:::hadamard(n)} (survey 4.1.1) returns for BRR
 * with n (pseudo-)strata: the smallest convenient matrix with more than n rows, from Sylvester's
 * doubling or Paley's construction with a prime {@code p ≡ 3 (mod 4)} up to 7919, chosen by R's
 * rules. Where R takes its stored 28 x 28 or 36 x 36 matrix (or one doubled from them) there is
 * no construction to reproduce it, and the caller must supply the matrix.
 */
final class Hadamard {
    private static final int[] SIZES = {4, 16, 28, 36};
    private static final int LARGEST_PRIME = 7919;

    private Hadamard() {
    }

    /**
     * @param n the number of strata, {@code >= 1}
     * @return R's matrix, entries 0/1, first row and column all 1
     * @throws IllegalArgumentException when R would use its stored 28 or 36 matrix
     */
    static byte[][] of(int n) {
        int m = n - n % 4;
        for (int s = 0; s < SIZES.length; s++) {
            if (m < SIZES[s] && m + 4 >= SIZES[s]) {
                return stored(s, n);
            }
        }
        long[] sizes = new long[SIZES.length];
        int best = 0;
        for (int s = 0; s < SIZES.length; s++) {
            long size = SIZES[s];
            while (size < n + 1L) {
                size *= 2;
            }
            sizes[s] = size;
            if (sizes[s] - n < sizes[best] - n) {
                best = s;
            }
        }
        byte[][] h = null;
        if (sizes[best] - n > 4) {
            h = paley(n, sizes[best]);
        }
        if (h == null) {
            h = stored(best, n);
            for (long size = SIZES[best]; size < sizes[best]; size *= 2) {
                h = doubled(h);
            }
        }
        return h;
    }

    private static byte[][] stored(int s, int n) {
        if (SIZES[s] > 16) {
            throw new IllegalArgumentException("for " + n + " (pseudo-)strata R's brrweights uses its stored " + SIZES[s]
                + " x " + SIZES[s] + " Hadamard matrix (survey:::hadamard(" + n + ")), which cannot be constructed here;"
                + " pass that matrix to ReplicateDesign.fay(design, rho, hadamard)");
        }
        byte[][] h = {{1}};
        while (h.length < SIZES[s]) {
            h = doubled(h);
        }
        return h;
    }

    /** R's {@code hadamard.doubler}: {@code rbind(cbind(H, H), cbind(H, 1 - H))}. */
    static byte[][] doubled(byte[][] h) {
        int k = h.length;
        byte[][] out = new byte[2 * k][2 * k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                out[i][j] = h[i][j];
                out[i][j + k] = h[i][j];
                out[i + k][j] = h[i][j];
                out[i + k][j + k] = (byte) (1 - h[i][j]);
            }
        }
        return out;
    }

    /** R's {@code survey:::paley(n, nmax)}: null when its rules find no matrix. */
    private static byte[][] paley(int n, long nmax) {
        int nceil = n + 4 - n % 4;
        int nn = nceil;
        if (n % 4 + 4 == n % 8) {
            while (nn % 8 == 0) {
                nn /= 2;
            }
            if (isSmallPrime(nn - 1)) {
                byte[][] h = paleyPrime(nn - 1);
                while (nn < nceil) {
                    h = doubled(h);
                    nn *= 2;
                }
                return h;
            }
        }
        if (n > LARGEST_PRIME) {
            return null;
        }
        int p = n;
        while (!isSmallPrime(p)) {
            p++;
        }
        if (p + 1 > nceil + 4 && nceil + 4 < nmax) {
            return paley(nceil + 3, 2L * (nceil + 3));
        }
        if (p > nmax) {
            return null;
        }
        return paleyPrime(p);
    }

    /** Primes {@code p ≡ 3 (mod 4)} with {@code 3 <= p <= 7919}: R's list {@code small.primes}. */
    private static boolean isSmallPrime(int p) {
        if (p < 3 || p > LARGEST_PRIME || p % 4 != 3) {
            return false;
        }
        for (int d = 3; d * d <= p; d += 2) {
            if (p % d == 0) {
                return false;
            }
        }
        return true;
    }

    /** Paley's construction for a prime p: 1 where (i + j) mod p is a non-residue, bordered by 1s. */
    private static byte[][] paleyPrime(int p) {
        boolean[] residue = new boolean[p];
        residue[0] = true;
        for (long i = 1; i <= (p - 1) / 2; i++) {
            residue[(int) (i * i % p)] = true;
        }
        byte[][] h = new byte[p + 1][p + 1];
        Arrays.fill(h[0], (byte) 1);
        for (int i = 0; i < p; i++) {
            h[i + 1][0] = 1;
            for (int j = 0; j < p; j++) {
                h[i + 1][j + 1] = (byte) (residue[(i + j) % p] ? 0 : 1);
            }
        }
        return h;
    }

    /**
     * A caller's Hadamard matrix as R's {@code brrweights(hadamard.matrix = H)} reads it: two
     * distinct values, the value of {@code H[0][0]} read as 0 and the other as 1, and
     * {@code (2H − 1)'(2H − 1) = k I}.
     *
     * @param matrix a square matrix
     * @param strata the number of (pseudo-)strata; the matrix needs more rows
     * @return the 0/1 matrix
     */
    static byte[][] fromCaller(double[][] matrix, int strata) {
        if (matrix == null || matrix.length == 0) {
            throw new IllegalArgumentException("hadamard is empty; it must be a square matrix with at least "
                + (strata + 1) + " rows");
        }
        int k = matrix.length;
        if (k < strata + 1) {
            throw new IllegalArgumentException("hadamard has " + k + " rows; the design has " + strata
                + " (pseudo-)strata, so it needs at least " + (strata + 1));
        }
        double zero = matrix[0][0];
        double one = Double.NaN;
        byte[][] h = new byte[k][k];
        for (int i = 0; i < k; i++) {
            if (matrix[i] == null || matrix[i].length != k) {
                throw new IllegalArgumentException("hadamard row " + i + " has " + (matrix[i] == null ? 0 : matrix[i].length)
                    + " entries; the matrix must be square (" + k + " x " + k + ")");
            }
            for (int j = 0; j < k; j++) {
                double v = matrix[i][j];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("hadamard[" + i + "][" + j + "] is " + v + "; must be finite");
                }
                if (v == zero) {
                    continue;
                }
                if (Double.isNaN(one)) {
                    one = v;
                } else if (v != one) {
                    throw new IllegalArgumentException("hadamard has more than two different values: " + zero + ", " + one
                        + " and " + v);
                }
                h[i][j] = 1;
            }
        }
        for (int a = 0; a < k; a++) {
            for (int b = a; b < k; b++) {
                long dot = 0;
                for (int i = 0; i < k; i++) {
                    dot += (2 * h[i][a] - 1) * (2 * h[i][b] - 1);
                }
                if (dot != (a == b ? k : 0)) {
                    throw new IllegalArgumentException("hadamard is not a Hadamard matrix: columns " + a + " and " + b
                        + " are not orthogonal");
                }
            }
        }
        return h;
    }
}
