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
 * answering {@code i} to {@code a} and {@code j} to {@code b}. Pairwise counts, means, variances,
 * covariances and correlations are sums over these counts, centred exactly as the two-pass sums
 * over rows are; the pair {@code (a, a)} holds the item's own answer counts, from which its
 * distinct answers, moments and response frequencies follow. The rows are read in blocks of
 * {@link #BLOCK_ROWS}: each block becomes one bit set per item and code (the rows giving that
 * answer), and each count is the population count of the intersection of two bit sets, 64 rows
 * per instruction. Memory is {@code (sum of codes)^2 / 2} counters plus the block's bit sets,
 * independent of the number of rows.
 *
 * <p><b>Total-score table</b> (a second pass, once the keys are known, since psych can choose
 * them from the correlations). A respondent's total score depends only on how many items they
 * answered ({@code m}) and the integer sum of their scored answers ({@code S}). For each
 * {@code (m, S)} cell and item, the rows in the cell answering the item and the sum of their
 * scored answers to it are counted; since the score is constant in a cell, the centred sums of
 * the score's correlation with each item follow exactly from the cells. Each block of rows is
 * read item by item: first every row's cell, then each item's counts.
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
    /** Rows read at a time: 32 words of 64 rows per bit set, so a block's bit sets stay in cache. */
    static final int BLOCK_ROWS = 2048;
    private static final int BLOCK_WORDS = BLOCK_ROWS / 64;
    /** Rows below which a range is not worth a thread of its own. */
    private static final int ROWS_PER_THREAD = 1 << 15;

    private final byte[][] codes;
    private final double[][] values;
    private final boolean listwise;
    private final int k;
    /** {@code prefix[j]}: number of codes of the items before j; {@code prefix[k]}: of all. */
    private final int[] prefix;
    /**
     * Start of the block of item a in {@link #pairs}: a row per code i of a, holding for each item
     * {@code b >= a} in turn a counter per code j of b.
     */
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
        prefix = new int[k + 1];
        for (int j = 0; j < k; j++) {
            prefix[j + 1] = prefix[j] + values[j].length;
        }
        blockStart = new int[k + 1];
        rowLength = new int[k];
        for (int a = 0; a < k; a++) {
            rowLength[a] = prefix[k] - prefix[a];
            blockStart[a + 1] = blockStart[a] + values[a].length * rowLength[a];
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
        long allCodes = 0;
        long pairCells = 0;
        for (double[] item : values) {
            allCodes += item.length;
            pairCells += item.length * allCodes;
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

    /**
     * The pair table of rows {@code from .. to - 1}, with the number of rows counted in the last
     * cell.
     */
    private int[] countPairs(int from, int to, int cells) {
        int[] table = new int[cells + 1];
        int vectors = prefix[k];
        // bits[(prefix[j] + c) * BLOCK_WORDS + w]: the rows 64w .. 64w + 63 of the block answering c to j
        long[] bits = new long[vectors * BLOCK_WORDS];
        long[] complete = new long[BLOCK_WORDS];
        // the item of each bit set and where its row of counters starts (less the first column)
        int[] rowStart = new int[vectors];
        int[] firstColumn = new int[vectors];
        for (int a = 0; a < k; a++) {
            for (int i = 0; i < values[a].length; i++) {
                rowStart[prefix[a] + i] = blockStart[a] + i * rowLength[a] - prefix[a];
                firstColumn[prefix[a] + i] = prefix[a];
            }
        }
        int counted = 0;
        for (int start = from; start < to; start += BLOCK_ROWS) {
            int end = Math.min(to, start + BLOCK_ROWS);
            int words = (end - start + 63) >>> 6;
            Arrays.fill(bits, 0);
            for (int j = 0; j < k; j++) {
                byte[] column = codes[j];
                int base = prefix[j] * BLOCK_WORDS;
                for (int i = start; i < end; i++) {
                    int c = column[i];
                    if (c >= 0) {
                        int r = i - start;
                        bits[base + c * BLOCK_WORDS + (r >>> 6)] |= 1L << r;
                    }
                }
            }
            if (listwise) {
                counted += keepComplete(bits, complete, words, end - start);
            } else {
                counted += end - start;
            }
            for (int x = 0; x < vectors; x++) {
                int xs = x * BLOCK_WORDS;
                int out = rowStart[x];
                for (int y = firstColumn[x]; y < vectors; y++) {
                    int ys = y * BLOCK_WORDS;
                    int both = 0;
                    for (int w = 0; w < words; w++) {
                        both += Long.bitCount(bits[xs + w] & bits[ys + w]);
                    }
                    table[out + y] += both;
                }
            }
        }
        table[cells] = counted;
        return table;
    }

    /**
     * Clears from every bit set the rows of the block that miss an answer.
     *
     * @return the number of complete rows
     */
    private int keepComplete(long[] bits, long[] complete, int words, int blockRows) {
        Arrays.fill(complete, 0, words, -1L);
        if (blockRows % 64 != 0) {
            complete[words - 1] = (1L << blockRows) - 1;
        }
        for (int j = 0; j < k; j++) {
            for (int w = 0; w < words; w++) {
                long answered = 0;
                for (int v = prefix[j]; v < prefix[j + 1]; v++) {
                    answered |= bits[v * BLOCK_WORDS + w];
                }
                complete[w] &= answered;
            }
        }
        int count = 0;
        for (int w = 0; w < words; w++) {
            count += Long.bitCount(complete[w]);
        }
        for (int v = 0; v < prefix[k]; v++) {
            for (int w = 0; w < words; w++) {
                bits[v * BLOCK_WORDS + w] &= complete[w];
            }
        }
        return count;
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

    /** The total-score table of one range of rows: per {@code (m, S)} cell, and per item and cell. */
    private static final class TotalCells {
        final int[] rows;
        final int[][] answered;
        final long[][] sum;

        TotalCells(int cells, int items) {
            rows = new int[cells];
            answered = new int[items][cells];
            sum = new long[items][cells];
        }

        void add(TotalCells other) {
            for (int x = 0; x < rows.length; x++) {
                rows[x] += other.rows[x];
            }
            for (int p = 0; p < answered.length; p++) {
                for (int x = 0; x < rows.length; x++) {
                    answered[p][x] += other.answered[p][x];
                    sum[p][x] += other.sum[p][x];
                }
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
        List<TotalCells> partial = inRanges(codes[0].length,
                (from, to) -> countTotals(from, to, items, position, points, cellStart, low));
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
        double[] total = moments(table.rows, score);
        double[] itemR = new double[kk];
        for (int p = 0; p < kk; p++) {
            // the score over the rows answering item p, and its centred cross-products with the item
            int[] answered = table.answered[p];
            long[] scoredSum = table.sum[p];
            double mean = moments(answered, score)[1];
            long sum = 0;
            int n = 0;
            for (int cell = 0; cell < cells; cell++) {
                sum += scoredSum[cell];
                n += answered[cell];
            }
            double itemMean = (double) sum / n;
            double sxx = 0;
            double sxy = 0;
            for (int cell = 0; cell < cells; cell++) {
                int count = answered[cell];
                if (count != 0) {
                    double d = score[cell] - mean;
                    sxx += count * (d * d);
                    sxy += d * (scoredSum[cell] - count * itemMean);
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

    /**
     * The total-score table of rows {@code from .. to - 1}, read a block at a time: every row's
     * {@code (m, S)} cell first, then, item by item, the rows in each cell answering it and the
     * sum of their scored answers.
     */
    private TotalCells countTotals(int from, int to, int[] items, int[] position, int[][] points, int[] cellStart,
            long low) {
        int kk = items.length;
        TotalCells t = new TotalCells(cellStart[kk + 1], kk);
        int[] answered = new int[BLOCK_ROWS];
        long[] sum = new long[BLOCK_ROWS];
        boolean[] incomplete = new boolean[BLOCK_ROWS];
        int[] cell = new int[BLOCK_ROWS];
        for (int start = from; start < to; start += BLOCK_ROWS) {
            int size = Math.min(to, start + BLOCK_ROWS) - start;
            Arrays.fill(answered, 0);
            Arrays.fill(sum, 0);
            Arrays.fill(incomplete, false);
            for (int j = 0; j < k; j++) {
                byte[] column = codes[j];
                if (position[j] < 0) {
                    for (int r = 0; r < size; r++) {
                        incomplete[r] |= column[start + r] < 0;
                    }
                    continue;
                }
                int[] point = points[position[j]];
                for (int r = 0; r < size; r++) {
                    int c = column[start + r];
                    if (c >= 0) {
                        answered[r]++;
                        sum[r] += point[c];
                    } else {
                        incomplete[r] = true;
                    }
                }
            }
            for (int r = 0; r < size; r++) {
                int m = answered[r];
                if (m == 0 || (listwise && incomplete[r])) {
                    cell[r] = -1;
                } else {
                    cell[r] = cellStart[m] + (int) (sum[r] - m * low);
                    t.rows[cell[r]]++;
                }
            }
            for (int p = 0; p < kk; p++) {
                byte[] column = codes[items[p]];
                int[] point = points[p];
                int[] count = t.answered[p];
                long[] total = t.sum[p];
                for (int r = 0; r < size; r++) {
                    int c = column[start + r];
                    int at = cell[r];
                    if (c >= 0 && at >= 0) {
                        count[at]++;
                        total[at] += point[c];
                    }
                }
            }
        }
        return t;
    }

    /** {count, mean, sd} of the cell scores, each counted {@code counts[cell]} times. */
    private static double[] moments(int[] counts, double[] score) {
        long m = 0;
        double s = 0;
        for (int cell = 0; cell < score.length; cell++) {
            m += counts[cell];
            s += counts[cell] * score[cell];
        }
        double mean = s / m;
        double ss = 0;
        for (int cell = 0; cell < score.length; cell++) {
            if (counts[cell] != 0) {
                double d = score[cell] - mean;
                ss += counts[cell] * (d * d);
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
