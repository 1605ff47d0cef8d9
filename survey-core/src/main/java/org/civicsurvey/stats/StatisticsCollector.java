package org.civicsurvey.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Fills {@link SufficientStatistics} in one pass over primitive columns: categorical columns are
 * {@code byte[]} of category codes (0 .. k-1, the index into {@link Variable#categories()}) with
 * exclusions as negative {@link Exclusion#code()}s; numeric columns are {@code double[]} with
 * {@code NaN} for a missing answer. Rows are summed in parallel ranges (one per core, partial sums
 * added at the end), each walked in cache-sized blocks across all variables.
 * Obtain one from {@link SufficientStatistics#collector(SurveyDesign, int[])}.
 */
public final class StatisticsCollector {
    private static final int BLOCK = 4096;
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
        if (design.hasSecondStage()) {
            throw new IllegalArgumentException("sufficient statistics hold one-stage designs; this design has a second"
                + " stage in its variance: estimate it from rows with Estimator");
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
        SufficientStatistics.Builder b = SufficientStatistics.builder(variables, design.isClustered())
            .lonelyPsu(design.lonelyPsu()).crossProducts(crossProducts && !design.isClustered());
        if (crossProducts && design.isClustered()) {
            // clustered statistics get covariances from PSU totals; nothing extra to keep
            crossProducts = false;
        }
        int strata = design.strataCount();
        if (design.hasFpc()) {
            for (int h = 0; h < strata; h++) {
                double pop = design.stratumPopulation(h);
                if (pop != Double.POSITIVE_INFINITY) {
                    b.stratumPopulation(design.stratumCode(h), pop);
                }
            }
        }
        int[] cellOf = cells(b, n);
        double[] w = design.weightArray(); // read only
        for (int i = 0; i < n; i++) {
            b.addRowsDirect(cellOf[i], 1, w[i] > 0 ? 1 : 0, w[i]);
        }
        double[][] data = b.data();
        int[] stride = b.stride();
        // rows are cut into one contiguous range per thread; each range is walked in blocks small
        // enough that a block's cell indexes and weights stay in cache while every variable is summed
        int threads = parallel ? Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), n / BLOCK)) : 1;
        double[][][] partial = new double[threads][][];
        IntStream ranges = IntStream.range(0, threads);
        if (threads > 1) {
            ranges = ranges.parallel();
        }
        ranges.forEach(t -> {
            double[][] target = data;
            if (t > 0) {
                target = new double[data.length][];
                for (int j = 0; j < data.length; j++) {
                    target[j] = new double[data[j].length];
                }
            }
            int from = (int) ((long) n * t / threads);
            int to = (int) ((long) n * (t + 1) / threads);
            for (int start = from; start < to; start += BLOCK) {
                int end = Math.min(start + BLOCK, to);
                for (int j = 0; j < variables.size(); j++) {
                    Variable v = variables.get(j);
                    if (v.isCategorical()) {
                        sumCategorical(v, (byte[]) columns.get(j), target[j], stride[j], cellOf, w, start, end);
                    } else {
                        sumNumeric(v, (double[]) columns.get(j), target[j], stride[j], cellOf, w, start, end);
                    }
                }
            }
            partial[t] = target;
        });
        for (int t = 1; t < threads; t++) {
            for (int j = 0; j < data.length; j++) {
                double[] src = partial[t][j];
                double[] dst = data[j];
                for (int x = 0; x < src.length; x++) {
                    dst[x] += src[x];
                }
            }
        }
        if (crossProducts) {
            sumCrossProducts(b, cellOf, w);
        }
        return b.build();
    }

    private int[] cells(SufficientStatistics.Builder b, int n) {
        int[] dIdx = new int[n];
        int dCount;
        int[] dCodes;
        if (domains == null) {
            dCount = 1;
            dCodes = new int[] {0};
        } else {
            Map<Integer, Integer> map = new HashMap<>();
            int[] codes = new int[16];
            int last = Integer.MIN_VALUE;
            int lastIdx = -1;
            for (int i = 0; i < n; i++) {
                int d = domains[i];
                if (d != last) {
                    Integer k = map.get(d);
                    if (k == null) {
                        k = map.size();
                        map.put(d, k);
                        if (k == codes.length) {
                            codes = Arrays.copyOf(codes, 2 * k);
                        }
                        codes[k] = d;
                    }
                    last = d;
                    lastIdx = k;
                }
                dIdx[i] = lastIdx;
            }
            dCount = map.size();
            dCodes = codes;
        }
        int[] cellOf = dIdx; // reused in place
        if (!design.isClustered()) {
            int strata = design.strataCount();
            int[] table = new int[dCount * strata];
            Arrays.fill(table, -1);
            int[] stratumOf = design.stratumIndexes();
            for (int i = 0; i < n; i++) {
                int key = dIdx[i] * strata + stratumOf[i];
                int c = table[key];
                if (c < 0) {
                    c = b.cell(dCodes[dIdx[i]], design.stratumCode(stratumOf[i]), 0);
                    table[key] = c;
                }
                cellOf[i] = c;
            }
        } else {
            int psus = design.psuCount();
            int[] psuOf = design.psuIndexes();
            Map<Long, Integer> map = new HashMap<>();
            for (int i = 0; i < n; i++) {
                int p = psuOf[i];
                long key = (long) dIdx[i] * psus + p;
                Integer c = map.get(key);
                if (c == null) {
                    int h = design.stratumIndex(i);
                    c = b.cell(dCodes[dIdx[i]], design.stratumCode(h), design.psuCode(p));
                    map.put(key, c);
                }
                cellOf[i] = c;
            }
        }
        return cellOf;
    }

    private static void sumCategorical(Variable v, byte[] codes, double[] d, int stride, int[] cellOf, double[] w,
                                       int from, int to) {
        int k = v.categoryCount();
        int ex = 3 * k;
        for (int i = from; i < to; i++) {
            int code = codes[i];
            int base = cellOf[i] * stride;
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
            int base = cellOf[i] * stride;
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

    private void sumCrossProducts(SufficientStatistics.Builder b, int[] cellOf, double[] w) {
        double[][] cross = b.crossData();
        int[][] pairs = b.pairIndex();
        int k = variables.size();
        List<int[]> todo = new ArrayList<>();
        for (int a = 0; a < k; a++) {
            for (int c = a + 1; c < k; c++) {
                if (pairs[a][c] >= 0) {
                    todo.add(new int[] {a, c});
                }
            }
        }
        IntStream tasks = IntStream.range(0, todo.size());
        if (parallel) {
            tasks = tasks.parallel();
        }
        tasks.forEach(t -> {
            int a = todo.get(t)[0];
            int c = todo.get(t)[1];
            byte[] ca = (byte[]) columns.get(a);
            byte[] cb = (byte[]) columns.get(c);
            int kb = variables.get(c).categoryCount();
            int block = variables.get(a).categoryCount() * kb;
            double[] x = cross[pairs[a][c]];
            for (int i = 0; i < ca.length; i++) {
                if (ca[i] >= 0 && cb[i] >= 0) {
                    x[cellOf[i] * block + ca[i] * kb + cb[i]] += w[i] * w[i];
                }
            }
        });
    }
}
