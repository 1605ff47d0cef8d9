package org.civicsurvey.stats;

import java.util.Objects;

/**
 * R's {@code svyquantile} (survey 4.1.1) with its defaults {@code qrule = "math"} and
 * {@code interval.type = "mean"} (Woodruff 1952), on Taylor and replicate designs: the quantile
 * is the smallest valid value whose weighted share of values at or below it reaches p (R's
 * {@code qrule_math}); the interval inverts the interval {@code p̂ ± t(df) · se(p̂)} of the share
 * of values at or below the quantile ({@code svymean(x <= q)}), df R's {@code degf} of the design
 * restricted to the valid answers (of the domain); the standard error is the interval's width over
 * {@code 2 t(df)}.
 */
final class Quantiles {
    private Quantiles() {
    }

    static Estimate quantile(Estimator est, SurveyData data, String variable, double probability, Integer domain) {
        Objects.requireNonNull(data, "data");
        if (!(probability > 0 && probability < 1)) {
            throw new IllegalArgumentException("probability is " + probability + "; a quantile's probability must be in (0, 1)");
        }
        int j = data.index(variable);
        Variable v = data.variables().get(j);
        Object column = data.column(j);
        double[] x = data.values(variable);
        Design design = data.design();
        int n = x.length;
        int[] domains = data.domainCodes();
        boolean[] member = new boolean[n];
        long[] excluded = new long[Exclusion.values().length];
        int count = 0;
        long valid = 0;
        double sw = 0;
        double sw2 = 0;
        for (int i = 0; i < n; i++) {
            if (domain != null && (domains == null ? 0 : domains[i]) != domain) {
                continue;
            }
            if (Double.isNaN(x[i])) {
                int code = v.isCategorical() ? ((byte[]) column)[i] : Exclusion.MISSING.code();
                excluded[Exclusion.ofCode(code).ordinal()]++;
                continue;
            }
            member[i] = true;
            valid++;
            double w = design.weight(i);
            sw += w;
            sw2 += w * w;
            if (w > 0) {
                count++;
            }
        }
        Exclusions ex = Exclusions.of(excluded);
        double level = est.confidenceLevel();
        if (count == 0) {
            return new Estimate(Double.NaN, Double.NaN, Double.NaN, Double.NaN, level, 0, valid, ex, Double.NaN, Double.NaN);
        }
        // the valid answers with positive weight, ordered by value (ties in row order, as R's order())
        double[] values = new double[count];
        double[] weights = new double[count];
        int[] order = new int[count];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (member[i] && design.weight(i) > 0) {
                order[m++] = i;
            }
        }
        sortByValue(order, x);
        for (int i = 0; i < count; i++) {
            values[i] = x[order[i]];
            weights[i] = design.weight(order[i]);
        }
        double[] cumulative = new double[count];
        Sum sum = new Sum();
        for (int i = 0; i < count; i++) {
            sum.add(weights[i]);
            cumulative[i] = sum.value();
        }
        double total = cumulative[count - 1];
        double q = rule(values, cumulative, total, probability);
        // the share at or below q and its standard error, as svymean(x <= q) on the (domain's) valid answers
        byte[] below = new byte[n];
        for (int i = 0; i < n; i++) {
            below[i] = member[i] ? (byte) (x[i] <= q ? 1 : 0) : Exclusion.MISSING.code();
        }
        SurveyData indicator = SurveyData.of(design, domains).withCategorical(Variable.categorical("below", 0, 1), below);
        Statistic share = domain == null ? Statistic.mean("below") : Statistic.mean("below").in(domain);
        Estimate p = est.estimate(indicator, share);
        int df = design.degreesOfFreedom(member);
        double t = ProportionInterval.tQuantile(1 - (1 - level) / 2, df);
        double pLow = p.value() - t * p.standardError();
        double pHigh = p.value() + t * p.standardError();
        // where R's interval for the share leaves [0, 1] it gives NaN: the smallest (largest) value instead
        double lower = !(pLow >= 0) ? values[0] : rule(values, cumulative, total, pLow);
        double upper = !(pHigh <= 1) ? values[count - 1] : rule(values, cumulative, total, pHigh);
        double se = Double.isInfinite(t) ? 0 : (upper - lower) / (2 * t);
        return new Estimate(q, se, lower, upper, level, df, valid, ex, Double.NaN, sw * sw / sw2);
    }

    /** Sorts row indexes by their values, ties in row order (a stable merge sort, as R's {@code order()}). */
    static void sortByValue(int[] idx, double[] key) {
        int[] buffer = new int[idx.length];
        for (int width = 1; width < idx.length; width *= 2) {
            for (int lo = 0; lo < idx.length - width; lo += 2 * width) {
                int mid = lo + width;
                int hi = Math.min(lo + 2 * width, idx.length);
                int a = lo;
                int b = mid;
                int k = lo;
                while (a < mid && b < hi) {
                    buffer[k++] = key[idx[b]] < key[idx[a]] ? idx[b++] : idx[a++];
                }
                while (a < mid) {
                    buffer[k++] = idx[a++];
                }
                while (b < hi) {
                    buffer[k++] = idx[b++];
                }
                System.arraycopy(buffer, lo, idx, lo, hi - lo);
            }
        }
    }

    /** R's {@code qrule_math}: {@code qs()} picks the last value whose cumulative weight is at most p W. */
    private static double rule(double[] values, double[] cumulative, double total, double p) {
        double target = p * total;
        int pos = -1;
        for (int i = 0; i < cumulative.length; i++) {
            if (cumulative[i] <= target) {
                pos = i;
            }
        }
        if (pos < 0) {
            pos = 0; // R's last() of no TRUE is 1
        }
        int next = pos == values.length - 1 ? pos : pos + 1;
        return p - cumulative[pos] / total == 0 ? values[pos] : values[next];
    }

    /** A running sum kept with its rounding error (R's cumsum and sum add in extended precision). */
    private static final class Sum {
        private double s;
        private double c;

        void add(double x) {
            double t = s + x;
            c += Math.abs(s) >= Math.abs(x) ? (s - t) + x : (x - t) + s;
            s = t;
        }

        double value() {
            return s + c;
        }
    }
}
