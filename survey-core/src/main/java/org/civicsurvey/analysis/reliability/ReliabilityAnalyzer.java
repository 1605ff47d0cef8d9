package org.civicsurvey.analysis.reliability;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.apache.commons.math3.distribution.FDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.civicsurvey.stats.Exclusion;
import org.civicsurvey.stats.Interval;
import org.civicsurvey.stats.SurveyData;
import org.civicsurvey.stats.Variable;

/**
 * Scale reliability (Cronbach's alpha and companions) of a block of rating items, computed exactly
 * as {@code psych::alpha} of psych 2.2.9 does. Immutable and thread-safe; configure with
 * {@code withDefaults().withMissingAnswers(...)}.
 *
 * <p><b>Input.</b> One primitive column per item, all of the same length: {@code double} values
 * ({@code columns[item][row]}) with {@code NaN} for a missing answer (no answer, don't know, not
 * applicable) and finite values otherwise; or 1-byte category codes of categorical
 * {@link Variable}s, negative for a missing answer, as {@link SurveyData} stores them. Item names
 * must be distinct.
 *
 * <p><b>Computation.</b> When every answer is an integer and each item has few distinct values
 * (rating scales; for {@code double} columns at most 32 values from an item's smallest to its
 * largest answer), one pass over the rows counts, for every pair of items, the rows giving each
 * combination of answers; every covariance, correlation, moment and frequency is an exact sum
 * over these counts. A second pass, after the keys are known, counts the rows by number of
 * answered items and sum of scored answers, from which the total score's statistics follow. Both
 * passes split the rows across the cores. Other answers are analysed from the {@code double}
 * columns directly. The two ways give the same numbers to rounding.
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
        boolean listwise = missingAnswers == MissingAnswers.LISTWISE;
        Answers answers = CodedAnswers.encode(columns, listwise).orElseGet(() -> new NumericAnswers(columns, listwise));
        return alpha(names, rowsGiven, answers, keys);
    }

    /**
     * Cronbach's alpha and the rest of {@code psych::alpha}'s output for one block of categorical
     * items stored as 1-byte codes, the form of {@link SurveyData#withCategorical(Variable, byte[])}:
     * the same analysis as {@link #alpha(List, double[][], ItemKeys)} on the columns of the
     * answers' category values. Each item's answers are its variable's category values; a negative
     * code (any {@link Exclusion}) is a missing answer.
     *
     * <p>When every category value is an integer (such as the points of a rating scale), the
     * analysis reads each answer twice, whatever the number of items, and allocates nothing that
     * grows with the rows (see the class documentation); otherwise the answers are decoded into
     * {@code double} columns first.
     *
     * @param items categorical variables, one per column; their names are the item names and must
     *     be distinct
     * @param codes {@code codes[item][row]}: a code {@code 0 .. categoryCount - 1} of the item's
     *     variable, or negative for a missing answer; all columns of the same length; not changed
     * @param keys reverse-keyed items
     * @return the analysis
     * @throws IllegalArgumentException for malformed input (a numeric variable, a code beyond the
     *     categories) or an undefined analysis (see the class documentation)
     */
    public AlphaResult alpha(List<Variable> items, byte[][] codes, ItemKeys keys) {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(items, "items");
        List<String> names = new ArrayList<>(items.size());
        for (int j = 0; j < items.size(); j++) {
            names.add(Objects.requireNonNull(items.get(j), "items[" + j + "]").name());
        }
        int rowsGiven = validate(names, codes, items);
        double[][] values = new double[items.size()][];
        for (int j = 0; j < values.length; j++) {
            values[j] = items.get(j).categories();
        }
        boolean listwise = missingAnswers == MissingAnswers.LISTWISE;
        Answers answers = CodedAnswers.of(values, codes, listwise)
                .orElseGet(() -> new NumericAnswers(decode(values, codes), listwise));
        return alpha(names, rowsGiven, answers, keys);
    }

    private AlphaResult alpha(List<String> names, int rowsGiven, Answers answers, ItemKeys keys) {
        int n = answers.rows();
        int excluded = rowsGiven - n;

        // items without variance: deleted, but their constant value stays in the total score
        List<String> kept = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        int[] keptItems = new int[names.size()];
        double deletedSum = 0;
        for (int j = 0; j < names.size(); j++) {
            if (answers.answered(j) == 0) {
                throw new IllegalArgumentException("item '" + names.get(j) + "' has no answers"
                        + (excluded > 0 ? " in the " + n + " complete rows" : ""));
            }
            if (answers.varies(j)) {
                keptItems[kept.size()] = j;
                kept.add(names.get(j));
            } else {
                deleted.add(names.get(j));
                deletedSum += answers.constant(j);
            }
        }
        int k = kept.size();
        if (k < 2) {
            throw new IllegalArgumentException("alpha needs at least 2 items with variance; got " + k
                    + (deleted.isEmpty() ? "" : " (no variance: " + deleted + ")"));
        }
        int[] items = Arrays.copyOf(keptItems, k);

        Optional<ResponseFrequencies> frequencies = answers.frequencies(items, names, maxCategories);

        double[][] c = answers.covariance(items, names);
        boolean[] reversed;
        if (keys.detected()) {
            double[] loadings = Matrices.firstComponent(answers.correlation(items));
            reversed = new boolean[k];
            for (int j = 0; j < k; j++) {
                reversed[j] = loadings[j] < 0;
            }
        } else {
            reversed = keysFor(kept, keys, names);
        }
        double adjust = 0;
        if (anyTrue(reversed)) {
            double[] range = answers.range(items);
            adjust = range[0] + range[1];
        }
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                c[a][b] *= (reversed[a] ? -1 : 1) * (reversed[b] ? -1 : 1);
            }
        }
        Answers.TotalScore total = answers.totalScore(items, reversed, adjust, deletedSum, deleted.size());

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
            double[] m = answers.moments(items[j], reversed[j], adjust);
            stats.add(new ItemStatistics(kept.get(j), reversed[j], (int) m[0],
                    total.itemR()[j], colR / Math.sqrt(sumR), colRc / Math.sqrt(sumRc),
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
        return new AlphaResult(missingAnswers, n, excluded, deleted, whole.stats, ase, total.mean(),
                total.sd(), feldt, duhachek, dropped, stats, frequencies);
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

    private static int validate(List<String> names, byte[][] codes, List<Variable> items) {
        Objects.requireNonNull(codes, "codes");
        if (names.size() != codes.length) {
            throw new IllegalArgumentException(names.size() + " items for " + codes.length + " code columns");
        }
        if (codes.length < 2) {
            throw new IllegalArgumentException("alpha needs at least 2 items; got " + codes.length);
        }
        Set<String> seen = new HashSet<>();
        int rows = -1;
        for (int j = 0; j < codes.length; j++) {
            String name = names.get(j);
            Variable item = items.get(j);
            if (!item.isCategorical()) {
                throw new IllegalArgumentException("item '" + name + "' is numeric; codes need a categorical variable");
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException("item name '" + name + "' is repeated");
            }
            byte[] col = Objects.requireNonNull(codes[j], "codes[" + j + "] (item '" + name + "')");
            if (rows < 0) {
                rows = col.length;
            } else if (col.length != rows) {
                throw new IllegalArgumentException("item '" + name + "' has " + col.length + " rows; item '"
                        + names.get(0) + "' has " + rows);
            }
            int categories = item.categoryCount();
            for (int i = 0; i < col.length; i++) {
                if (col[i] >= categories) {
                    throw new IllegalArgumentException("item '" + name + "' row " + i + ": code " + col[i]
                            + " is outside 0.." + (categories - 1) + " (negative for a missing answer)");
                }
            }
        }
        return rows;
    }

    /** The answers' values, NaN for a negative code. */
    private static double[][] decode(double[][] values, byte[][] codes) {
        double[][] columns = new double[codes.length][];
        for (int j = 0; j < codes.length; j++) {
            byte[] code = codes[j];
            double[] column = new double[code.length];
            for (int i = 0; i < column.length; i++) {
                column[i] = code[i] < 0 ? Double.NaN : values[j][code[i]];
            }
            columns[j] = column;
        }
        return columns;
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
}
