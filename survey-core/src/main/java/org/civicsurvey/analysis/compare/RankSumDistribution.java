package org.civicsurvey.analysis.compare;

/**
 * The exact null distribution of the Mann-Whitney statistic {@code U} for samples of sizes
 * {@code m} and {@code n} without ties (R's {@code pwilcox}), by the recurrence
 * {@code P(U = u | m, n) = m/(m+n) P(U = u - n | m - 1, n) + n/(m+n) P(U = u | m, n - 1)}
 * (Mann and Whitney 1947), on probabilities so that it never overflows.
 */
final class RankSumDistribution {
    private RankSumDistribution() {
    }

    /** {@code pwilcox(q, m, n)}: P(U &lt;= q). */
    static double cdf(int q, int m, int n) {
        if (q < 0) {
            return 0;
        }
        if (q >= m * n) {
            return 1;
        }
        double[] pmf = pmf(m, n);
        double s = 0;
        for (int u = 0; u <= q; u++) {
            s += pmf[u];
        }
        return Math.min(1, s);
    }

    static double[] pmf(int m, int n) {
        // prev[j] = distribution for (a - 1, j); cur[j] = for (a, j); index u up to a*j
        double[][] prev = new double[n + 1][];
        for (int j = 0; j <= n; j++) {
            prev[j] = new double[] {1}; // a = 0: U = 0 with probability 1
        }
        for (int a = 1; a <= m; a++) {
            double[][] cur = new double[n + 1][];
            cur[0] = new double[] {1};
            for (int j = 1; j <= n; j++) {
                double[] d = new double[a * j + 1];
                double pa = (double) a / (a + j);
                double pj = (double) j / (a + j);
                double[] left = prev[j];   // (a - 1, j), shifted by j
                double[] down = cur[j - 1]; // (a, j - 1)
                for (int u = 0; u < left.length; u++) {
                    d[u + j] += pa * left[u];
                }
                for (int u = 0; u < down.length; u++) {
                    d[u] += pj * down[u];
                }
                cur[j] = d;
            }
            prev = cur;
        }
        return prev[n];
    }
}
