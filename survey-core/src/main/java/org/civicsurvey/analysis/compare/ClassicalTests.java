package org.civicsurvey.analysis.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

import org.civicsurvey.stats.Interval;

/**
 * Classical tests for unweighted data, each equal to the R function named in
 * {@link TestResult.Method}. Immutable; configure with {@code withDefaults().withConfidenceLevel(0.90)}.
 *
 * <p><b>Input.</b> Samples are primitive arrays; {@code NaN} marks a missing value, which is left out
 * and counted in {@link TestResult#excluded()}; infinite values are rejected.
 *
 * <p><b>Edge cases.</b> A t test needs two observations in each sample and a positive standard error
 * (R stops with "data are essentially constant"); the ANOVAs need two groups, each with two
 * observations, and positive within-group variance (Welch: in every group); rank tests need one
 * observation per sample and not all values tied; a contingency table needs two rows and two columns
 * with positive margins. Otherwise {@link IllegalArgumentException} names the sample and the count.
 */
public final class ClassicalTests {
    private static final ClassicalTests DEFAULTS = new ClassicalTests(0.95);

    private final double confidenceLevel;

    private ClassicalTests(double confidenceLevel) {
        this.confidenceLevel = confidenceLevel;
    }

    /**
     * 95% confidence intervals.
     *
     * @return the tests
     */
    public static ClassicalTests withDefaults() {
        return DEFAULTS;
    }

    /**
     * Sets the confidence level of intervals.
     *
     * @param level in (0, 1)
     * @return new tests
     */
    public ClassicalTests withConfidenceLevel(double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("confidence level " + level + " is outside (0, 1)");
        }
        return new ClassicalTests(level);
    }

    /**
     * The configured confidence level.
     *
     * @return the level
     */
    public double confidenceLevel() {
        return confidenceLevel;
    }

    /**
     * Welch's t test of {@code mean(x) - mean(y)}, {@code t.test(x, y)}; effect size Cohen's d.
     *
     * @param x first sample
     * @param y second sample
     * @return t, Welch-Satterthwaite df, p, estimate, standard error, interval
     */
    public TestResult welchT(double[] x, double[] y) {
        return tTest(x, y, false);
    }

    /**
     * Student's t test with pooled variance, {@code t.test(x, y, var.equal = TRUE)}; effect size
     * Cohen's d.
     *
     * @param x first sample
     * @param y second sample
     * @return t, df {@code n1 + n2 - 2}, p, estimate, standard error, interval
     */
    public TestResult studentT(double[] x, double[] y) {
        return tTest(x, y, true);
    }

    private TestResult tTest(double[] xs, double[] ys, boolean pooled) {
        Sample x = Sample.of("x", xs);
        Sample y = Sample.of("y", ys);
        x.requireAtLeast(2);
        y.requireAtLeast(2);
        double n1 = x.n;
        double n2 = y.n;
        double v1 = x.variance();
        double v2 = y.variance();
        double sp2 = ((n1 - 1) * v1 + (n2 - 1) * v2) / (n1 + n2 - 2);
        double df;
        double se;
        if (pooled) {
            df = n1 + n2 - 2;
            se = Math.sqrt(sp2 * (1 / n1 + 1 / n2));
        } else {
            double a = v1 / n1;
            double b = v2 / n2;
            se = Math.sqrt(a + b);
            df = (a + b) * (a + b) / (a * a / (n1 - 1) + b * b / (n2 - 1));
        }
        double diff = x.mean() - y.mean();
        if (!(se > 10 * Math.ulp(Math.max(Math.abs(x.mean()), Math.abs(y.mean()))))) {
            throw new IllegalArgumentException("t test: data are essentially constant (standard error " + se + ")");
        }
        double t = diff / se;
        double q = Distributions.tQuantile(1 - (1 - confidenceLevel) / 2, df);
        return new TestResult(pooled ? TestResult.Method.STUDENT_T : TestResult.Method.WELCH_T, t, List.of(df),
                Distributions.tTwoSided(t, df), OptionalDouble.of(diff), OptionalDouble.of(se),
                Optional.of(new Interval(diff - q * se, diff + q * se, confidenceLevel)),
                Optional.of(new EffectSize(EffectSize.Kind.COHENS_D, diff / Math.sqrt(sp2))),
                x.n + y.n, x.excluded + y.excluded);
    }

    /**
     * One-way analysis of variance, {@code summary(aov(y ~ g))}; effect size eta squared.
     *
     * @param groups one sample per group
     * @return F, df (k - 1, n - k), p
     */
    public TestResult anova(double[][] groups) {
        Sample[] s = samples(groups, 1);
        long n = 0;
        double grand = 0;
        for (Sample g : s) {
            n += g.n;
            grand += g.sum();
        }
        grand /= n;
        double between = 0;
        double within = 0;
        for (Sample g : s) {
            double m = g.mean();
            between += g.n * (m - grand) * (m - grand);
            within += g.sumOfSquares();
        }
        int k = s.length;
        double df1 = k - 1;
        double df2 = n - k;
        if (!(df2 > 0) || !(within > 0)) {
            throw new IllegalArgumentException("ANOVA needs more observations than groups and within-group variance;"
                    + " got n = " + n + ", k = " + k + ", within sum of squares " + within);
        }
        double f = (between / df1) / (within / df2);
        return new TestResult(TestResult.Method.ANOVA_F, f, List.of(df1, df2), Distributions.fUpper(f, df1, df2),
                OptionalDouble.empty(), OptionalDouble.empty(), Optional.empty(),
                Optional.of(new EffectSize(EffectSize.Kind.ETA_SQUARED, between / (between + within))),
                n, excluded(s));
    }

    /**
     * Welch's one-way test for unequal variances, {@code oneway.test(y ~ g)}; effect size eta
     * squared of the data.
     *
     * @param groups one sample per group, each with two observations and positive variance
     * @return F, df (k - 1, Welch's denominator df), p
     */
    public TestResult welchAnova(double[][] groups) {
        Sample[] s = samples(groups, 2);
        int k = s.length;
        double[] w = new double[k];
        double sumW = 0;
        double weightedMean = 0;
        for (int i = 0; i < k; i++) {
            double v = s[i].variance();
            if (!(v > 0)) {
                throw new IllegalArgumentException("Welch ANOVA: groups[" + i + "] has no variance");
            }
            w[i] = s[i].n / v;
            sumW += w[i];
            weightedMean += w[i] * s[i].mean();
        }
        weightedMean /= sumW;
        double tmp = 0;
        double num = 0;
        for (int i = 0; i < k; i++) {
            double r = 1 - w[i] / sumW;
            tmp += r * r / (s[i].n - 1);
            double d = s[i].mean() - weightedMean;
            num += w[i] * d * d;
        }
        tmp /= (k * (double) k - 1);
        double f = num / ((k - 1) * (1 + 2 * (k - 2) * tmp));
        double df2 = 1 / (3 * tmp);
        TestResult classic = anova(groups);
        return new TestResult(TestResult.Method.WELCH_ANOVA_F, f, List.of(k - 1.0, df2),
                Distributions.fUpper(f, k - 1.0, df2), OptionalDouble.empty(), OptionalDouble.empty(),
                Optional.empty(), classic.effectSize(), classic.n(), classic.excluded());
    }

    /**
     * Mann-Whitney U (Wilcoxon rank sum) test with R's default choice: the exact p-value when both
     * samples have fewer than 50 observations and there are no ties, else the normal approximation
     * with tie and continuity correction ({@code wilcox.test(x, y)}). Effect size: rank-biserial r.
     *
     * @param x first sample
     * @param y second sample
     * @return W (U of x), p
     */
    public TestResult mannWhitney(double[] x, double[] y) {
        Sample a = Sample.of("x", x);
        Sample b = Sample.of("y", y);
        boolean exact = a.n < 50 && b.n < 50 && !hasTies(a, b);
        return mannWhitney(a, b, exact, true);
    }

    /**
     * Mann-Whitney U test with the normal approximation, {@code wilcox.test(x, y, exact = FALSE,
     * correct = continuityCorrection)}.
     *
     * @param x first sample
     * @param y second sample
     * @param continuityCorrection whether to apply the continuity correction (R's default: true)
     * @return W (U of x), p
     */
    public TestResult mannWhitneyNormal(double[] x, double[] y, boolean continuityCorrection) {
        return mannWhitney(Sample.of("x", x), Sample.of("y", y), false, continuityCorrection);
    }

    /**
     * Mann-Whitney U test with the exact p-value, {@code wilcox.test(x, y, exact = TRUE)}.
     *
     * @param x first sample
     * @param y second sample
     * @return W (U of x), p
     * @throws IllegalArgumentException if there are ties (the exact distribution assumes none)
     */
    public TestResult mannWhitneyExact(double[] x, double[] y) {
        Sample a = Sample.of("x", x);
        Sample b = Sample.of("y", y);
        if (hasTies(a, b)) {
            throw new IllegalArgumentException("exact Mann-Whitney p-value needs samples without ties");
        }
        return mannWhitney(a, b, true, true);
    }

    private static boolean hasTies(Sample a, Sample b) {
        double[] all = concat(a.values, b.values);
        Arrays.sort(all);
        for (int i = 1; i < all.length; i++) {
            if (all[i] == all[i - 1]) {
                return true;
            }
        }
        return false;
    }

    private TestResult mannWhitney(Sample a, Sample b, boolean exact, boolean correct) {
        a.requireAtLeast(1);
        b.requireAtLeast(1);
        double[] all = concat(a.values, b.values);
        Ranks ranks = Ranks.of(all);
        double sum = 0;
        for (int i = 0; i < a.n; i++) {
            sum += ranks.rank[i];
        }
        double n1 = a.n;
        double n2 = b.n;
        double w = sum - n1 * (n1 + 1) / 2;
        double p;
        TestResult.Method method;
        if (exact) {
            method = TestResult.Method.MANN_WHITNEY_EXACT;
            double tail = w > n1 * n2 / 2 ? 1 - RankSumDistribution.cdf((int) Math.round(w) - 1, a.n, b.n)
                    : RankSumDistribution.cdf((int) Math.round(w), a.n, b.n);
            p = Math.min(1, 2 * tail);
        } else {
            double nn = n1 + n2;
            double sigma = Math.sqrt(n1 * n2 / 12 * ((nn + 1) - ranks.tieSum / (nn * (nn - 1))));
            if (!(sigma > 0)) {
                throw new IllegalArgumentException("Mann-Whitney: all " + (long) nn + " values are tied");
            }
            double z = w - n1 * n2 / 2;
            double corr = correct ? Math.signum(z) * 0.5 : 0;
            z = (z - corr) / sigma;
            p = Math.min(1, 2 * Math.min(Distributions.normalLower(z), Distributions.normalUpper(z)));
            method = correct ? TestResult.Method.MANN_WHITNEY_NORMAL_CORRECTED : TestResult.Method.MANN_WHITNEY_NORMAL;
        }
        return new TestResult(method, w, List.of(), p, OptionalDouble.empty(), OptionalDouble.empty(), Optional.empty(),
                Optional.of(new EffectSize(EffectSize.Kind.RANK_BISERIAL, 2 * w / (n1 * n2) - 1)),
                a.n + b.n, a.excluded + b.excluded);
    }

    /**
     * Kruskal-Wallis rank sum test with tie correction, {@code kruskal.test(y ~ g)}; effect size
     * eta squared H.
     *
     * @param groups one sample per group (at least two non-empty groups)
     * @return H, df {@code k - 1}, p (chi-square approximation)
     */
    public TestResult kruskalWallis(double[][] groups) {
        Sample[] s = samples(groups, 1);
        int total = 0;
        for (Sample g : s) {
            total += g.n;
        }
        double[] all = new double[total];
        int at = 0;
        for (Sample g : s) {
            System.arraycopy(g.values, 0, all, at, g.n);
            at += g.n;
        }
        Ranks ranks = Ranks.of(all);
        double n = total;
        double stat = 0;
        at = 0;
        for (Sample g : s) {
            double r = 0;
            for (int i = 0; i < g.n; i++) {
                r += ranks.rank[at + i];
            }
            at += g.n;
            stat += r * r / g.n;
        }
        double tie = 1 - ranks.tieSum / (n * n * n - n);
        if (!(tie > 0)) {
            throw new IllegalArgumentException("Kruskal-Wallis: all " + total + " values are tied");
        }
        stat = (12 * stat / (n * (n + 1)) - 3 * (n + 1)) / tie;
        int k = s.length;
        return new TestResult(TestResult.Method.KRUSKAL_WALLIS, stat, List.of(k - 1.0),
                Distributions.chiSquareUpper(stat, k - 1.0), OptionalDouble.empty(), OptionalDouble.empty(),
                Optional.empty(), Optional.of(new EffectSize(EffectSize.Kind.ETA_SQUARED_H, (stat - k + 1) / (n - k))),
                total, excluded(s));
    }

    /**
     * Pearson's chi-square test of independence as {@code chisq.test(table)}: with Yates'
     * continuity correction for a 2 x 2 table (R's default {@code correct = TRUE}), without it
     * otherwise. Effect size Cramér's V (from the uncorrected statistic).
     *
     * @param table counts, {@code table[row][column]}, at least 2 x 2
     * @return X², df {@code (r - 1)(c - 1)}, p
     */
    public TestResult chiSquare(long[][] table) {
        return chiSquare(table, true);
    }

    /**
     * Pearson's chi-square test of independence, {@code chisq.test(table, correct = yates)}; the
     * correction applies to 2 x 2 tables only, as in R.
     *
     * @param table counts, {@code table[row][column]}, at least 2 x 2, non-negative
     * @param yates whether to apply Yates' correction to a 2 x 2 table
     * @return X², df, p
     */
    public TestResult chiSquare(long[][] table, boolean yates) {
        Objects.requireNonNull(table, "table");
        int r = table.length;
        if (r < 2) {
            throw new IllegalArgumentException("chi-square table needs at least 2 rows; got " + r);
        }
        int c = Objects.requireNonNull(table[0], "table[0]").length;
        if (c < 2) {
            throw new IllegalArgumentException("chi-square table needs at least 2 columns; got " + c);
        }
        double[] rows = new double[r];
        double[] cols = new double[c];
        double n = 0;
        for (int i = 0; i < r; i++) {
            if (Objects.requireNonNull(table[i], "table[" + i + "]").length != c) {
                throw new IllegalArgumentException("table[" + i + "] has " + table[i].length + " columns, not " + c);
            }
            for (int j = 0; j < c; j++) {
                if (table[i][j] < 0) {
                    throw new IllegalArgumentException("table[" + i + "][" + j + "] = " + table[i][j] + " is negative");
                }
                rows[i] += table[i][j];
                cols[j] += table[i][j];
                n += table[i][j];
            }
        }
        for (int i = 0; i < r; i++) {
            if (rows[i] == 0) {
                throw new IllegalArgumentException("chi-square: row " + i + " has no observations");
            }
        }
        for (int j = 0; j < c; j++) {
            if (cols[j] == 0) {
                throw new IllegalArgumentException("chi-square: column " + j + " has no observations");
            }
        }
        boolean correct = yates && r == 2 && c == 2;
        double correction = 0;
        if (correct) {
            correction = 0.5;
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < c; j++) {
                    correction = Math.min(correction, Math.abs(table[i][j] - rows[i] * cols[j] / n));
                }
            }
        }
        double stat = 0;
        double plain = 0;
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                double e = rows[i] * cols[j] / n;
                double d = Math.abs(table[i][j] - e);
                stat += (d - correction) * (d - correction) / e;
                plain += d * d / e;
            }
        }
        double df = (r - 1.0) * (c - 1.0);
        return new TestResult(correct ? TestResult.Method.PEARSON_CHI_SQUARE_YATES : TestResult.Method.PEARSON_CHI_SQUARE,
                stat, List.of(df), Distributions.chiSquareUpper(stat, df), OptionalDouble.empty(),
                OptionalDouble.empty(), Optional.empty(),
                Optional.of(new EffectSize(EffectSize.Kind.CRAMERS_V, Math.sqrt(plain / (n * (Math.min(r, c) - 1))))),
                (long) n, 0);
    }

    /**
     * All pairwise comparisons of group means by t tests, with adjusted p-values, as
     * {@code pairwise.t.test(y, g, p.adjust.method, pool.sd)}: with {@code pooledSd} every pair uses
     * the standard deviation pooled over all groups and its {@code n - k} degrees of freedom (R's
     * default), otherwise Welch's test of the pair. The family is all {@code k(k-1)/2} pairs.
     *
     * @param names group names, distinct, one per group
     * @param groups one sample per group
     * @param pooledSd pool the standard deviation over all groups
     * @param adjustment p-value adjustment over the family
     * @return one comparison per pair {@code (i, j)}, {@code i < j}, in row-major order
     */
    public List<PairwiseComparison> pairwiseT(List<String> names, double[][] groups, boolean pooledSd,
            PValueAdjustment adjustment) {
        Objects.requireNonNull(names, "names");
        Objects.requireNonNull(adjustment, "adjustment");
        Sample[] s = samples(groups, 2);
        if (names.size() != s.length) {
            throw new IllegalArgumentException(names.size() + " group names for " + s.length + " groups");
        }
        if (names.stream().distinct().count() != names.size()) {
            throw new IllegalArgumentException("group names are not distinct: " + names);
        }
        int k = s.length;
        double pooledVar = 0;
        long total = 0;
        for (Sample g : s) {
            pooledVar += g.sumOfSquares();
            total += g.n;
        }
        double dfPooled = total - k;
        pooledVar /= dfPooled;
        List<TestResult> tests = new ArrayList<>();
        double q = Distributions.tQuantile(1 - (1 - confidenceLevel) / 2, dfPooled);
        for (int i = 0; i < k; i++) {
            for (int j = i + 1; j < k; j++) {
                if (pooledSd) {
                    double diff = s[i].mean() - s[j].mean();
                    double se = Math.sqrt(pooledVar * (1.0 / s[i].n + 1.0 / s[j].n));
                    double t = diff / se;
                    tests.add(new TestResult(TestResult.Method.STUDENT_T, t, List.of(dfPooled),
                            Distributions.tTwoSided(t, dfPooled), OptionalDouble.of(diff), OptionalDouble.of(se),
                            Optional.of(new Interval(diff - q * se, diff + q * se, confidenceLevel)),
                            Optional.of(new EffectSize(EffectSize.Kind.COHENS_D, diff / Math.sqrt(pooledVar))),
                            s[i].n + s[j].n, s[i].excluded + s[j].excluded));
                } else {
                    tests.add(welchT(s[i].values, s[j].values));
                }
            }
        }
        return PairwiseComparison.family(names, tests, adjustment);
    }

    private static long excluded(Sample[] s) {
        long e = 0;
        for (Sample g : s) {
            e += g.excluded;
        }
        return e;
    }

    private static Sample[] samples(double[][] groups, int min) {
        Objects.requireNonNull(groups, "groups");
        if (groups.length < 2) {
            throw new IllegalArgumentException("need at least 2 groups; got " + groups.length);
        }
        Sample[] s = new Sample[groups.length];
        for (int i = 0; i < groups.length; i++) {
            s[i] = Sample.of("groups[" + i + "]", groups[i]);
            s[i].requireAtLeast(min);
        }
        return s;
    }

    private static double[] concat(double[] a, double[] b) {
        double[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** The non-missing values of one sample. */
    static final class Sample {
        final String name;
        final double[] values;
        final int n;
        final int excluded;

        private Sample(String name, double[] values, int excluded) {
            this.name = name;
            this.values = values;
            this.n = values.length;
            this.excluded = excluded;
        }

        static Sample of(String name, double[] raw) {
            Objects.requireNonNull(raw, name);
            int m = 0;
            for (int i = 0; i < raw.length; i++) {
                if (Double.isInfinite(raw[i])) {
                    throw new IllegalArgumentException(name + "[" + i + "] = " + raw[i] + " is not finite");
                }
                if (!Double.isNaN(raw[i])) {
                    m++;
                }
            }
            double[] v = new double[m];
            for (int i = 0, a = 0; i < raw.length; i++) {
                if (!Double.isNaN(raw[i])) {
                    v[a++] = raw[i];
                }
            }
            return new Sample(name, v, raw.length - m);
        }

        void requireAtLeast(int min) {
            if (n < min) {
                throw new IllegalArgumentException(name + " has " + n + " non-missing values; at least " + min
                        + " needed");
            }
        }

        double sum() {
            double s = 0;
            for (double v : values) {
                s += v;
            }
            return s;
        }

        double mean() {
            return sum() / n;
        }

        double sumOfSquares() {
            double m = mean();
            double ss = 0;
            for (double v : values) {
                ss += (v - m) * (v - m);
            }
            return ss;
        }

        double variance() {
            return sumOfSquares() / (n - 1);
        }
    }

    /** Mid-ranks (ties averaged, as R's {@code rank}) and the tie sum {@code sum(t^3 - t)}. */
    static final class Ranks {
        final double[] rank;
        final double tieSum;

        private Ranks(double[] rank, double tieSum) {
            this.rank = rank;
            this.tieSum = tieSum;
        }

        static Ranks of(double[] v) {
            int n = v.length;
            Integer[] idx = new Integer[n];
            for (int i = 0; i < n; i++) {
                idx[i] = i;
            }
            Arrays.sort(idx, (a, b) -> Double.compare(v[a], v[b]));
            double[] rank = new double[n];
            double ties = 0;
            int i = 0;
            while (i < n) {
                int j = i;
                while (j + 1 < n && v[idx[j + 1]] == v[idx[i]]) {
                    j++;
                }
                double mid = (i + j) / 2.0 + 1;
                for (int t = i; t <= j; t++) {
                    rank[idx[t]] = mid;
                }
                double t = j - i + 1;
                ties += t * t * t - t;
                i = j + 1;
            }
            return new Ranks(rank, ties);
        }
    }
}
