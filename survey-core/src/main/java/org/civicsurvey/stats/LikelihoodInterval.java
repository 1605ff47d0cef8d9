package org.civicsurvey.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * R's {@code svyciprop(method = "likelihood")} (survey 4.1.1) for a proportion: the profile of the
 * quasi-binomial deviance of the intercept-only {@code svyglm}, scaled by the design (Rao–Scott
 * style: deviance over the dispersion, cut-off {@code t²·λ} with λ the design effect of the
 * intercept), read off R's way, which is not a root search: the signed root deviance on R's grid
 * ({@code MASS}'s profile: at most nine steps of {@code zmax/5} standard errors each side), an
 * FMM cubic spline through it evaluated at three times as many points, and linear interpolation
 * of the logit at the cut-offs.
 *
 * <p>Inputs are sums: the valid answers' count {@code n}, their weights rescaled as {@code svyglm}
 * does ({@code W = w / mean w over the rows of the design given to svyciprop}), the share of those
 * weights that is positive and the design variance of the proportion. R's fit is an IRLS that
 * starts from each row's weight and stops at a relative deviance change of 1e-8; when the rows are
 * at hand ({@link Start}) the same iterations are replayed, so that the interval equals R's to
 * rounding; from sums alone the fit is the converged maximum likelihood, and the interval differs
 * from R's by the IRLS's unconverged remainder (below 1e-6 on the reference data).
 */
final class LikelihoodInterval {
    private static final double EPS = Math.ulp(1.0);

    private LikelihoodInterval() {
    }

    /** The start of R's {@code glm.fit} from rows: its first IRLS step's sums and the starting deviance. */
    static final class Start {
        private double wwz;
        private double ww;
        private double deviance;

        /**
         * Adds one valid row.
         *
         * @param weight the row's rescaled prior weight {@code W}
         * @param y 1 for a positive answer, 0 otherwise
         */
        void add(double weight, double y) {
            addRows(weight, y, 1);
        }

        /** Adds {@code count} valid rows of the same weight and answer. */
        void addRows(double weight, double y, double count) {
            if (weight <= 0 || count == 0) {
                return; // glm drops zero prior weights from the deviance and the fit
            }
            double start = (weight * y + 0.5) / (weight + 1); // binomial()$initialize
            double eta = Math.log(start / (1 - start));
            double mu = linkinv(eta);
            double me = muEta(eta);
            double z = eta + (y - mu) / me;
            double w2 = weight * me * me / (mu * (1 - mu));
            wwz += count * w2 * z;
            ww += count * w2;
            deviance += count * devianceResidual(y, mu, weight);
        }
    }

    /**
     * @param p the proportion among the valid answers, in (0, 1)
     * @param variance its design variance, positive
     * @param df the degrees of freedom ({@code degf} of the design given to svyciprop), at least 1
     * @param level the confidence level
     * @param n the number of valid answers, at least 2
     * @param sumW the valid answers' rescaled weights {@code Σ W}
     * @param k the valid answers' mean weight over the design's mean weight (1 without exclusions;
     *     R's Pearson residuals carry it into the dispersion)
     * @param start the replayed start of R's fit, or {@code null} for the converged fit from sums
     * @return {lower, upper}; 0 or 1 where the cut-off lies beyond R's profile (R: NaN)
     */
    static double[] interval(double p, double variance, int df, double level, long n, double sumW, double k, Start start) {
        double sumWy = p * sumW;
        double b0;
        double naive;
        if (start == null) {
            b0 = Math.log(p / (1 - p));
            naive = 1 / (sumW * p * (1 - p));
        } else {
            double[] fit = irls(start, sumW, sumWy);
            b0 = fit[0];
            naive = fit[1];
        }
        double mu0 = linkinv(b0);
        double seB = Math.sqrt(variance) / (p * (1 - p));
        double lambda = seB * seB / naive;
        double d0 = deviance(b0, sumW, sumWy);
        // summary.svyglm's dispersion: svyvar of survey's Pearson residuals, (y - mu0) sqrt(k / (mu0 (1 - mu0)))
        double phi = k * p * (1 - p) / (mu0 * (1 - mu0)) * n / (n - 1.0);
        double t = ProportionInterval.tQuantile((1 - level) / 2, df);
        double alpha = ProportionInterval.normalCdf(t * Math.sqrt(lambda)) / 2;
        double q = -ProportionInterval.tQuantile(alpha / 2, n - 1); // sqrt(qf(alpha, 1, n - 1, lower = FALSE))
        double del = q / 5;
        List<double[]> points = new ArrayList<>();
        points.add(new double[] {b0, 0});
        for (int sgn = -1; sgn <= 1; sgn += 2) {
            double z = 0;
            for (int step = 1; step < 10 && Math.abs(z) < q; step++) {
                double b = b0 + sgn * step * del * seB;
                double zz = Math.max((deviance(b, sumW, sumWy) - d0) / phi, 0);
                z = sgn * Math.sqrt(zz);
                points.add(new double[] {b, z});
            }
        }
        points.sort((a, b) -> Double.compare(a[0], b[0]));
        int m = points.size();
        double[] x = new double[m];
        double[] y = new double[m];
        for (int i = 0; i < m; i++) {
            x[i] = points.get(i)[0];
            y[i] = points.get(i)[1];
        }
        // stats::spline(x, y): method "fmm", n = 3 m points from min(x) to max(x)
        int out = 3 * m;
        double[] xs = new double[out];
        double by = (x[m - 1] - x[0]) / (out - 1);
        for (int i = 0; i < out; i++) {
            xs[i] = x[0] + i * by;
        }
        xs[out - 1] = x[m - 1];
        double[] zs = Fmm.of(x, y).at(xs);
        double lowerCut = ProportionInterval.normalQuantile(2 * alpha);
        double upperCut = ProportionInterval.normalQuantile(1 - 2 * alpha);
        // a cut-off beyond R's nine steps (very few df) leaves the profile: R gives NaN, the engine the end of [0, 1]
        double lower = approx(zs, xs, lowerCut);
        double upper = approx(zs, xs, upperCut);
        return new double[] {Double.isNaN(lower) ? 0 : expit(lower), Double.isNaN(upper) ? 1 : expit(upper)};
    }

    /** glm.fit's IRLS for y ~ 1 (logit), from the replayed first step: {b, 1 / Σ working weights of the last step}. */
    private static double[] irls(Start start, double sumW, double sumWy) {
        double devold = start.deviance;
        double b = start.wwz / start.ww;
        double info = start.ww;
        for (int iter = 1; iter <= 25; iter++) {
            double mu = linkinv(b);
            double dev = deviance(b, sumW, sumWy);
            if (Math.abs(dev - devold) / (Math.abs(dev) + 0.1) < 1e-8) {
                break;
            }
            devold = dev;
            double me = muEta(b);
            // every row now has eta = b: z_i = b + (y_i - mu) / me, ww_i = W_i me^2 / (mu (1 - mu))
            double w2 = me * me / (mu * (1 - mu));
            info = sumW * w2;
            b = (w2 * (sumW * b + (sumWy - sumW * mu) / me)) / info;
        }
        return new double[] {b, 1 / info};
    }

    /** The binomial deviance at intercept b: Σ −2 W (y log μ + (1 − y) log(1 − μ)). */
    private static double deviance(double b, double sumW, double sumWy) {
        double mu = linkinv(b);
        return -2 * (sumWy * Math.log(mu) + (sumW - sumWy) * Math.log(1 - mu));
    }

    private static double devianceResidual(double y, double mu, double w) {
        return y == 1 ? -2 * w * Math.log(mu) : y == 0 ? -2 * w * Math.log(1 - mu)
            : 2 * w * (y * Math.log(y / mu) + (1 - y) * Math.log((1 - y) / (1 - mu)));
    }

    /** R's C logit inverse link, clamped outside [-30, 30]. */
    private static double linkinv(double eta) {
        double t = eta < -30 ? EPS : eta > 30 ? 1 / EPS : Math.exp(eta);
        return t / (1 + t);
    }

    /** R's C derivative of the logit inverse link. */
    private static double muEta(double eta) {
        double opexp = 1 + Math.exp(eta);
        return eta > 30 || eta < -30 ? EPS : Math.exp(eta) / (opexp * opexp);
    }

    /** survey's expit, {@code exp(x) / (1 + exp(x))}; 1 where exp overflows (R: NaN). */
    private static double expit(double x) {
        double e = Math.exp(x);
        return Double.isInfinite(e) ? 1 : e / (1 + e);
    }

    /** stats::approx(x, y, v), linear, rule 1 (NaN outside), NA pairs dropped, x sorted first (ties: mean y). */
    private static double approx(double[] xIn, double[] yIn, double v) {
        int n = 0;
        Integer[] order = new Integer[xIn.length];
        for (int i = 0; i < xIn.length; i++) {
            if (!Double.isNaN(xIn[i]) && !Double.isNaN(yIn[i])) {
                order[n++] = i; // approx drops NA pairs
            }
        }
        order = Arrays.copyOf(order, n);
        Arrays.sort(order, (a, b) -> Double.compare(xIn[a], xIn[b]));
        double[] x = new double[n];
        double[] y = new double[n];
        int m = 0;
        for (int r = 0; r < n; ) {
            int s = r;
            double sum = 0;
            while (s < n && xIn[order[s]] == xIn[order[r]]) {
                sum += yIn[order[s]];
                s++;
            }
            x[m] = xIn[order[r]];
            y[m] = sum / (s - r);
            m++;
            r = s;
        }
        if (Double.isNaN(v) || m == 0 || v < x[0] || v > x[m - 1]) {
            return Double.NaN;
        }
        int i = 0;
        int j = m - 1;
        while (i < j - 1) {
            int ij = (i + j) / 2;
            if (v < x[ij]) {
                j = ij;
            } else {
                i = ij;
            }
        }
        if (v == x[j]) {
            return y[j];
        }
        if (v == x[i]) {
            return y[i];
        }
        return y[i] + (y[j] - y[i]) * ((v - x[i]) / (x[j] - x[i]));
    }

    /** Forsythe, Malcolm and Moler's cubic interpolating spline, as R's {@code splines.c} (fmm_spline, spline_eval). */
    private static final class Fmm {
        private final double[] x;
        private final double[] y;
        private final double[] b;
        private final double[] c;
        private final double[] d;

        private Fmm(double[] x, double[] y, double[] b, double[] c, double[] d) {
            this.x = x;
            this.y = y;
            this.b = b;
            this.c = c;
            this.d = d;
        }

        static Fmm of(double[] x, double[] y) {
            int n = x.length;
            double[] b = new double[n];
            double[] c = new double[n];
            double[] d = new double[n];
            if (n < 2) {
                return new Fmm(x, y, b, c, d);
            }
            if (n < 3) {
                double t = y[1] - y[0];
                b[0] = t / (x[1] - x[0]);
                b[1] = b[0];
                return new Fmm(x, y, b, c, d);
            }
            int nm1 = n - 1;
            d[0] = x[1] - x[0];
            c[1] = (y[1] - y[0]) / d[0];
            for (int i = 1; i < nm1; i++) {
                d[i] = x[i + 1] - x[i];
                b[i] = 2 * (d[i - 1] + d[i]);
                c[i + 1] = (y[i + 1] - y[i]) / d[i];
                c[i] = c[i + 1] - c[i];
            }
            b[0] = -d[0];
            b[nm1] = -d[n - 2];
            c[0] = 0;
            c[nm1] = 0;
            if (n > 3) {
                c[0] = c[2] / (x[3] - x[1]) - c[1] / (x[2] - x[0]);
                c[nm1] = c[n - 2] / (x[nm1] - x[n - 3]) - c[n - 3] / (x[n - 2] - x[n - 4]);
                c[0] = c[0] * d[0] * d[0] / (x[3] - x[0]);
                c[nm1] = -c[nm1] * d[n - 2] * d[n - 2] / (x[nm1] - x[n - 4]);
            }
            for (int i = 1; i <= nm1; i++) {
                double t = d[i - 1] / b[i - 1];
                b[i] = b[i] - t * d[i - 1];
                c[i] = c[i] - t * c[i - 1];
            }
            c[nm1] = c[nm1] / b[nm1];
            for (int i = n - 2; i >= 0; i--) {
                c[i] = (c[i] - d[i] * c[i + 1]) / b[i];
            }
            b[nm1] = (y[nm1] - y[n - 2]) / d[n - 2] + d[n - 2] * (c[n - 2] + 2 * c[nm1]);
            for (int i = 0; i < nm1; i++) {
                b[i] = (y[i + 1] - y[i]) / d[i] - d[i] * (c[i + 1] + 2 * c[i]);
                d[i] = (c[i + 1] - c[i]) / d[i];
                c[i] = 3 * c[i];
            }
            c[nm1] = 3 * c[nm1];
            d[nm1] = d[n - 2];
            return new Fmm(x, y, b, c, d);
        }

        double[] at(double[] u) {
            int n = x.length;
            double[] v = new double[u.length];
            int i = 0;
            for (int l = 0; l < u.length; l++) {
                double ul = u[l];
                if (ul < x[i] || (i < n - 1 && x[i + 1] < ul)) {
                    i = 0;
                    int j = n;
                    do {
                        int k = (i + j) / 2;
                        if (ul < x[k]) {
                            j = k;
                        } else {
                            i = k;
                        }
                    } while (j > i + 1);
                }
                double dx = ul - x[i];
                v[l] = y[i] + dx * (b[i] + dx * (c[i] + dx * d[i]));
            }
            return v;
        }
    }
}
