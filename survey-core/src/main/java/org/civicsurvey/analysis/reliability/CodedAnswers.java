package org.civicsurvey.analysis.reliability;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Answers that are small integers, held as 1-byte codes: {@code codes[item][row]} is an index
 * into the item's category values ({@code values[item]}), negative for a missing answer.
 *
 * <p><b>Pair table</b> (one pass over the rows, filled on construction). For every pair of items
 * {@code a <= b} and codes {@code i} of {@code a}, {@code j} of {@code b}, the number of rows
 * answering {@code i} to {@code a} and {@code j} to {@code b}, a missing answer counting as one
 * more code. Pairwise counts, means, variances, covariances and correlations are sums over these
 * cells, centred exactly as the two-pass sums over rows are; the pair {@code (a, a)} holds the
 * item's own answer counts, from which its distinct answers, moments and response frequencies
 * follow. Memory is {@code (sum of (codes + 1))^2 / 2} counters, independent of the rows.
 *
 * <p><b>Total-score table</b> (a second pass, once the keys are known, since psych can choose
 * them from the correlations). A respondent's total score depends only on how many items they
 * answered ({@code m}) and the integer sum of their scored answers ({@code S}). For each
 * {@code (m, S)} cell and item, the rows in the cell answering the item and the sum of their
 * scored answers to it are counted; since the score is constant in a cell, the centred sums of
 * the score's correlation with each item follow exactly from the cells.
 *
 * <p>Both passes split the rows into one range per core with integer tables of their own, added
 * at the end.
 */
final class CodedAnswers extends Answers {
    /** The largest value an answer may have in magnitude, so that every sum is exact in a double. */
    static final double LARGEST_VALUE = 1 << 20;
    /** The most counters in a pair table. */
    static final long MAX_PAIR_CELLS = 1 << 21;
    /** The most counters in a total-score table. */
    static final long MAX_TOTAL_CELLS = 1 << 21;
    /** The most codes of an item read from {@code double} columns. */
    static final int MAX_ENCODED_CODES = 32;
    /** Rows below which a range is not worth a thread of its own. */
    private static final int ROWS_PER_THREAD = 1 << 15;

    private final byte[][] codes;
    private final double[][] values;
    private final boolean listwise;
    private final int k;
    /** Codes of each item plus one (the missing answer is code {@code width - 1}). */
    private final int[] width;
    /** {@code prefix[j]}: sum of the widths of the items before j. */
    private final int[] prefix;
    /** Start of the block of item a: rows {@code i} of a, columns {@code (b, j)} for {@code b >= a}. */
    private final int[] blockStart;
    /** Length of a row of the block of item a. */
    private final int[] rowLength;
    private final int[] pairs;
    private final int rows;

    private CodedAnswers(byte[][] codes, double[][] values, boolean listwise) {
        this.codes = codes;
        this.values = values;
        this.listwise = listwise;
        k = codes.length;
        width = new int[k];
        prefix = new int[k + 1];
        for (int j = 0; j < k; j++) {
            width[j] = values[j].length + 1;
            prefix[j + 1] = prefix[j] + width[j];
        }
        blockStart = new int[k + 1];
        rowLength = new int[k];
        for (int a = 0; a < k; a++) {
            rowLength[a] = prefix[k] - prefix[a];
            blockStart[a + 1] = blockStart[a] + width[a] * rowLength[a];
        }
        int n = codes[0].length;
        int cells = blockStart[k];
        List<int[]> partial = inRanges(n, (from, to) -> countPairs(from, to, cells));
        int[] sum = partial.get(0);
        for (int t = 1; t < partial.size(); t++) {
            int[] add = partial.get(t);
            for (int x = 0; x < sum.length; x++) {
                sum[x] += add[x];
            }
        }
        rows = sum[cells];
        pairs = sum;
    }

    /**
     * The coded form of categorical columns, if their values allow it.
     *
     * @param values per item, its category values by code
     * @param codes per item, one code per row (validated: below the number of categories)
     * @param listwise keep only the rows that answered every item
     * @return the answers, or empty when a value is not an integer of magnitude at most
     *     {@link #LARGEST_VALUE} or the tables would exceed their limits
     */
    static Optional<Answers> of(double[][] values, byte[][] codes, boolean listwise) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] item : values) {
            for (double v : item) {
                if (v != Math.rint(v) || Math.abs(v) > LARGEST_VALUE) {
                    return Optional.empty();
                }
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        int k = values.length;
        long widths = 0;
        long pairCells = 0;
        for (double[] item : values) {
            widths += item.length + 1;
            pairCells += (item.length + 1L) * widths;
        }
        long range = (long) (max - min);
        long totalCells = (range * k * (k + 1) / 2 + k) * k;
        if (pairCells > MAX_PAIR_CELLS || totalCells > MAX_TOTAL_CELLS) {
            return Optional.empty();
        }
        return Optional.of(new CodedAnswers(codes, values, listwise));
    }

    /**
     * The coded form of {@code double} columns whose answers are integers with at most
     * {@link #MAX_ENCODED_CODES} values from each item's smallest to its largest answer (such as a
     * rating scale); one byte per answer is allocated.
     *
     * @param columns {@code columns[item][row]}, NaN for missing, validated
     * @param listwise keep only the rows that answered every item
     * @return the answers, or empty when the columns do not qualify
     */
    static Optional<Answers> encode(double[][] columns, boolean listwise) {
        int k = columns.length;
        double[] smallest = new double[k];
        int[] count = new int[k];
        for (int j = 0; j < k; j++) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double v : columns[j]) {
                if (v != Math.rint(v)) {
                    if (!Double.isNaN(v)) {
                        return Optional.empty();
                    }
                } else {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            if (min > max) {
                min = 0;
                max = 0;
            }
            if (Math.abs(min) > LARGEST_VALUE || Math.abs(max) > LARGEST_VALUE || max - min >= MAX_ENCODED_CODES) {
                return Optional.empty();
            }
            smallest[j] = min;
            count[j] = (int) (max - min) + 1;
        }
        double[][] values = new double[k][];
        byte[][] codes = new byte[k][];
        for (int j = 0; j < k; j++) {
            values[j] = new double[count[j]];
            for (int c = 0; c < count[j]; c++) {
                values[j][c] = smallest[j] + c;
            }
            double[] column = columns[j];
            byte[] code = new byte[column.length];
            double min = smallest[j];
            for (int i = 0; i < code.length; i++) {
                double v = column[i];
                code[i] = Double.isNaN(v) ? -1 : (byte) (v - min);
            }
            codes[j] = code;
        }
        return of(values, codes, listwise);
    }

    /** Work on one range of rows. */
    private interface RangeTask<P> {
        P run(int from, int to);
    }

    /** Runs a task on one range of rows per core (one range for few rows); results in row order. */
    private static <P> List<P> inRanges(int n, RangeTask<P> task) {
        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), n / ROWS_PER_THREAD));
        IntStream ranges = IntStream.range(0, threads);
        if (threads > 1) {
            ranges = ranges.parallel();
        }
        return ranges.mapToObj(t -> task.run((int) ((long) n * t / threads), (int) ((long) n * (t + 1) / threads)))
                .toList();
    }

    /** The pair table of rows {@code from .. to - 1}, with the number of rows counted in the last cell. */
    private int[] countPairs(int from, int to, int cells) {
        int[] table = new int[cells + 1];
        int[] code = new int[k];
        int[] column = new int[k];
        int counted = 0;
        for (int i = from; i < to; i++) {
            boolean complete = true;
            for (int j = 0; j < k; j++) {
                int c = codes[j][i];
                if (c < 0) {
                    c = width[j] - 1;
                    complete = false;
                }
                code[j] = c;
                column[j] = prefix[j] + c;
            }
            if (listwise && !complete) {
                continue;
            }
            counted++;
            for (int a = 0; a < k; a++) {
                int base = blockStart[a] + code[a] * rowLength[a] - prefix[a];
                for (int b = a; b < k; b++) {
                    table[base + column[b]]++;
                }
            }
        }
        table[cells] = counted;
        return table;
    }

    /** Rows answering code {@code i} to item {@code a} and code {@code j} to item {@code b >= a}. */
    private int count(int a, int i, int b, int j) {
        return pairs[blockStart[a] + i * rowLength[a] + prefix[b] - prefix[a] + j];
    }

    /**
     * Centred sums over the rows that answered both items: {@code {m, sxx, syy, sxy}} of
     * {@code x} = item {@code a} and {@code y} = item {@code b}.
     */
    private double[] pair(int a, int b) {
        int first = Math.min(a, b);
        int second = Math.max(a, b);
        double[] u = values[first];
        double[] v = values[second];
        int m = 0;
        double su = 0;
        double sv = 0;
        for (int i = 0; i < u.length; i++) {
            for (int j = 0; j < v.length; j++) {
                int n = count(first, i, second, j);
                m += n;
                su += n * u[i];
                sv += n * v[j];
            }
        }
        double mu = su / m;
        double mv = sv / m;
        double suu = 0;
        double svv = 0;
        double suv = 0;
        for (int i = 0; i < u.length; i++) {
            double du = u[i] - mu;
            for (int j = 0; j < v.length; j++) {
                int n = count(first, i, second, j);
                if (n != 0) {
                    double dv = v[j] - mv;
                    suu += n * (du * du);
                    svv += n * (dv * dv);
                    suv += n * (du * dv);
                }
            }
        }
        return first == a ? new double[] {m, suu, svv, suv} : new double[] {m, svv, suu, suv};
    }

    @Override
    int rows() {
        return rows;
    }

    @Override
    int answered(int item) {
        int n = 0;
        for (int c = 0; c < values[item].length; c++) {
            n += count(item, c, item, c);
        }
        return n;
    }

    @Override
    boolean varies(int item) {
        int distinct = 0;
        for (int c = 0; c < values[item].length; c++) {
            if (count(item, c, item, c) > 0) {
                distinct++;
            }
        }
        return distinct > 1;
    }

    @Override
    double constant(int item) {
        for (int c = 0; c < values[item].length; c++) {
            if (count(item, c, item, c) > 0) {
                return values[item][c];
            }
        }
        return Double.NaN;
    }

    @Override
    double[][] covariance(int[] items, List<String> names) {
        int n = items.length;
        double[][] c = new double[n][n];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b <= a; b++) {
                double[] s = pair(items[a], items[b]);
                int m = (int) s[0];
                if (m < 3) {
                    throw tooFewTogether(names.get(items[a]), names.get(items[b]), m);
                }
                c[a][b] = s[3] / (m - 1);
                c[b][a] = c[a][b];
            }
        }
        return c;
    }

    @Override
    double[][] correlation(int[] items) {
        int n = items.length;
        double[][] cor = new double[n][n];
        for (int a = 0; a < n; a++) {
            cor[a][a] = 1;
            for (int b = 0; b < a; b++) {
                double[] s = pair(items[a], items[b]);
                cor[a][b] = s[3] / Math.sqrt(s[1] * s[2]);
                cor[b][a] = cor[a][b];
            }
        }
        return cor;
    }

    @Override
    double[] range(int[] items) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int item : items) {
            for (int c = 0; c < values[item].length; c++) {
                if (count(item, c, item, c) > 0) {
                    min = Math.min(min, values[item][c]);
                    max = Math.max(max, values[item][c]);
                }
            }
        }
        return new double[] {min, max};
    }

    @Override
    double[] moments(int item, boolean reversed, double adjust) {
        double[] scored = scored(item, reversed, adjust);
        int m = 0;
        double s = 0;
        for (int c = 0; c < scored.length; c++) {
            int n = count(item, c, item, c);
            m += n;
            s += n * scored[c];
        }
        double mean = s / m;
        double ss = 0;
        for (int c = 0; c < scored.length; c++) {
            double d = scored[c] - mean;
            ss += count(item, c, item, c) * (d * d);
        }
        return new double[] {m, mean, m > 1 ? Math.sqrt(ss / (m - 1)) : Double.NaN};
    }

    /** The item's values by code as scored. */
    private double[] scored(int item, boolean reversed, double adjust) {
        double[] v = values[item].clone();
        if (reversed) {
            for (int c = 0; c < v.length; c++) {
                v[c] = adjust - v[c];
            }
        }
        return v;
    }

    /** The total-score table of one range of rows: {@code (m, S)} cells by item. */
    private static final class TotalCells {
        final int[] rows;
        final int[] answered;
        final long[] sum;

        TotalCells(int cells, int items) {
            rows = new int[cells];
            answered = new int[cells * items];
            sum = new long[cells * items];
        }

        void add(TotalCells other) {
            for (int x = 0; x < rows.length; x++) {
                rows[x] += other.rows[x];
            }
            for (int x = 0; x < answered.length; x++) {
                answered[x] += other.answered[x];
                sum[x] += other.sum[x];
            }
        }
    }

    @Override
    TotalScore totalScore(int[] items, boolean[] reversed, double adjust, double deletedSum, int deletedCount) {
        int kk = items.length;
        // the scored answers by code (integers: the values and adjust are), and their range
        int[][] points = new int[kk][];
        int[] position = new int[k];
        Arrays.fill(position, -1);
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (int p = 0; p < kk; p++) {
            int item = items[p];
            position[item] = p;
            double[] v = scored(item, reversed[p], adjust);
            points[p] = new int[v.length];
            for (int c = 0; c < v.length; c++) {
                points[p][c] = (int) v[c];
                if (count(item, c, item, c) > 0) {
                    lo = Math.min(lo, points[p][c]);
                    hi = Math.max(hi, points[p][c]);
                }
            }
        }
        // cells of m answered items: S = m lo .. m hi
        int span = (int) (hi - lo);
        int[] cellStart = new int[kk + 2];
        for (int m = 1; m <= kk; m++) {
            cellStart[m + 1] = cellStart[m] + m * span + 1;
        }
        int cells = cellStart[kk + 1];
        long low = lo;
        List<TotalCells> partial = inRanges(codes[0].length, (from, to) -> {
            TotalCells t = new TotalCells(cells, kk);
            for (int i = from; i < to; i++) {
                int m = 0;
                long s = 0;
                boolean complete = true;
                for (int j = 0; j < k; j++) {
                    int c = codes[j][i];
                    if (c < 0) {
                        complete = false;
                    } else if (position[j] >= 0) {
                        m++;
                        s += points[position[j]][c];
                    }
                }
                if (m == 0 || (listwise && !complete)) {
                    continue;
                }
                int cell = cellStart[m] + (int) (s - m * low);
                t.rows[cell]++;
                int at = cell * kk;
                for (int p = 0; p < kk; p++) {
                    int c = codes[items[p]][i];
                    if (c >= 0) {
                        t.answered[at + p]++;
                        t.sum[at + p] += points[p][c];
                    }
                }
            }
            return t;
        });
        TotalCells table = partial.get(0);
        for (int t = 1; t < partial.size(); t++) {
            table.add(partial.get(t));
        }
        double[] score = new double[cells];
        for (int m = 1; m <= kk; m++) {
            for (int cell = cellStart[m]; cell < cellStart[m + 1]; cell++) {
                score[cell] = rowTotal(m * lo + (cell - cellStart[m]), m, kk, deletedSum, deletedCount);
            }
        }
        double[] total = moments(table.rows, 0, 1, score);
        double[] itemR = new double[kk];
        for (int p = 0; p < kk; p++) {
            // the score over the rows answering item p, and its centred cross-products with the item
            double[] t = moments(table.answered, p, kk, score);
            double mean = t[1];
            long sum = 0;
            int n = 0;
            for (int cell = 0; cell < cells; cell++) {
                sum += table.sum[cell * kk + p];
                n += table.answered[cell * kk + p];
            }
            double itemMean = (double) sum / n;
            double sxx = 0;
            double sxy = 0;
            for (int cell = 0; cell < cells; cell++) {
                int count = table.answered[cell * kk + p];
                if (count != 0) {
                    double d = score[cell] - mean;
                    sxx += count * (d * d);
                    sxy += d * (table.sum[cell * kk + p] - count * itemMean);
                }
            }
            double syy = 0;
            for (int c = 0; c < points[p].length; c++) {
                double d = points[p][c] - itemMean;
                syy += count(items[p], c, items[p], c) * (d * d);
            }
            itemR[p] = sxy / Math.sqrt(sxx * syy);
        }
        return new TotalScore(total[1], total[2], itemR);
    }

    /** {count, mean, sd} of the cell scores weighted by {@code counts[cell * stride + offset]}. */
    private static double[] moments(int[] counts, int offset, int stride, double[] score) {
        long m = 0;
        double s = 0;
        for (int cell = 0; cell < score.length; cell++) {
            int n = counts[cell * stride + offset];
            m += n;
            s += n * score[cell];
        }
        double mean = s / m;
        double ss = 0;
        for (int cell = 0; cell < score.length; cell++) {
            int n = counts[cell * stride + offset];
            if (n != 0) {
                double d = score[cell] - mean;
                ss += n * (d * d);
            }
        }
        return new double[] {m, mean, m > 1 ? Math.sqrt(ss / (m - 1)) : Double.NaN};
    }

    @Override
    Optional<ResponseFrequencies> frequencies(int[] items, List<String> names, int maxCategories) {
        int observed = 0;
        for (int item : items) {
            observed += values[item].length;
        }
        double[] all = new double[observed];
        int size = 0;
        for (int item : items) {
            for (int c = 0; c < values[item].length; c++) {
                if (count(item, c, item, c) > 0) {
                    all[size++] = values[item][c];
                }
            }
        }
        Arrays.sort(all, 0, size);
        int distinct = 0;
        for (int x = 0; x < size; x++) {
            if (distinct == 0 || all[x] != all[distinct - 1]) {
                all[distinct++] = all[x];
            }
        }
        if (distinct > maxCategories) {
            return Optional.empty();
        }
        double[] categories = Arrays.copyOf(all, distinct);
        List<ItemFrequencies> table = new ArrayList<>(items.length);
        for (int item : items) {
            int[] counts = new int[distinct];
            for (int c = 0; c < values[item].length; c++) {
                int n = count(item, c, item, c);
                if (n > 0) {
                    counts[Arrays.binarySearch(categories, values[item][c])] += n;
                }
            }
            table.add(itemFrequencies(names.get(item), counts, rows));
        }
        return Optional.of(responseFrequencies(categories, table));
    }
}
