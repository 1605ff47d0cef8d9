package org.civicsurvey.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Fills {@link SufficientStatistics} in one pass over primitive columns: categorical columns are
 * {@code byte[]} of category codes (0 .. k-1, the index into {@link Variable#categories()}) with
 * exclusions as negative {@link Exclusion#code()}s; numeric columns are {@code double[]} with
 * {@code NaN} for a missing answer. Rows are summed in parallel ranges (one per core, partial sums
 * added at the end), each walked in cache-sized blocks across all variables.
 * Obtain one from {@link SufficientStatistics#collector(SurveyDesign, int[])}.
 */
public final class StatisticsCollector {
    private static final int BLOCK = 32768;
    private final SurveyDesign design;
    private final int[] domains;
    private final List<Variable> variables = new ArrayList<>();
    private final List<Object> columns = new ArrayList<>();
    private boolean crossProducts;
    private boolean parallel = true;

    StatisticsCollector(SurveyDesign design, int[] domains) {
        this.design = Objects.requireNonNull(design, "design");
        if (domains != null && domains.length != design.size()) {
            throw new IllegalArgumentException("domains has length " + domains.length + "; the design has "
                + design.size() + " units");
        }
        if (!design.fpc2ConstantWithinPsus()) {
            throw new IllegalArgumentException("the design's second-stage fpc varies within a PSU; sufficient statistics"
                + " need one population of SSUs per PSU");
        }
        if (!design.fpcConstantWithinStrata()) {
            throw new IllegalArgumentException("the design's fpc varies within a stratum; sufficient statistics need one"
                + " population size per stratum");
        }
        this.domains = domains;
    }

    private void add(Variable v, Object column, int length) {
        Objects.requireNonNull(v, "variable");
        if (length != design.size()) {
            throw new IllegalArgumentException("column " + v.name() + " has length " + length + "; the design has "
                + design.size() + " units");
        }
        for (Variable other : variables) {
            if (other.name().equals(v.name())) {
                throw new IllegalArgumentException("variable " + v.name() + " added twice");
            }
        }
        variables.add(v);
        columns.add(column);
    }

    /**
     * @param variable a categorical variable
     * @param codes per row: category code 0..k-1, or a negative {@link Exclusion#code()}
     * @return this collector
     */
    public StatisticsCollector categorical(Variable variable, byte[] codes) {
        Objects.requireNonNull(codes, "codes");
        if (!variable.isCategorical()) {
            throw new IllegalArgumentException("variable " + variable.name() + " is numeric; use numeric(...)");
        }
        add(variable, codes, codes.length);
        return this;
    }

    /**
     * @param variable a numeric variable
     * @param values per row: a finite value, or {@code NaN} for missing
     * @return this collector
     */
    public StatisticsCollector numeric(Variable variable, double[] values) {
        Objects.requireNonNull(values, "values");
        if (variable.isCategorical()) {
            throw new IllegalArgumentException("variable " + variable.name() + " is categorical; use categorical(...)");
        }
        add(variable, values, values.length);
        return this;
    }

    /**
     * @param keep keep cross-products between categorical variables (unclustered designs only)
     * @return this collector
     */
    public StatisticsCollector crossProducts(boolean keep) {
        this.crossProducts = keep;
        return this;
    }

    /**
     * @param parallel sum variables in parallel (default true)
     * @return this collector
     */
    public StatisticsCollector parallel(boolean parallel) {
        this.parallel = parallel;
        return this;
    }

    /**
     * @return the statistics of all rows
     * @throws IllegalArgumentException for a code outside the variable's categories or an
     *     infinite numeric value (naming variable, row and value)
     */
    public SufficientStatistics collect() {
        if (variables.isEmpty()) {
            throw new IllegalArgumentException("no variables to collect");
        }
        int n = design.size();
        boolean keepCross = crossProducts && !design.isClustered(); // clustered: covariances come from PSU totals
        boolean twoStage = design.hasSecondStage();
        SufficientStatistics.Builder b = (twoStage ? SufficientStatistics.twoStageBuilder(variables)
            : SufficientStatistics.builder(variables, design.isClustered())).lonelyPsu(design.lonelyPsu())
            .crossProducts(keepCross);
        int strata = design.strataCount();
        if (design.hasFpc()) {
            for (int h = 0; h < strata; h++) {
                double pop = design.stratumPopulation(h);
                if (pop != Double.POSITIVE_INFINITY) {
                    b.stratumPopulation(design.stratumCode(h), pop);
                }
            }
        }
        if (twoStage) {
            for (int p = 0; p < design.psuCount(); p++) {
                b.psuPopulation(design.stratumCode(design.psuStratumIndex(p)), design.psuCode(p), design.ssuPopulation(p));
            }
        }
        double[] w = design.weightArray(); // read only
        Cells cells = new Cells(b, w);
        double[][] data = b.data();
        int[] stride = b.stride();
        double[][] cross = keepCross ? b.crossData() : null;
        int[][] pairs = keepCross ? crossPairs(b.pairIndex()) : new int[0][];
        // rows are cut into one contiguous range per thread; each range is walked in blocks small
        // enough that a block's cell indexes and weights stay in cache while every variable is summed
        int threads = parallel ? RowRanges.count(n, BLOCK) : 1;
        double[][][] partial = new double[threads][][];
        double[][][] partialCross = new double[threads][][];
        int cellCount = cells.rowsCounted ? 0 : cells.table.length;
        double[][] partialRows = new double[threads][];
        RowRanges.forEach(threads, t -> {
            double[][] target = t == 0 ? data : zeroLike(data);
            double[][] crossTarget = t == 0 || cross == null ? cross : zeroLike(cross);
            int[] cellOf = new int[BLOCK];
            double[] rows = new double[3 * cellCount]; // per cell: rows, rows with positive weight, Σw
            int from = RowRanges.start(n, t, threads);
            int to = RowRanges.start(n, t + 1, threads);
            for (int start = from; start < to; start += BLOCK) {
                int end = Math.min(start + BLOCK, to);
                cells.fill(start, end, cellOf);
                if (cellCount > 0) {
                    for (int i = start; i < end; i++) {
                        int c = 3 * cellOf[i - start];
                        rows[c] += 1;
                        rows[c + 1] += w[i] > 0 ? 1 : 0;
                        rows[c + 2] += w[i];
                    }
                }
                for (int j = 0; j < variables.size(); j++) {
                    Variable v = variables.get(j);
                    if (v.isCategorical()) {
                        sumCategorical(v, (byte[]) columns.get(j), target[j], stride[j], cellOf, w, start, end);
                    } else {
                        sumNumeric(v, (double[]) columns.get(j), target[j], stride[j], cellOf, w, start, end);
                    }
                }
                for (int[] pair : pairs) {
                    sumCrossProducts(crossTarget[pair[2]], (byte[]) columns.get(pair[0]), (byte[]) columns.get(pair[1]),
                        variables.get(pair[0]).categoryCount(), variables.get(pair[1]).categoryCount(), cellOf, w,
                        start, end);
                }
            }
            partial[t] = target;
            partialCross[t] = crossTarget;
            partialRows[t] = rows;
        });
        for (int c = 0; c < cellCount; c++) {
            double rows = 0;
            double positive = 0;
            double sumW = 0;
            for (int t = 0; t < threads; t++) {
                rows += partialRows[t][3 * c];
                positive += partialRows[t][3 * c + 1];
                sumW += partialRows[t][3 * c + 2];
            }
            b.addRowsDirect(c, rows, positive, sumW);
        }
        for (int t = 1; t < threads; t++) {
            addInto(data, partial[t]);
            if (cross != null) {
                addInto(cross, partialCross[t]);
            }
        }
        return b.build();
    }

    private static double[][] zeroLike(double[][] a) {
        double[][] z = new double[a.length][];
        for (int j = 0; j < a.length; j++) {
            z[j] = new double[a[j].length];
        }
        return z;
    }

    private static void addInto(double[][] dst, double[][] src) {
        for (int j = 0; j < dst.length; j++) {
            double[] d = dst[j];
            double[] s = src[j];
            for (int x = 0; x < d.length; x++) {
                d[x] += s[x];
            }
        }
    }

    /** The categorical pairs with cross-products: {variable a, variable b, index into the cross data}. */
    private static int[][] crossPairs(int[][] pairIndex) {
        List<int[]> out = new ArrayList<>();
        for (int a = 0; a < pairIndex.length; a++) {
            for (int c = a + 1; c < pairIndex.length; c++) {
                if (pairIndex[a][c] >= 0) {
                    out.add(new int[] {a, c, pairIndex[a][c]});
                }
            }
        }
        return out.toArray(new int[0][]);
    }

    /**
     * The cell of every row, without an array of the rows: cells are (domain, stratum) when
     * unclustered, (domain, PSU) when clustered and (domain, SSU) when the variance has a second
     * stage. The constructor walks the rows once, in order,
     * creating each cell where it first appears (so the layout does not depend on the number of
     * threads) and adding the rows' counts and weights; {@link #fill} then gives a block's cells
     * from small lookup tables.
     */
    private final class Cells {
        /** Beyond this many (domain, group) pairs the table becomes a hash map. */
        private static final int DENSE_LIMIT = 1 << 22;
        private final int[] group;      // per row: SSU index (two-stage), PSU index (clustered) or stratum index
        private final int groups;
        private final int domainMin;
        private final int[] domainDense; // domain code - domainMin -> domain index, or null (sparse codes)
        private final Map<Integer, Integer> domainSparse = new HashMap<>();
        final int[] table;              // domain index * groups + group -> cell, or null when too large
        private final Map<Long, Integer> tableSparse = new HashMap<>();
        /** Whether the constructor counted the rows of each cell (else the parallel pass does). */
        final boolean rowsCounted;

        Cells(SufficientStatistics.Builder b, double[] w) {
            int n = design.size();
            boolean clustered = design.isClustered();
            boolean twoStage = design.hasSecondStage();
            group = twoStage ? design.ssuIndexes() : clustered ? design.psuIndexes() : design.stratumIndexes();
            groups = twoStage ? design.ssuCount() : clustered ? design.psuCount() : design.strataCount();
            int min = 0;
            int max = 0;
            if (domains != null && n > 0) {
                min = Integer.MAX_VALUE;
                max = Integer.MIN_VALUE;
                for (int d : domains) {
                    min = Math.min(min, d);
                    max = Math.max(max, d);
                }
            }
            domainMin = min;
            long span = (long) max - min + 1;
            domainDense = domains != null && span <= DENSE_LIMIT ? new int[(int) span] : null;
            if (domainDense != null) {
                Arrays.fill(domainDense, -1);
            }
            if (domains == null) {
                // indexes of strata and PSUs are in order of first appearance, so are the cells:
                // create them in index order, and let the parallel pass count the rows
                table = new int[groups];
                b.reserve(groups);
                for (int g = 0; g < groups; g++) {
                    table[g] = cellOf(b, 0, g);
                }
                rowsCounted = false;
                return;
            }
            int domainCount = 0;
            for (int i = 0; i < n; i++) {
                if (domainIndexOrNew(domains[i], domainCount) == domainCount) {
                    domainCount++;
                }
            }
            table = (long) domainCount * groups <= DENSE_LIMIT ? new int[domainCount * groups] : null;
            if (table != null) {
                Arrays.fill(table, -1);
            }
            for (int i = 0; i < n; i++) {
                int d = domainIndex(domains[i]);
                int g = group[i];
                int c = lookup(d, g);
                if (c < 0) {
                    c = cellOf(b, domains[i], g);
                    if (table != null) {
                        table[d * groups + g] = c;
                    } else {
                        tableSparse.put((long) d * groups + g, c);
                    }
                }
                b.addRowsDirect(c, 1, w[i] > 0 ? 1 : 0, w[i]);
            }
            rowsCounted = true;
        }

        /** Creates the cell of group {@code g} (SSU, PSU or stratum index) in a domain. */
        private int cellOf(SufficientStatistics.Builder b, int domain, int g) {
            if (design.hasSecondStage()) {
                int p = design.ssuPsuIndex(g);
                return b.cell(domain, design.stratumCode(design.psuStratumIndex(p)), design.psuCode(p), design.ssuCode(g));
            }
            if (design.isClustered()) {
                return b.cell(domain, design.stratumCode(design.psuStratumIndex(g)), design.psuCode(g));
            }
            return b.cell(domain, design.stratumCode(g), 0);
        }

        private int domainIndexOrNew(int code, int next) {
            if (domainDense != null) {
                int x = domainDense[code - domainMin];
                if (x < 0) {
                    domainDense[code - domainMin] = next;
                    return next;
                }
                return x;
            }
            return domainSparse.computeIfAbsent(code, c -> next);
        }

        private int domainIndex(int code) {
            return domainDense != null ? domainDense[code - domainMin] : domainSparse.get(code);
        }

        private int lookup(int d, int g) {
            if (table != null) {
                return table[d * groups + g];
            }
            Integer c = tableSparse.get((long) d * groups + g);
            return c == null ? -1 : c;
        }

        /** Writes the cells of rows {@code from..to-1} to {@code out[0..to-from-1]}. */
        void fill(int from, int to, int[] out) {
            if (domains == null && table != null) {
                for (int i = from; i < to; i++) {
                    out[i - from] = table[group[i]];
                }
            } else if (domainDense != null && table != null) {
                for (int i = from; i < to; i++) {
                    out[i - from] = table[domainDense[domains[i] - domainMin] * groups + group[i]];
                }
            } else {
                for (int i = from; i < to; i++) {
                    out[i - from] = lookup(domains == null ? 0 : domainIndex(domains[i]), group[i]);
                }
            }
        }
    }

    private static void sumCategorical(Variable v, byte[] codes, double[] d, int stride, int[] cellOf, double[] w,
                                       int from, int to) {
        int k = v.categoryCount();
        int ex = 3 * k;
        for (int i = from; i < to; i++) {
            int code = codes[i];
            int base = cellOf[i - from] * stride;
            if (code >= 0) {
                if (code >= k) {
                    throw new IllegalArgumentException("variable " + v.name() + " row " + i + ": code " + code
                        + " is outside the categories 0.." + (k - 1));
                }
                double wi = w[i];
                int o = base + 3 * code;
                d[o] += 1;
                d[o + 1] += wi;
                d[o + 2] += wi * wi;
            } else {
                if (code < -SufficientStatistics.REASONS) {
                    throw new IllegalArgumentException("variable " + v.name() + " row " + i + ": code " + code
                        + " is neither a category 0.." + (k - 1) + " nor an exclusion -1..-" + SufficientStatistics.REASONS);
                }
                d[base + ex - 1 - code] += 1;
            }
        }
    }

    private static void sumNumeric(Variable v, double[] values, double[] d, int stride, int[] cellOf, double[] w,
                                   int from, int to) {
        for (int i = from; i < to; i++) {
            double y = values[i];
            int base = cellOf[i - from] * stride;
            if (Double.isNaN(y)) {
                d[base + SufficientStatistics.NUMERIC_SUMS + Exclusion.MISSING.ordinal()] += 1;
                continue;
            }
            if (Double.isInfinite(y)) {
                throw new IllegalArgumentException("variable " + v.name() + " row " + i + " is " + y + "; must be finite"
                    + " (NaN for missing)");
            }
            double wi = w[i];
            double wy = wi * y;
            d[base + SufficientStatistics.N] += 1;
            d[base + SufficientStatistics.W] += wi;
            d[base + SufficientStatistics.WY] += wy;
            d[base + SufficientStatistics.WY2] += wy * y;
            d[base + SufficientStatistics.W2] += wi * wi;
            d[base + SufficientStatistics.W2Y] += wi * wy;
            d[base + SufficientStatistics.W2Y2] += wy * wy;
        }
    }

    private static void sumCrossProducts(double[] x, byte[] ca, byte[] cb, int ka, int kb, int[] cellOf, double[] w,
                                         int from, int to) {
        int block = ka * kb;
        for (int i = from; i < to; i++) {
            if (ca[i] >= 0 && cb[i] >= 0) {
                x[cellOf[i - from] * block + ca[i] * kb + cb[i]] += w[i] * w[i];
            }
        }
    }
}
