package org.civicsurvey.analysis.regression;

/**
 * The weighted proportional-odds (cumulative logit) likelihood of R's {@code svyolr} (survey
 * 4.1.1, after {@code MASS::polr}): parameters are the coefficients {@code beta} and
 * {@code theta = (zeta_1, log(zeta_2 - zeta_1), ...)}, the cut-points' first value and log
 * spacings; {@code P(y <= k) = plogis(zeta_k - x beta)}, with the outer cut-points at -100 and
 * 100 as R has them. Value, gradient and per-row scores follow R's {@code fmin}, {@code gmin} and
 * {@code gmini} term by term, with R's extended-precision sums emulated by compensated sums.
 */
final class ProportionalOdds implements Vmmin.Objective {
    private final double[][] x; // pc columns over the used rows
    private final int[] y;      // category 1..K per used row
    private final double[] wt;  // sampling weight per used row
    private final int pc;
    private final int q;

    ProportionalOdds(double[][] x, int[] y, double[] wt, int categories) {
        this.x = x;
        this.y = y;
        this.wt = wt;
        this.pc = x.length;
        this.q = categories - 1;
    }

    int parameters() {
        return pc + q;
    }

    /** {@code c(-100, cumsum(c(theta[1], exp(theta[-1]))), 100)}. */
    private double[] cutPoints(double[] b) {
        double[] steps = new double[q];
        steps[0] = b[pc];
        for (int k = 1; k < q; k++) {
            steps[k] = Math.exp(b[pc + k]);
        }
        double[] cum = cumsum(steps);
        double[] gamm = new double[q + 2];
        gamm[0] = -100;
        System.arraycopy(cum, 0, gamm, 1, q);
        gamm[q + 1] = 100;
        return gamm;
    }

    /** R's {@code cumsum}, accumulated in extended precision: each partial sum rounded once. */
    static double[] cumsum(double[] v) {
        double[] out = new double[v.length];
        double hi = 0;
        double lo = 0;
        for (int i = 0; i < v.length; i++) {
            double s = hi + v[i];
            double bb = s - hi;
            double err = (hi - (s - bb)) + (v[i] - bb);
            hi = s;
            lo += err;
            out[i] = hi + lo;
        }
        return out;
    }

    private double eta(double[] b, int r) {
        double e = 0;
        for (int j = 0; j < pc; j++) {
            e += x[j][r] * b[j];
        }
        return e;
    }

    static double plogis(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    static double dlogis(double v) {
        double e = Math.exp(-Math.abs(v));
        double f = 1.0 + e;
        return e / (f * f);
    }

    @Override
    public double value(double[] b) {
        double[] gamm = cutPoints(b);
        double s = 0;
        double c = 0;
        for (int r = 0; r < y.length; r++) {
            double eta = eta(b, r);
            double pr = plogis(gamm[y[r]] - eta) - plogis(gamm[y[r] - 1] - eta);
            if (!(pr > 0)) {
                return Double.POSITIVE_INFINITY;
            }
            double v = wt[r] * Math.log(pr);
            double t = s + v;
            c += Math.abs(s) >= Math.abs(v) ? (s - t) + v : (v - t) + s;
            s = t;
        }
        return -(s + c);
    }

    @Override
    public void gradient(double[] b, double[] g) {
        double[] gamm = cutPoints(b);
        double[] expTheta = new double[q];
        for (int k = 1; k < q; k++) {
            expTheta[k] = Math.exp(b[pc + k]);
        }
        int n = pc + q;
        double[] sum = new double[n];
        double[] comp = new double[n];
        double[] row = new double[n];
        double[] g2 = new double[q];
        for (int r = 0; r < y.length; r++) {
            scores(b, gamm, r, row, g2);
            // g2 %*% jacobian(theta): column 0 sums every g2, column k >= 1 the g2 of rows l >= k times exp(theta_k)
            for (int k = 0; k < q; k++) {
                double s = 0;
                for (int l = 0; l < q; l++) {
                    double jac = k == 0 ? 1 : (l >= k ? expTheta[k] : 0);
                    s += g2[l] * jac;
                }
                row[pc + k] = s;
            }
            for (int j = 0; j < n; j++) {
                double v = row[j];
                double t = sum[j] + v;
                comp[j] += Math.abs(sum[j]) >= Math.abs(v) ? (sum[j] - t) + v : (v - t) + sum[j];
                sum[j] = t;
            }
        }
        for (int j = 0; j < n; j++) {
            g[j] = sum[j] + comp[j];
        }
    }

    /**
     * R's {@code gmini(beta, logdiff = FALSE)} for used row r: the row's derivative of
     * {@code -wt log(pr)} in {@code (beta, zeta)}; {@code g2} receives the zeta part too.
     */
    private void scores(double[] b, double[] gamm, int r, double[] out, double[] g2) {
        double eta = eta(b, r);
        int yr = y[r];
        double pr = plogis(gamm[yr] - eta) - plogis(gamm[yr - 1] - eta);
        double p1 = dlogis(gamm[yr] - eta);
        double p2 = dlogis(gamm[yr - 1] - eta);
        double v = wt[r] * (p1 - p2) / pr;
        for (int j = 0; j < pc; j++) {
            out[j] = x[j][r] * v;
        }
        double wpr = wt[r] / pr;
        for (int k = 0; k < q; k++) {
            double xx = (yr == k + 1 ? p1 : 0) - (yr - 1 == k + 1 ? p2 : 0);
            g2[k] = -xx * wpr;
            out[pc + k] = g2[k];
        }
    }

    /** A scorer of the used rows at {@code b} in {@code (beta, zeta)}: R's {@code gmini(res$par, logdiff = FALSE)}. */
    Sandwich.Scores scoresAt(double[] b) {
        double[] gamm = cutPoints(b);
        return (r, out, at) -> {
            double[] s = new double[pc + q];
            scores(b, gamm, r, s, new double[q]);
            for (int j = 0; j < s.length; j++) {
                out[at + j] += s[j];
            }
        };
    }

    /** {@code zeta = cumsum(c(theta[1], exp(theta[-1])))}. */
    double[] zeta(double[] b) {
        double[] gamm = cutPoints(b);
        double[] z = new double[q];
        System.arraycopy(gamm, 1, z, 0, q);
        return z;
    }
}
