package org.civicsurvey.analysis.reliability;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.apache.commons.math3.distribution.FDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.civicsurvey.stats.Interval;

/**
 * Scale reliability (Cronbach's alpha and companions) of a block of rating items, computed exactly
 * as {@code psych::alpha} of psych 2.2.9 does. Immutable and thread-safe; configure with
 * {@code withDefaults().withMissingAnswers(...)}.
 *
 * <p><b>Input.</b> One primitive column per item ({@code columns[item][row]}), all of the same
 * length, with {@code NaN} for a missing answer (no answer, don't know, not applicable). Values
 * must otherwise be finite. Item names must be distinct.
 *
 * <p><b>Definitions</b> (psych's; {@code C} the item covariance matrix after keying,
 * {@code R = cov2cor(C)}, {@code k} items, {@code n} rows): see {@link ScaleStatistics},
 * {@link ItemStatistics}, {@link ItemDropped}. The asymptotic variance of raw alpha is
 * {@code Q/n} with
 * {@code Q = 2k^2/((k-1)^2 S^3) (S (tr(C^2) + tr(C)^2) - 2 tr(C) 1'C^2 1)}, {@code S = 1'C1}
 * (Duhachek and Iacobucci 2004, as psych computes it). With {@link MissingAnswers#PAIRWISE}
 * (psych's default) each covariance uses the respondents who answered both items, and {@code n}
 * is the number of rows given, as in psych.
 *
 * <p><b>Edge cases</b> (defined once, here):
 * <ul>
 *   <li>fewer than two items, or an item without any answer: {@link IllegalArgumentException};
 *   <li>an item with no variance (all its answers equal) is left out of every statistic, as psych
 *       does, and listed in {@link AlphaResult#deletedItems()}; like psych it still counts in each
 *       respondent's total score with its constant value (psych uses the first row's answer, which
 *       is the same value whenever the first respondent answered it);
 *   <li>fewer than two items with variance (e.g. all respondents gave identical answers):
 *       {@link IllegalArgumentException};
 *   <li>a pair of items answered together by fewer than three respondents (e.g. only two
 *       respondents): {@link IllegalArgumentException} naming the pair, because with two
 *       observations every correlation is +/-1 and psych returns infinite and NaN values;
 *   <li>two items: the item-dropped table is psych's special case (see {@link ItemDropped});
 *   <li>no more rows than items: the item-dropped standard errors are NaN, as psych omits them.
 * </ul>
 */
public final class ReliabilityAnalyzer {
    private static final ReliabilityAnalyzer DEFAULTS = new ReliabilityAnalyzer(MissingAnswers.PAIRWISE, 0.95, 10);
    private static final double QUANTILE_ACCURACY = 1e-14;

    private final MissingAnswers missingAnswers;
    private final double confidenceLevel;
    private final int maxCategories;

    private ReliabilityAnalyzer(MissingAnswers missingAnswers, double confidenceLevel, int maxCategories) {
        this.missingAnswers = missingAnswers;
        this.confidenceLevel = confidenceLevel;
        this.maxCategories = maxCategories;
    }

    /**
     * Pairwise missing answers (psych's default), 95% intervals, frequencies for up to 10
     * categories.
     *
     * @return the analyzer
     */
    public static ReliabilityAnalyzer withDefaults() {
        return DEFAULTS;
    }

    /**
     * Sets how missing answers are handled.
     *
     * @param missing the handling
     * @return a new analyzer
     */
    public ReliabilityAnalyzer withMissingAnswers(MissingAnswers missing) {
        return new ReliabilityAnalyzer(Objects.requireNonNull(missing, "missing"), confidenceLevel, maxCategories);
    }

    /**
     * Sets the confidence level of the alpha intervals.
     *
     * @param level in (0, 1)
     * @return a new analyzer
     */
    public ReliabilityAnalyzer withConfidenceLevel(double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("confidence level " + level + " is outside (0, 1)");
        }
        return new ReliabilityAnalyzer(missingAnswers, level, maxCategories);
    }

    /**
     * Sets the largest number of distinct answers for which response frequencies are tabulated
     * (psych's {@code max}).
     *
     * @param max at least 1
     * @return a new analyzer
     */
    public ReliabilityAnalyzer withMaxCategories(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max categories " + max + " must be >= 1");
        }
        return new ReliabilityAnalyzer(missingAnswers, confidenceLevel, max);
    }

    /**
     * The configured missing-answer handling.
     *
     * @return the handling
     */
    public MissingAnswers missingAnswers() {
        return missingAnswers;
    }

    /**
     * Cronbach's alpha and the rest of {@code psych::alpha}'s output for one block of items.
     *
     * @param names item names, distinct, one per column
     * @param columns {@code columns[item][row]}, NaN for missing
     * @param keys reverse-keyed items
     * @return the analysis
     * @throws IllegalArgumentException for malformed input or an undefined analysis (see the class
     *     documentation)
     */
    public AlphaResult alpha(List<String> names, double[][] columns, ItemKeys keys) {
        Objects.requireNonNull(keys, "keys");
        int rowsGiven = validate(names, columns);
        double[][] x = columns;
        int excluded = 0;
        if (missingAnswers == MissingAnswers.LISTWISE) {
            x = completeRows(columns);
            excluded = rowsGiven - (x.length == 0 ? 0 : x[0].length);
        }
        int n = rowsGiven - excluded;

        // items without variance: deleted, but their constant value stays in the total score
        List<String> kept = new ArrayList<>();
        List<double[]> keptColumns = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        double deletedSum = 0;
        for (int j = 0; j < names.size(); j++) {
            double[] col = x[j];
            int count = 0;
            double first = Double.NaN;
            boolean varies = false;
            for (double v : col) {
                if (!Double.isNaN(v)) {
                    if (count == 0) {
                        first = v;
                    } else if (v != first) {
                        varies = true;
                    }
                    count++;
                }
            }
            if (count == 0) {
                throw new IllegalArgumentException("item '" + names.get(j) + "' has no answers"
                        + (excluded > 0 ? " in the " + n + " complete rows" : ""));
            }
            if (varies) {
                kept.add(names.get(j));
                keptColumns.add(col);
            } else {
                deleted.add(names.get(j));
                deletedSum += first;
            }
        }
        int k = kept.size();
        if (k < 2) {
            throw new IllegalArgumentException("alpha needs at least 2 items with variance; got " + k
                    + (deleted.isEmpty() ? "" : " (no variance: " + deleted + ")"));
        }
        double[][] items = keptColumns.toArray(new double[0][]);

        Optional<ResponseFrequencies> frequencies = frequencies(kept, items, n);

        double[][] c = pairwiseCovariance(kept, items);
        boolean[] reversed = keys(kept, items, keys, names);
        double[] sign = new double[k];
        for (int j = 0; j < k; j++) {
            sign[j] = reversed[j] ? -1 : 1;
        }
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                c[a][b] *= sign[a] * sign[b];
            }
        }
        double[][] scored = reverse(items, reversed);

        // total score: mean of answered items (with deleted constants, as psych)
        double[] total = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            int m = 0;
            for (int j = 0; j < k; j++) {
                double v = scored[j][i];
                if (!Double.isNaN(v)) {
                    s += v;
                    m++;
                }
            }
            if (m == 0) {
                total[i] = Double.NaN;
            } else {
                double rowMean = s / m;
                total[i] = deleted.isEmpty() ? rowMean : (k * rowMean + deletedSum) / (k + deleted.size());
            }
        }
        double[] totalMoments = moments(total);

        double[][] r = Matrices.cov2cor(c);
        Parts whole = alpha1(c, r);
        List<ItemDropped> dropped = dropTable(kept, c, r, n > k ? n : 0);

        double sumR = Matrices.sum(r);
        double[] smc = Matrices.smc(r);
        double[][] rc = new double[k][];
        for (int j = 0; j < k; j++) {
            rc[j] = r[j].clone();
            rc[j][j] = smc[j];
        }
        double sumRc = Matrices.sum(rc);
        double sumC = Matrices.sum(c);
        List<ItemStatistics> stats = new ArrayList<>(k);
        for (int j = 0; j < k; j++) {
            double colR = 0;
            double colRc = 0;
            double colC = 0;
            for (int a = 0; a < k; a++) {
                colR += r[a][j];
                colRc += rc[a][j];
                colC += c[a][j];
            }
            double cDrop = colC - c[j][j];
            double vDrop = sumC - 2 * colC + c[j][j];
            double[] m = moments(scored[j]);
            stats.add(new ItemStatistics(kept.get(j), reversed[j], (int) m[0],
                    pairwiseCorrelation(total, scored[j]), colR / Math.sqrt(sumR), colRc / Math.sqrt(sumRc),
                    cDrop / Math.sqrt(c[j][j] * vDrop), m[1], m[2]));
        }

        double ase = Math.sqrt(whole.q / n);
        double raw = whole.stats.rawAlpha();
        double p = 1 - confidenceLevel;
        FDistribution f = new FDistribution(null, n - 1.0, (n - 1.0) * (k - 1.0), QUANTILE_ACCURACY);
        Interval feldt = new Interval(1 - (1 - raw) * f.inverseCumulativeProbability(1 - p / 2),
                1 - (1 - raw) * f.inverseCumulativeProbability(p / 2), confidenceLevel);
        double z = new NormalDistribution(null, 0, 1, QUANTILE_ACCURACY).inverseCumulativeProbability(1 - p / 2);
        Interval duhachek = new Interval(raw - z * ase, raw + z * ase, confidenceLevel);
        return new AlphaResult(missingAnswers, n, excluded, deleted, whole.stats, ase, totalMoments[1],
                totalMoments[2], feldt, duhachek, dropped, stats, frequencies);
    }

    /**
     * Weighted alpha: the {@code psych::alpha} formulas applied to the weighted covariance matrix
     * of the complete rows, {@code C = sum_i w_i (x_i - m)(x_i - m)' / (1 - sum_i w_i^2)} with
     * weights normalised to sum 1 and {@code m = sum_i w_i x_i}; this is R's
     * {@code cov.wt(x, wt, method = "unbiased")}, and {@code psych::alpha(C)} on it gives the
     * same numbers. Used with sampling or calibrated weights of a survey design, it estimates the
     * population alpha (a ratio of population variances). Rows with any missing item are left out
     * (listwise) whatever {@link #missingAnswers()} says; reversed items are rescored with the
     * smallest and largest answer of the complete rows. Keys may be detected, from the weighted
     * correlation matrix.
     *
     * @param names item names, distinct, one per column
     * @param columns {@code columns[item][row]}, NaN for missing
     * @param weights one finite weight {@code >= 0} per row, positive total over complete rows
     * @param keys reverse-keyed items
     * @return the weighted reliability
     * @throws IllegalArgumentException for malformed input, fewer than three complete rows with
     *     positive weight, or an item without variance among them
     */
    public WeightedAlphaResult weightedAlpha(List<String> names, double[][] columns, double[] weights, ItemKeys keys) {
        Objects.requireNonNull(keys, "keys");
        int rowsGiven = validate(names, columns);
        Objects.requireNonNull(weights, "weights");
        if (weights.length != rowsGiven) {
            throw new IllegalArgumentException("weights has " + weights.length + " values for " + rowsGiven + " rows");
        }
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] >= 0) || Double.isInfinite(weights[i])) {
                throw new IllegalArgumentException("weights[" + i + "] = " + weights[i] + " is not a finite value >= 0");
            }
        }
        int k = names.size();
        boolean[] complete = new boolean[rowsGiven];
        int n = 0;
        for (int i = 0; i < rowsGiven; i++) {
            boolean ok = true;
            for (int j = 0; j < k && ok; j++) {
                ok = !Double.isNaN(columns[j][i]);
            }
            complete[i] = ok;
            if (ok) {
                n++;
            }
        }
        double[][] x = new double[k][n];
        double[] w = new double[n];
        double wsum = 0;
        int positive = 0;
        for (int i = 0, a = 0; i < rowsGiven; i++) {
            if (complete[i]) {
                for (int j = 0; j < k; j++) {
                    x[j][a] = columns[j][i];
                }
                w[a++] = weights[i];
                wsum += weights[i];
                if (weights[i] > 0) {
                    positive++;
                }
            }
        }
        if (positive < 3) {
            throw new IllegalArgumentException("weighted alpha needs at least 3 complete rows with positive weight; got "
                    + positive + " of " + rowsGiven + " rows");
        }
        if (k < 2) {
            throw new IllegalArgumentException("alpha needs at least 2 items; got " + k);
        }
        double sw2 = 0;
        for (int i = 0; i < n; i++) {
            w[i] /= wsum;
            sw2 += w[i] * w[i];
        }
        boolean[] reversed = keysFor(names, keys, names);
        double[][] scored = x;
        if (keys.detected() || anyTrue(reversed)) {
            // covariance before keying, to detect keys from its correlations
            double[][] c0 = weightedCovariance(x, w, sw2, names);
            if (keys.detected()) {
                double[] loadings = Matrices.firstComponent(Matrices.cov2cor(c0));
                for (int j = 0; j < k; j++) {
                    reversed[j] = loadings[j] < 0;
                }
            }
            scored = reverse(x, reversed);
        }
        double[][] c = weightedCovariance(scored, w, sw2, names);
        double[][] r = Matrices.cov2cor(c);
        Parts whole = alpha1(c, r);
        List<ItemDropped> dropped = dropTable(names, c, r, 0);
        List<Boolean> flags = new ArrayList<>(k);
        for (boolean b : reversed) {
            flags.add(b);
        }
        return new WeightedAlphaResult(names, flags, n, rowsGiven - n, whole.stats, dropped);
    }

    // ---------------------------------------------------------------------------------------

    private static final class Parts {
        final ScaleStatistics stats;
        final double q;

        Parts(ScaleStatistics stats, double q) {
            this.stats = stats;
            this.q = q;
        }
    }

    /** {@code alpha.1} of psych::alpha. */
    private static Parts alpha1(double[][] c, double[][] r) {
        int k = c.length;
        double trC = Matrices.trace(c);
        double sumC = Matrices.sum(c);
        double sumR = Matrices.sum(r);
        double factor = k / (k - 1.0);
        double raw = (1 - trC / sumC) * factor;
        double std = (1 - k / sumR) * factor;
        double[] smc = Matrices.smc(r);
        double smcSum = 0;
        for (double s : smc) {
            smcSum += s;
        }
        double g6 = 1 - (k - smcSum) / sumR;
        double avr = (sumR - k) / (k * (k - 1.0));
        double[] lower = new double[k * (k - 1) / 2];
        for (int j = 0, t = 0; j < k; j++) {
            for (int i = j + 1; i < k; i++) {
                lower[t++] = r[i][j];
            }
        }
        double varR = Matrices.variance(lower);
        double medR = Matrices.median(lower);
        double sn = k * avr / (1 - avr);
        double trC2 = 0;
        double sumC2 = 0;
        for (int a = 0; a < k; a++) {
            double col = 0;
            for (int b = 0; b < k; b++) {
                trC2 += c[a][b] * c[a][b];
                col += c[a][b];
            }
            sumC2 += col * col;
        }
        double q = (2.0 * k * k / ((k - 1.0) * (k - 1.0) * sumC * sumC * sumC))
                * (sumC * (trC2 + trC * trC) - 2 * trC * sumC2);
        return new Parts(new ScaleStatistics(raw, std, g6, avr, medR, varR, sn), q);
    }

    /** The item-dropped table; {@code n > 0} gives standard errors sqrt(Q/n). */
    private static List<ItemDropped> dropTable(List<String> names, double[][] c, double[][] r, int n) {
        int k = c.length;
        List<ItemDropped> out = new ArrayList<>(k);
        if (k > 2) {
            for (int i = 0; i < k; i++) {
                Parts p = alpha1(Matrices.without(c, i), Matrices.without(r, i));
                out.add(new ItemDropped(names.get(i), p.stats, n > 0 ? Math.sqrt(p.q / n) : Double.NaN));
            }
        } else {
            double r12 = r[0][1];
            double smc1 = Matrices.smc(r)[0];
            out.add(new ItemDropped(names.get(0),
                    new ScaleStatistics(c[0][1] / c[1][1], r12, smc1, r12, r12, 0, r12 / (1 - r12)), Double.NaN));
            out.add(new ItemDropped(names.get(1),
                    new ScaleStatistics(c[0][1] / c[0][0], r12, smc1, r12, r12, 0, r12 / (1 - r12)), Double.NaN));
        }
        return out;
    }

    private static int validate(List<String> names, double[][] columns) {
        Objects.requireNonNull(names, "names");
        Objects.requireNonNull(columns, "columns");
        if (names.size() != columns.length) {
            throw new IllegalArgumentException(names.size() + " item names for " + columns.length + " columns");
        }
        if (columns.length < 2) {
            throw new IllegalArgumentException("alpha needs at least 2 items; got " + columns.length);
        }
        Set<String> seen = new HashSet<>();
        int rows = -1;
        for (int j = 0; j < columns.length; j++) {
            String name = Objects.requireNonNull(names.get(j), "names[" + j + "]");
            if (!seen.add(name)) {
                throw new IllegalArgumentException("item name '" + name + "' is repeated");
            }
            double[] col = Objects.requireNonNull(columns[j], "columns[" + j + "] (item '" + name + "')");
            if (rows < 0) {
                rows = col.length;
            } else if (col.length != rows) {
                throw new IllegalArgumentException("item '" + name + "' has " + col.length + " rows; item '"
                        + names.get(0) + "' has " + rows);
            }
            for (int i = 0; i < col.length; i++) {
                if (Double.isInfinite(col[i])) {
                    throw new IllegalArgumentException("item '" + name + "' row " + i + ": " + col[i]
                            + " is not a finite answer (use NaN for missing)");
                }
            }
        }
        return rows;
    }

    private static double[][] completeRows(double[][] columns) {
        int k = columns.length;
        int rows = columns[0].length;
        int n = 0;
        boolean[] ok = new boolean[rows];
        for (int i = 0; i < rows; i++) {
            boolean all = true;
            for (int j = 0; j < k && all; j++) {
                all = !Double.isNaN(columns[j][i]);
            }
            ok[i] = all;
            if (all) {
                n++;
            }
        }
        double[][] out = new double[k][n];
        for (int i = 0, a = 0; i < rows; i++) {
            if (ok[i]) {
                for (int j = 0; j < k; j++) {
                    out[j][a] = columns[j][i];
                }
                a++;
            }
        }
        return out;
    }

    private static boolean[] keys(List<String> kept, double[][] items, ItemKeys keys, List<String> all) {
        if (!keys.detected()) {
            return keysFor(kept, keys, all);
        }
        int k = kept.size();
        double[][] cor = new double[k][k];
        for (int a = 0; a < k; a++) {
            cor[a][a] = 1;
            for (int b = 0; b < a; b++) {
                double v = pairwiseCorrelation(items[a], items[b]);
                cor[a][b] = v;
                cor[b][a] = v;
            }
        }
        double[] loadings = Matrices.firstComponent(cor);
        boolean[] reversed = new boolean[k];
        for (int j = 0; j < k; j++) {
            reversed[j] = loadings[j] < 0;
        }
        return reversed;
    }

    private static boolean[] keysFor(List<String> kept, ItemKeys keys, List<String> all) {
        for (String name : keys.declared()) {
            if (!all.contains(name)) {
                throw new IllegalArgumentException("reversed item '" + name + "' is not one of the items " + all);
            }
        }
        boolean[] reversed = new boolean[kept.size()];
        for (int j = 0; j < kept.size(); j++) {
            reversed[j] = keys.declared().contains(kept.get(j));
        }
        return reversed;
    }

    private static boolean anyTrue(boolean[] flags) {
        for (boolean b : flags) {
            if (b) {
                return true;
            }
        }
        return false;
    }

    /** psych's reversal: min + max - x with min and max over all answers of all items. */
    private static double[][] reverse(double[][] items, boolean[] reversed) {
        if (!anyTrue(reversed)) {
            return items;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] col : items) {
            for (double v : col) {
                if (!Double.isNaN(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        double adjust = min + max;
        double[][] out = new double[items.length][];
        for (int j = 0; j < items.length; j++) {
            if (reversed[j]) {
                double[] col = items[j];
                double[] flipped = new double[col.length];
                for (int i = 0; i < col.length; i++) {
                    flipped[i] = adjust - col[i];
                }
                out[j] = flipped;
            } else {
                out[j] = items[j];
            }
        }
        return out;
    }

    /** R's {@code cov(x, use = "pairwise")}; each pair needs three common answers. */
    private static double[][] pairwiseCovariance(List<String> names, double[][] items) {
        int k = items.length;
        double[][] c = new double[k][k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b <= a; b++) {
                double[] x = items[a];
                double[] y = items[b];
                int m = 0;
                double sx = 0;
                double sy = 0;
                for (int i = 0; i < x.length; i++) {
                    if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
                        m++;
                        sx += x[i];
                        sy += y[i];
                    }
                }
                if (m < 3) {
                    throw new IllegalArgumentException("items '" + names.get(a) + "' and '" + names.get(b)
                            + "' were answered together by " + m + " respondents; at least 3 are needed");
                }
                double mx = sx / m;
                double my = sy / m;
                double sxy = 0;
                for (int i = 0; i < x.length; i++) {
                    if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
                        sxy += (x[i] - mx) * (y[i] - my);
                    }
                }
                c[a][b] = sxy / (m - 1);
                c[b][a] = c[a][b];
            }
        }
        return c;
    }

    /** R's {@code cov.wt(x, w, method = "unbiased")$cov} for weights already summing to 1. */
    private static double[][] weightedCovariance(double[][] x, double[] w, double sw2, List<String> names) {
        int k = x.length;
        int n = w.length;
        double[] center = new double[k];
        for (int j = 0; j < k; j++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += w[i] * x[j][i];
            }
            center[j] = s;
        }
        double[][] c = new double[k][k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b <= a; b++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += w[i] * (x[a][i] - center[a]) * (x[b][i] - center[b]);
                }
                c[a][b] = s / (1 - sw2);
                c[b][a] = c[a][b];
            }
            if (!(c[a][a] > 0)) {
                throw new IllegalArgumentException("item '" + names.get(a)
                        + "' has no weighted variance among the complete rows");
            }
        }
        return c;
    }

    /** R's {@code cor(x, y, use = "pairwise")}: over rows where both are present. */
    private static double pairwiseCorrelation(double[] x, double[] y) {
        int m = 0;
        double sx = 0;
        double sy = 0;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
                m++;
                sx += x[i];
                sy += y[i];
            }
        }
        double mx = sx / m;
        double my = sy / m;
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
                double dx = x[i] - mx;
                double dy = y[i] - my;
                sxx += dx * dx;
                syy += dy * dy;
                sxy += dx * dy;
            }
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    /** {count, mean, sd} of the non-missing values. */
    private static double[] moments(double[] v) {
        int m = 0;
        double s = 0;
        for (double d : v) {
            if (!Double.isNaN(d)) {
                m++;
                s += d;
            }
        }
        double mean = s / m;
        double ss = 0;
        for (double d : v) {
            if (!Double.isNaN(d)) {
                ss += (d - mean) * (d - mean);
            }
        }
        return new double[] {m, mean, m > 1 ? Math.sqrt(ss / (m - 1)) : Double.NaN};
    }

    private Optional<ResponseFrequencies> frequencies(List<String> names, double[][] items, int n) {
        TreeSet<Double> distinct = new TreeSet<>();
        for (double[] col : items) {
            for (double v : col) {
                if (!Double.isNaN(v)) {
                    distinct.add(v);
                    if (distinct.size() > maxCategories) {
                        return Optional.empty();
                    }
                }
            }
        }
        double[] categories = distinct.stream().mapToDouble(Double::doubleValue).toArray();
        List<ItemFrequencies> rows = new ArrayList<>(names.size());
        for (int j = 0; j < names.size(); j++) {
            int[] counts = new int[categories.length];
            int answered = 0;
            for (double v : items[j]) {
                if (!Double.isNaN(v)) {
                    counts[Arrays.binarySearch(categories, v)]++;
                    answered++;
                }
            }
            List<Integer> c = new ArrayList<>(counts.length);
            List<Double> s = new ArrayList<>(counts.length);
            for (int count : counts) {
                c.add(count);
                s.add(answered == 0 ? 0.0 : (double) count / answered);
            }
            int missing = n - answered;
            rows.add(new ItemFrequencies(names.get(j), c, s, answered, missing, n == 0 ? 0.0 : (double) missing / n));
        }
        return Optional.of(new ResponseFrequencies(List.copyOf(distinct), rows));
    }
}
