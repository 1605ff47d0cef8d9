package org.civicsurvey.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntPredicate;

/**
 * The {@link Estimator}'s estimates on replicate designs: every statistic is a ratio (or total) of
 * sums, computed once with the full-sample weights and once per replicate; the variance is R's
 * {@code svrVar} of the replicate estimates. Shared by rows ({@link SurveyData} over a
 * {@link ReplicateDesign}) and {@link ReplicateSums}.
 */
final class ReplicateEstimation {
    private ReplicateEstimation() {
    }

    /** Estimates from sums; proportions in a domain use the domain's df when the sums know it. */
    static EstimateSet estimate(Estimator est, ReplicateSums sums, List<Statistic> list) {
        int k = list.size();
        Rep[] reps = specs(sums, list);
        int designDf = sums.degreesOfFreedom();
        int[] domainDf = new int[k];
        for (int s = 0; s < k; s++) {
            Integer d = reps[s].domain;
            int idx = d == null ? -1 : Arrays.binarySearch(sums.domainCodes, d);
            domainDf[s] = idx < 0 ? designDf : sums.domainDegreesOfFreedom(idx);
        }
        int[] fullDf = new int[k];
        Arrays.fill(fullDf, designDf);
        return build(est, sums, list, reps, designDf, fullDf, domainDf);
    }

    /** Estimates from rows: the sums in one pass, the df of the rows' subsets from the design. */
    static EstimateSet fromRows(Estimator est, SurveyData data, List<Statistic> list) {
        ReplicateDesign design = (ReplicateDesign) data.design();
        ReplicateSums sums = ReplicateSums.of(data, 0, data.size());
        Rep[] reps = specs(sums, list);
        int k = list.size();
        int designDf = design.degreesOfFreedom();
        int[] domains = data.domainCodes();
        int[] fullDf = new int[k];
        int[] domainDf = new int[k];
        Map<Integer, Integer> dfByDomain = new HashMap<>();
        for (int s = 0; s < k; s++) {
            Rep r = reps[s];
            if (r.statistic.kind() != Statistic.Kind.PROPORTION) {
                fullDf[s] = designDf;
                domainDf[s] = designDf;
                continue;
            }
            Object column = data.column(r.variable);
            IntPredicate valid = r.v.isCategorical() ? i -> ((byte[]) column)[i] >= 0 : i -> !Double.isNaN(((double[]) column)[i]);
            Integer d = r.domain;
            IntPredicate inDomain = d == null ? i -> true : i -> (domains == null ? 0 : domains[i]) == d;
            if (est.excludedAnswers() == ExcludedAnswers.SUBSET) {
                fullDf[s] = design.degreesOfFreedom(valid);
                domainDf[s] = d == null ? fullDf[s] : design.degreesOfFreedom(i -> valid.test(i) && inDomain.test(i));
            } else {
                fullDf[s] = designDf;
                domainDf[s] = d == null ? designDf : dfByDomain.computeIfAbsent(d, x -> design.degreesOfFreedom(inDomain));
            }
        }
        return build(est, sums, list, reps, designDf, fullDf, domainDf);
    }

    /** One statistic set in every domain of the sums, as {@code svyby}. */
    static Map<Integer, EstimateSet> byDomain(Estimator est, ReplicateSums sums, List<Statistic> statistics) {
        Map<Integer, EstimateSet> out = new TreeMap<>();
        for (int code : sums.domainCodes) {
            List<Statistic> list = new ArrayList<>();
            for (Statistic st : statistics) {
                list.add(st.in(code));
            }
            out.put(code, estimate(est, sums, list));
        }
        return out;
    }

    private static Rep[] specs(ReplicateSums sums, List<Statistic> list) {
        Rep[] reps = new Rep[list.size()];
        for (int s = 0; s < reps.length; s++) {
            Statistic st = list.get(s);
            int j = sums.index(st.variable());
            Rep r = new Rep(st, sums.variables().get(j), j, sums.replicates);
            for (int d = 0; d < sums.domainCodes.length; d++) {
                if (r.domain == null || r.domain == sums.domainCodes[d]) {
                    r.add(sums, d);
                }
            }
            r.finish();
            reps[s] = r;
        }
        return reps;
    }

    private static EstimateSet build(Estimator est, ReplicateSums sums, List<Statistic> list, Rep[] reps, int designDf,
                                     int[] fullDf, int[] domainDf) {
        int k = reps.length;
        double level = est.confidenceLevel();
        double[][] cov = new double[k][k];
        for (int a = 0; a < k; a++) {
            for (int b = a; b < k; b++) {
                double c = reps[a].defined && reps[b].defined
                    ? sums.covariance(reps[a].theta, reps[b].theta, reps[a].value, reps[b].value) : 0;
                cov[a][b] = c;
                cov[b][a] = c;
            }
        }
        boolean[][] known = new boolean[k][k];
        for (boolean[] row : known) {
            Arrays.fill(row, true);
        }
        List<Estimate> out = new ArrayList<>();
        double meanQ = est.meanQuantile(designDf);
        ProportionInterval method = est.proportionInterval();
        for (int s = 0; s < k; s++) {
            Rep r = reps[s];
            Exclusions ex = Exclusions.of(r.excluded);
            double var = cov[s][s];
            if (!r.defined || Double.isNaN(var)) {
                out.add(new Estimate(Double.NaN, Double.NaN, Double.NaN, Double.NaN, level, designDf, r.validN, ex,
                    Double.NaN, Double.NaN));
                continue;
            }
            var = Math.max(0, var);
            double se = Math.sqrt(var);
            double lower;
            double upper;
            int df = designDf;
            if (r.statistic.kind() == Statistic.Kind.PROPORTION) {
                df = est.fullDesignDfForDomainProportions() && method != ProportionInterval.KORN_GRAUBARD ? fullDf[s]
                    : domainDf[s];
                double[] ci = proportionInterval(est, sums, r, var, df);
                lower = ci[0];
                upper = ci[1];
            } else {
                lower = r.value - meanQ * se;
                upper = r.value + meanQ * se;
            }
            double deff = Estimator.designEffect(var, r.sumSquares, r.sumW, r.validN, !r.ratio);
            out.add(new Estimate(r.value, se, lower, upper, level, df, r.validN, ex, deff, r.sumW * r.sumW / r.sumW2));
        }
        return new EstimateSet(list, out, cov, known, est, designDf);
    }

    /**
     * A proportion's interval on a replicate design. LOGIT as R's {@code svyciprop(method = "logit")}
     * there: {@code svyglm(y ~ 1, family = quasibinomial)} refits the intercept under every
     * replicate's weights by {@code glm.fit} from the full-sample intercept, and the interval is
     * {@code expit(b ± t(df) · se(b))} with se the replicate standard error of those intercepts; the
     * other methods come from the replicate variance of p.
     */
    private static double[] proportionInterval(Estimator est, ReplicateSums sums, Rep r, double var, int df) {
        ProportionInterval method = est.proportionInterval();
        double level = est.confidenceLevel();
        double p = Math.min(1, Math.max(0, r.value));
        if (method == ProportionInterval.LIKELIHOOD) {
            throw new IllegalArgumentException("the likelihood interval profiles a Taylor-linearised svyglm; it is not"
                + " available on replicate designs (use LOGIT, R's default)");
        }
        long rows = est.excludedAnswers() == ExcludedAnswers.SUBSET ? r.validN : r.rows;
        if (method != ProportionInterval.LOGIT || p == 0 || p == 1 || var == 0 || df < 1) {
            return method.interval(p, var, df, rows, level);
        }
        double b0 = Math.log(p / (1 - p));
        double[] b = new double[r.theta.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = Double.isNaN(r.theta[i]) ? Double.NaN : interceptFit(b0, Math.min(1, Math.max(0, r.theta[i])));
        }
        double s = Math.sqrt(Math.max(0, sums.covariance(b, b, b0, b0)));
        double q = ProportionInterval.tQuantile(1 - (1 - level) / 2, df);
        return new double[] {expit(b0 - q * s), expit(b0 + q * s)};
    }

    /** R's logit clamps: {@code linkinv} and {@code mu.eta} of the binomial family's C code. */
    private static final double EPS = Math.ulp(1.0);

    /**
     * R's {@code glm.fit} of an intercept-only binomial model with weights summing to 1 and
     * weighted mean p, started at b0 (25 iterations at most, relative deviance change 1e-8): the
     * logit of p, or, when p is 0 or 1, where R's iterations stop on their way to infinity.
     */
    static double interceptFit(double b0, double p) {
        double b = b0;
        double devold = deviance(b, p);
        for (int iter = 1; iter <= 25; iter++) {
            double eta = b;
            double mu = linkinv(eta);
            double me = eta > 30 || eta < -30 ? EPS : Math.exp(eta) / ((1 + Math.exp(eta)) * (1 + Math.exp(eta)));
            b = eta + (p - mu) / me;
            double dev = deviance(b, p);
            if (Math.abs(dev - devold) / (Math.abs(dev) + 0.1) < 1e-8) {
                break;
            }
            devold = dev;
        }
        return b;
    }

    private static double linkinv(double eta) {
        double t = eta < -30 ? EPS : eta > 30 ? 1 / EPS : Math.exp(eta);
        return t / (1 + t);
    }

    /** The binomial deviance of weights summing to 1 with weighted mean p at intercept b. */
    private static double deviance(double b, double p) {
        double mu = linkinv(b);
        return -2 * ((p > 0 ? p * Math.log(mu) : 0) + (p < 1 ? (1 - p) * Math.log(1 - mu) : 0));
    }

    private static double expit(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /**
     * R's {@code svyratio(~y, ~x, design, na.rm = TRUE)} on a replicate design: the ratio of the
     * full-sample totals and of every replicate's totals over rows where both are valid. Its design
     * effect is NaN: R's {@code svyratio(deff = TRUE)} fails on replicate designs (survey 4.1.1).
     */
    static Estimate ratio(Estimator est, SurveyData data, String numerator, String denominator, Integer domain) {
        int jy = data.index(numerator);
        int jx = data.index(denominator);
        Object cy = data.column(jy);
        Object cx = data.column(jx);
        if (!(cy instanceof double[]) || !(cx instanceof double[])) {
            throw new IllegalArgumentException("ratio needs two numeric variables: " + numerator + ", " + denominator);
        }
        double[] y = (double[]) cy;
        double[] x = (double[]) cx;
        ReplicateDesign design = (ReplicateDesign) data.design();
        double[] w = design.weightArray();
        int reps = design.replicates();
        double[] sy = new double[reps];
        double[] sx = new double[reps];
        double[] a = new double[reps];
        double fy = 0;
        double fx = 0;
        double sw = 0;
        double sw2 = 0;
        long valid = 0;
        long missing = 0;
        int n = w.length;
        for (int i = 0; i < n; i++) {
            if (domain != null && data.domain(i) != domain) {
                continue;
            }
            if (Double.isNaN(y[i]) || Double.isNaN(x[i])) {
                missing++;
                continue;
            }
            valid++;
            fy += w[i] * y[i];
            fx += w[i] * x[i];
            sw += w[i];
            sw2 += w[i] * w[i];
            design.analysisWeights(i, a);
            for (int r = 0; r < reps; r++) {
                sy[r] += a[r] * y[i];
                sx[r] += a[r] * x[i];
            }
        }
        Exclusions ex = new Exclusions(0, 0, 0, missing, 0);
        int df = design.degreesOfFreedom();
        double level = est.confidenceLevel();
        if (valid == 0 || fx == 0) {
            return new Estimate(Double.NaN, Double.NaN, Double.NaN, Double.NaN, level, df, valid, ex, Double.NaN, Double.NaN);
        }
        double ratio = fy / fx;
        double[] theta = new double[reps];
        for (int r = 0; r < reps; r++) {
            theta[r] = sx[r] == 0 ? Double.NaN : sy[r] / sx[r];
        }
        double var = design.covariance(theta, theta, ratio, ratio);
        if (Double.isNaN(var)) {
            return new Estimate(Double.NaN, Double.NaN, Double.NaN, Double.NaN, level, df, valid, ex, Double.NaN, Double.NaN);
        }
        double se = Math.sqrt(Math.max(0, var));
        double q = est.meanQuantile(df);
        return new Estimate(ratio, se, ratio - q * se, ratio + q * se, level, df, valid, ex, Double.NaN, sw * sw / sw2);
    }

    /** One statistic's full-sample and replicate sums. */
    private static final class Rep {
        final Statistic statistic;
        final Variable v;
        final int variable;
        final Integer domain;
        final boolean ratio;
        final int replicates;
        final double[] num;
        final double[] den;
        final double[] catW;
        final double[] aR;
        final double[] bR;
        final long[] excluded = new long[ReplicateSums.REASONS];
        long validN;
        long rows;
        double sumW;
        double sumW2;
        double a;
        double b;
        double mWY;
        double mWY2;
        double value;
        double sumSquares;
        double[] theta;
        boolean defined;

        Rep(Statistic st, Variable v, int variable, int replicates) {
            this.statistic = st;
            this.v = v;
            this.variable = variable;
            this.domain = st.domainOrNull();
            this.ratio = st.kind() != Statistic.Kind.TOTAL;
            this.replicates = replicates;
            this.aR = new double[replicates];
            this.bR = new double[replicates];
            this.num = Estimator.categoryScores(st, v);
            if (num != null) {
                den = new double[num.length];
                Arrays.fill(den, 1);
                catW = new double[num.length];
            } else {
                den = null;
                catW = null;
            }
        }

        void add(ReplicateSums s, int d) {
            double[] block = s.data[variable];
            int base = d * s.stride[variable];
            rows += (long) s.rows[d];
            if (v.isCategorical()) {
                int width = ReplicateSums.CATEGORY_SUMS + replicates;
                for (int c = 0; c < num.length; c++) {
                    int cell = base + c * width;
                    double w = block[cell + 1];
                    validN += (long) block[cell];
                    sumW += w;
                    sumW2 += block[cell + 2];
                    a += num[c] * w;
                    b += den[c] * w;
                    catW[c] += w;
                    if (block[cell] == 0) {
                        continue;
                    }
                    for (int r = 0; r < replicates; r++) {
                        double wr = block[cell + ReplicateSums.CATEGORY_SUMS + r];
                        aR[r] += num[c] * wr;
                        bR[r] += den[c] * wr;
                    }
                }
            } else {
                validN += (long) block[base + ReplicateSums.N];
                double w = block[base + ReplicateSums.W];
                sumW += w;
                sumW2 += block[base + ReplicateSums.W2];
                a += block[base + ReplicateSums.WY];
                b += w;
                mWY += block[base + ReplicateSums.WY];
                mWY2 += block[base + ReplicateSums.WY2];
                for (int r = 0; r < replicates; r++) {
                    aR[r] += block[base + ReplicateSums.REP + replicates + r];
                    bR[r] += block[base + ReplicateSums.REP + r];
                }
            }
            int ex = base + ReplicateSums.exclusionOffset(v, replicates);
            for (int r = 0; r < excluded.length; r++) {
                excluded[r] += (long) block[ex + r];
            }
        }

        void finish() {
            if (validN == 0 || sumW <= 0 || (ratio && b == 0)) {
                defined = false;
                return;
            }
            defined = true;
            value = ratio ? a / b : a;
            theta = new double[replicates];
            for (int r = 0; r < replicates; r++) {
                theta[r] = !ratio ? aR[r] : bR[r] == 0 ? Double.NaN : aR[r] / bR[r];
            }
            double centre = ratio ? value : a / sumW;
            if (v.isCategorical()) {
                sumSquares = Estimator.categorySumSquares(num, den, catW, centre);
            } else {
                sumSquares = Math.max(0, mWY2 - 2 * centre * mWY + centre * centre * sumW);
            }
        }
    }
}
