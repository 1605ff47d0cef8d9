package org.civicsurvey.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntUnaryOperator;

/**
 * Mergeable sufficient statistics of a survey: per cell (domain, stratum, PSU) and per
 * {@link Variable}, plain sums from which every estimate of {@link Estimator} follows exactly as
 * R's {@code survey} package computes it on the full design.
 *
 * <p><b>Cells.</b> Every sampled row belongs to exactly one domain (an int code; the finest
 * grouping you will want, e.g. province x service x quarter; coarser groupings come from
 * {@link #collapseDomains(IntUnaryOperator)}). In a <em>clustered</em> layout a cell is
 * (domain, stratum, PSU). In an <em>unclustered</em> layout (every row its own PSU) the PSU is
 * always 0 and a cell is (domain, stratum): the variance then follows from per-stratum moments
 * (sums of w, w², w²y, w²y²) and memory grows with domains x strata, never with respondents.
 *
 * <p><b>Sums per cell</b>: rows, rows with positive weight, Σw over all rows; per categorical
 * variable and category: answers, Σw, Σw²; per numeric variable: answers, Σw, Σwy, Σwy², Σw²,
 * Σw²y, Σw²y²; per variable: excluded answers by {@link Exclusion}; optionally (unclustered only)
 * for every pair of categorical variables a and b and categories i, j: Σw² 1[a=i] 1[b=j] over
 * rows that answered both, which gives covariances between items.
 *
 * <p><b>Merging</b> adds the sums cell by cell, so it is associative and commutative and
 * {@code a.merge(b)} equals the statistics of the union of the rows (up to floating-point
 * summation order), provided the same PSU is not split across the two parts with different
 * design information. Design information (clustered or not, lonely-PSU policy, stratum
 * population sizes) must be equal to merge.
 *
 * <p><b>Design quantities</b> come from all cells: the number of PSUs of stratum h
 * ({@code n_h}) is the number of distinct (stratum, PSU) cells (unclustered: the rows of the
 * stratum), so the cells must cover the whole sample, not only the domains of interest; the
 * finite population correction is {@code 1 - n_h/N_h} with {@code N_h} from
 * {@link Builder#stratumPopulation(int, double)}. How to fill these sums with SQL:
 * {@code docs/estimation.md}.
 *
 * <p><b>Two stages.</b> When the second stage enters the variance (R's
 * {@code svydesign(id = ~psu + ssu, fpc = ~fpc1 + fpc2)}; {@link #twoStageBuilder(List)}), a cell
 * is (domain, stratum, PSU, SSU) and each PSU carries its population of SSUs {@code M}
 * ({@link Builder#psuPopulation(int, long, double)}). The SSUs sampled in a PSU ({@code m}) are
 * the distinct SSU cells of the PSU, over all domains. The variance adds to the first stage's, for
 * each PSU of stratum h, {@code (n_h/N_h) (1 - m/M) m/(m-1) sum_q (u_q - mean u)(u_q - mean u)'}
 * over its SSU totals {@code u_q}, as R's {@code svyrecvar}; a PSU with one SSU follows the
 * {@link LonelyPsu} policy as {@link SurveyDesign} does. Memory grows with the SSUs instead of the
 * PSUs; merging is unchanged.
 */
public final class SufficientStatistics {
    /** Offsets inside a numeric variable's block. */
    static final int N = 0;
    static final int W = 1;
    static final int WY = 2;
    static final int WY2 = 3;
    static final int W2 = 4;
    static final int W2Y = 5;
    static final int W2Y2 = 6;
    static final int NUMERIC_SUMS = 7;
    static final int REASONS = Exclusion.values().length;

    private final List<Variable> variables;
    private final Map<String, Integer> variableIndex;
    private final boolean clustered;
    private final boolean twoStage;
    private final boolean crossProducts;
    private final LonelyPsu lonelyPsu;
    private final Map<Integer, Double> population;
    private final Map<UnitKey, Double> psuPopulation;
    // cells
    final int cells;
    final int[] cellDomain;
    final int[] cellStratum;
    final long[] cellPsu;
    final long[] cellSsu;       // null in a one-stage layout
    final double[] cellRows;
    final double[] cellPositiveRows;
    final double[] cellSumW;
    final double[][] data;      // per variable: cells x stride
    final int[] stride;
    final double[][] cross;     // per categorical pair (a < b): cells x (Ka*Kb); null if absent
    final int[][] pairIndex;    // [a][b] -> index into cross, or -1
    // derived design quantities
    final int[] cellStratumIndex;
    final int[] cellPsuIndex;   // distinct (stratum, psu) index
    final int[] strataCodes;
    final double[] psusInStratum;
    final int[] psuStratumIndex;
    final int degreesOfFreedom;
    // two-stage layout only (null otherwise)
    final int[] cellSsuIndex;   // distinct (stratum, psu, ssu) index
    final int[] ssuPsuIndex;    // ssu index -> psu index
    final int[] ssusInPsu;      // psu index -> SSUs sampled in it (m)
    final double[] psuSsuPopulation; // psu index -> SSUs in its population (M)

    private SufficientStatistics(List<Variable> variables, boolean clustered, boolean twoStage, boolean crossProducts,
                                 LonelyPsu lonelyPsu, Map<Integer, Double> population, Map<UnitKey, Double> psuPopulation,
                                 int cells, int[] cellDomain, int[] cellStratum, long[] cellPsu, long[] cellSsu,
                                 double[] rows, double[] positiveRows, double[] sumW, double[][] data, double[][] cross) {
        this.variables = List.copyOf(variables);
        this.variableIndex = SumsChecks.indexOf(this.variables);
        this.clustered = clustered;
        this.twoStage = twoStage;
        this.crossProducts = crossProducts;
        this.lonelyPsu = lonelyPsu;
        this.population = Map.copyOf(population);
        this.psuPopulation = Map.copyOf(psuPopulation);
        this.cells = cells;
        this.cellDomain = cellDomain;
        this.cellStratum = cellStratum;
        this.cellPsu = cellPsu;
        this.cellSsu = cellSsu;
        this.cellRows = rows;
        this.cellPositiveRows = positiveRows;
        this.cellSumW = sumW;
        this.data = data;
        this.stride = strides(this.variables);
        this.cross = cross;
        this.pairIndex = pairs(this.variables, crossProducts);
        // strata and PSUs
        TreeMap<Integer, Integer> strata = new TreeMap<>();
        for (int c = 0; c < cells; c++) {
            strata.put(cellStratum[c], 0);
        }
        strataCodes = new int[strata.size()];
        int h = 0;
        for (Map.Entry<Integer, Integer> e : strata.entrySet()) {
            e.setValue(h);
            strataCodes[h++] = e.getKey();
        }
        cellStratumIndex = new int[cells];
        cellPsuIndex = new int[cells];
        psusInStratum = new double[strataCodes.length];
        List<Map<Long, Integer>> psuByStratum = new ArrayList<>();
        for (int i = 0; i < strataCodes.length; i++) {
            psuByStratum.add(new HashMap<>());
        }
        List<Integer> psuStratum = new ArrayList<>();
        boolean[] positivePsu = new boolean[cells];
        for (int c = 0; c < cells; c++) {
            int s = strata.get(cellStratum[c]);
            cellStratumIndex[c] = s;
            Integer p = psuByStratum.get(s).get(cellPsu[c]);
            if (p == null) {
                p = psuStratum.size();
                psuByStratum.get(s).put(cellPsu[c], p);
                psuStratum.add(s);
            }
            cellPsuIndex[c] = p;
            if (!clustered) {
                psusInStratum[s] += rows[c];
            }
            if (cellPositiveRows[c] > 0) {
                positivePsu[p] = true;
            }
        }
        psuStratumIndex = new int[psuStratum.size()];
        for (int p = 0; p < psuStratumIndex.length; p++) {
            psuStratumIndex[p] = psuStratum.get(p);
        }
        boolean[] positiveStratum = new boolean[strataCodes.length];
        int df = 0;
        if (clustered) {
            for (int p = 0; p < psuStratumIndex.length; p++) {
                psusInStratum[psuStratumIndex[p]]++;
                if (positivePsu[p]) {
                    df++;
                    positiveStratum[psuStratumIndex[p]] = true;
                }
            }
        } else {
            for (int c = 0; c < cells; c++) {
                df += (int) cellPositiveRows[c];
                if (cellPositiveRows[c] > 0) {
                    positiveStratum[cellStratumIndex[c]] = true;
                }
            }
        }
        for (boolean b : positiveStratum) {
            df -= b ? 1 : 0;
        }
        degreesOfFreedom = df;
        if (!twoStage) {
            cellSsuIndex = null;
            ssuPsuIndex = null;
            ssusInPsu = null;
            psuSsuPopulation = null;
            return;
        }
        // SSUs: distinct (psu index, ssu code); their count per PSU is m, whatever the domains
        int psus = psuStratumIndex.length;
        Map<UnitKey, Integer> ssuIndex = new HashMap<>();
        List<Integer> ssuPsu = new ArrayList<>();
        cellSsuIndex = new int[cells];
        ssusInPsu = new int[psus];
        psuSsuPopulation = new double[psus];
        for (int c = 0; c < cells; c++) {
            int p = cellPsuIndex[c];
            Integer q = ssuIndex.get(new UnitKey(p, cellSsu[c]));
            if (q == null) {
                q = ssuPsu.size();
                ssuIndex.put(new UnitKey(p, cellSsu[c]), q);
                ssuPsu.add(p);
                ssusInPsu[p]++;
                psuSsuPopulation[p] = psuPopulation.get(new UnitKey(cellStratum[c], cellPsu[c]));
            }
            cellSsuIndex[c] = q;
        }
        ssuPsuIndex = ssuPsu.stream().mapToInt(Integer::intValue).toArray();
    }

    static int[] strides(List<Variable> variables) {
        int[] s = new int[variables.size()];
        for (int j = 0; j < s.length; j++) {
            Variable v = variables.get(j);
            s[j] = (v.isCategorical() ? 3 * v.categoryCount() : NUMERIC_SUMS) + REASONS;
        }
        return s;
    }

    static int exclusionOffset(Variable v) {
        return v.isCategorical() ? 3 * v.categoryCount() : NUMERIC_SUMS;
    }

    static int[][] pairs(List<Variable> variables, boolean crossProducts) {
        int k = variables.size();
        int[][] idx = new int[k][k];
        int next = 0;
        for (int a = 0; a < k; a++) {
            Arrays.fill(idx[a], -1);
            for (int b = a + 1; b < k; b++) {
                if (crossProducts && variables.get(a).isCategorical() && variables.get(b).isCategorical()) {
                    idx[a][b] = next++;
                }
            }
        }
        return idx;
    }

    static int pairCount(int[][] pairIndex) {
        int n = 0;
        for (int[] row : pairIndex) {
            for (int v : row) {
                n += v >= 0 ? 1 : 0;
            }
        }
        return n;
    }

    /**
     * Starts statistics to be filled from sums computed elsewhere (e.g. SQL {@code GROUP BY}).
     *
     * @param variables the variables, with unique names
     * @param clustered true to keep one cell per PSU; false when every row is its own PSU
     * @return a builder
     */
    public static Builder builder(List<Variable> variables, boolean clustered) {
        return new Builder(variables, clustered, false);
    }

    /**
     * Starts statistics of a two-stage design whose second stage enters the variance (R's
     * {@code svydesign(id = ~psu + ssu, fpc = ~fpc1 + fpc2)}): one cell per (domain, stratum,
     * PSU, SSU), added with the {@code add} methods that take an SSU, and each PSU's population of
     * SSUs declared with {@link Builder#psuPopulation(int, long, double)}.
     *
     * @param variables the variables, with unique names
     * @return a builder
     */
    public static Builder twoStageBuilder(List<Variable> variables) {
        return new Builder(variables, true, true);
    }

    /**
     * Starts a one-pass collection over primitive columns in memory.
     *
     * @param design a design (its strata, PSUs, SSUs when its variance has a second stage, and
     *     fpc are used; the first-stage fpc must be constant within each stratum, the second-stage
     *     fpc within each PSU)
     * @param domains the domain code of each row, or {@code null} for a single domain 0
     * @return a collector
     */
    public static StatisticsCollector collector(SurveyDesign design, int[] domains) {
        return new StatisticsCollector(design, domains);
    }

    /** @return the variables, in layout order */
    public List<Variable> variables() {
        return variables;
    }

    /**
     * @param name a variable name
     * @return the variable
     * @throws IllegalArgumentException if there is no such variable
     */
    public Variable variable(String name) {
        return variables.get(index(name));
    }

    int index(String name) {
        return SumsChecks.index(variableIndex, name, " in these statistics");
    }

    /** @return whether cells are per PSU (false: per stratum, every row its own PSU) */
    public boolean isClustered() {
        return clustered;
    }

    /**
     * @return whether cells are per SSU and the variance has R's second-stage term
     *     ({@link #twoStageBuilder(List)})
     */
    public boolean isTwoStage() {
        return twoStage;
    }

    /** @return whether cross-products between categorical variables are kept */
    public boolean hasCrossProducts() {
        return crossProducts;
    }

    /** @return the lonely-PSU policy */
    public LonelyPsu lonelyPsu() {
        return lonelyPsu;
    }

    /** @return population size (number of PSUs) per stratum code; strata absent have no fpc */
    public Map<Integer, Double> stratumPopulations() {
        return population;
    }

    /** @return the number of cells */
    public int cellCount() {
        return cells;
    }

    /** @return the domain codes present, ascending */
    public int[] domains() {
        TreeSet<Integer> set = new TreeSet<>();
        for (int d : cellDomain) {
            set.add(d);
        }
        return set.stream().mapToInt(Integer::intValue).toArray();
    }

    /** @return the number of rows summed */
    public long rows() {
        return SumsChecks.total(cellRows);
    }

    /** @return the design degrees of freedom: PSUs with positive weight minus strata, as R's {@code degf} */
    public int degreesOfFreedom() {
        return degreesOfFreedom;
    }

    /**
     * The statistics with domain codes mapped (e.g. province x service to province) and cells
     * that fall together merged.
     *
     * @param mapping new domain code for each old code
     * @return new statistics
     */
    public SufficientStatistics collapseDomains(IntUnaryOperator mapping) {
        Objects.requireNonNull(mapping, "mapping");
        Builder b = emptyLike();
        b.addAll(this, mapping);
        return b.build();
    }

    /**
     * Adds another part of the same survey (associative and commutative).
     *
     * @param other statistics with the same variables and design information
     * @return the statistics of the union
     */
    public SufficientStatistics merge(SufficientStatistics other) {
        Objects.requireNonNull(other, "other");
        if (!variables.equals(other.variables)) {
            throw new IllegalArgumentException("cannot merge statistics of different variables: " + variables + " and "
                + other.variables);
        }
        if (clustered != other.clustered || twoStage != other.twoStage || crossProducts != other.crossProducts
            || lonelyPsu != other.lonelyPsu) {
            throw new IllegalArgumentException("cannot merge statistics with different layouts: clustered " + clustered
                + "/" + other.clustered + ", twoStage " + twoStage + "/" + other.twoStage + ", crossProducts "
                + crossProducts + "/" + other.crossProducts + ", lonelyPsu " + lonelyPsu + "/" + other.lonelyPsu);
        }
        Builder b = emptyLike();
        for (Map.Entry<Integer, Double> e : other.population.entrySet()) {
            b.stratumPopulation(e.getKey(), e.getValue());
        }
        for (Map.Entry<UnitKey, Double> e : other.psuPopulation.entrySet()) {
            b.psuPopulation(e.getKey().parent(), e.getKey().code(), e.getValue());
        }
        b.addAll(this, IntUnaryOperator.identity());
        b.addAll(other, IntUnaryOperator.identity());
        return b.build();
    }

    private Builder emptyLike() {
        Builder b = new Builder(variables, clustered, twoStage).crossProducts(crossProducts).lonelyPsu(lonelyPsu);
        for (Map.Entry<Integer, Double> e : population.entrySet()) {
            b.stratumPopulation(e.getKey(), e.getValue());
        }
        for (Map.Entry<UnitKey, Double> e : psuPopulation.entrySet()) {
            b.psuPopulation(e.getKey().parent(), e.getKey().code(), e.getValue());
        }
        return b;
    }

    /**
     * The number of valid answers in each category of a categorical variable in one domain (e.g.
     * A-11's quarterly counts per scale point).
     *
     * @param variable a categorical variable's name
     * @param domain a domain code
     * @return one count per category, in category order (zeros for an absent domain)
     */
    public long[] categoryCounts(String variable, int domain) {
        int j = index(variable);
        Variable v = variables.get(j);
        if (!v.isCategorical()) {
            throw new IllegalArgumentException("variable " + variable + " is numeric; it has no categories");
        }
        long[] out = new long[v.categoryCount()];
        for (int c = 0; c < cells; c++) {
            if (cellDomain[c] == domain) {
                int base = c * stride[j];
                for (int k = 0; k < out.length; k++) {
                    out[k] += (long) data[j][base + 3 * k];
                }
            }
        }
        return out;
    }

    /**
     * @param variable a variable's name
     * @param domain a domain code
     * @return the answers to it left out in that domain, by reason
     */
    public Exclusions excluded(String variable, int domain) {
        int j = index(variable);
        int off = exclusionOffset(variables.get(j));
        long[] out = new long[REASONS];
        for (int c = 0; c < cells; c++) {
            if (cellDomain[c] == domain) {
                for (int r = 0; r < REASONS; r++) {
                    out[r] += (long) data[j][c * stride[j] + off + r];
                }
            }
        }
        return Exclusions.of(out);
    }

    @Override
    public String toString() {
        return "SufficientStatistics[variables=" + variables.size() + ", cells=" + cells + ", clustered=" + clustered
            + (twoStage ? ", twoStage=true" : "") + ", crossProducts=" + crossProducts + ", rows=" + rows() + ", df=" + degreesOfFreedom + "]";
    }

    /**
     * Fills statistics from sums computed elsewhere. Every {@code add} adds to what the cell
     * already holds, so rows may arrive in any order and split in any way. In an unclustered
     * layout the {@code psu} argument is ignored (use 0). In a two-stage layout
     * ({@link SufficientStatistics#twoStageBuilder(List)}) every cell names its SSU: use the
     * {@code add} methods that take one; in the other layouts those methods ignore it.
     */
    public static final class Builder {
        private final List<Variable> variables;
        private final Map<String, Integer> variableIndex;
        private final boolean clustered;
        private final boolean twoStage;
        private boolean crossProducts;
        private LonelyPsu lonelyPsu = LonelyPsu.FAIL;
        private final Map<Integer, Double> population = new LinkedHashMap<>();
        private final Map<UnitKey, Double> psuPopulation = new LinkedHashMap<>();
        private final Map<CellKey, Integer> cellIndex = new HashMap<>();
        private final List<CellKey> keys = new ArrayList<>();
        /**
         * The cell and the variable the last call found, looked at first: sums computed elsewhere
         * usually arrive cell after cell, each cell's variable after variable.
         */
        private int lastCell = -1;
        private String lastVariable;
        private int lastVariableIndex;
        private double[] rows = new double[16];
        private double[] positiveRows = new double[16];
        private double[] sumW = new double[16];
        private final double[][] data;
        private final int[] stride;
        private double[][] cross;
        private int[][] pairIndex;

        Builder(List<Variable> variables, boolean clustered, boolean twoStage) {
            Objects.requireNonNull(variables, "variables");
            this.variables = List.copyOf(variables);
            if (this.variables.isEmpty()) {
                throw new IllegalArgumentException("variables is empty");
            }
            this.variableIndex = SumsChecks.indexOf(this.variables);
            this.clustered = clustered;
            this.twoStage = twoStage;
            this.stride = strides(this.variables);
            this.data = new double[this.variables.size()][];
            for (int j = 0; j < data.length; j++) {
                data[j] = new double[16 * stride[j]];
            }
            this.pairIndex = pairs(this.variables, false);
        }

        /**
         * Keeps Σw² 1[a=i] 1[b=j] for every pair of categorical variables (unclustered layouts
         * only), needed for covariances between items (an element's average of items).
         *
         * @param keep whether to keep cross-products
         * @return this builder
         */
        public Builder crossProducts(boolean keep) {
            if (keep && clustered) {
                throw new IllegalArgumentException("cross-products are only needed (and kept) in an unclustered layout;"
                    + " clustered statistics get covariances from PSU totals");
            }
            if (keep != crossProducts) {
                if (!keys.isEmpty()) {
                    throw new IllegalStateException("set crossProducts before adding cells");
                }
                crossProducts = keep;
                pairIndex = pairs(variables, keep);
                cross = keep ? new double[pairCount(pairIndex)][] : null;
                if (keep) {
                    int q = 0;
                    for (int a = 0; a < variables.size(); a++) {
                        for (int b = a + 1; b < variables.size(); b++) {
                            if (pairIndex[a][b] >= 0) {
                                cross[q++] = new double[rows.length * variables.get(a).categoryCount()
                                    * variables.get(b).categoryCount()];
                            }
                        }
                    }
                }
            }
            return this;
        }

        /**
         * @param policy the lonely-PSU policy (default {@link LonelyPsu#FAIL})
         * @return this builder
         */
        public Builder lonelyPsu(LonelyPsu policy) {
            this.lonelyPsu = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Declares a stratum's population size in PSUs (units when unclustered) for the finite
         * population correction; strata never declared have none.
         *
         * @param stratum stratum code
         * @param populationSize {@code N_h}, {@code >= 1} or {@code +Infinity}
         * @return this builder
         */
        public Builder stratumPopulation(int stratum, double populationSize) {
            if (!(populationSize >= 1)) {
                throw new IllegalArgumentException("population size of stratum " + stratum + " is " + populationSize
                    + "; must be >= 1 (or +Infinity for no fpc)");
            }
            Double prev = population.putIfAbsent(stratum, populationSize);
            if (prev != null && prev != populationSize) {
                throw new IllegalArgumentException("stratum " + stratum + " has two population sizes: " + prev + " and "
                    + populationSize);
            }
            return this;
        }

        /**
         * Declares the population size in SSUs of a PSU (R's second-stage fpc as a population
         * size), for a two-stage layout, where every PSU needs one.
         *
         * @param stratum stratum code
         * @param psu PSU code
         * @param ssuPopulation {@code M}, {@code >= 1} (at least the SSUs sampled in the PSU) or
         *     {@code +Infinity} for no second-stage correction
         * @return this builder
         */
        public Builder psuPopulation(int stratum, long psu, double ssuPopulation) {
            if (!twoStage) {
                throw new IllegalStateException("a PSU's population of SSUs is a second-stage fpc; only statistics from"
                    + " SufficientStatistics.twoStageBuilder have a second stage");
            }
            if (!(ssuPopulation >= 1)) {
                throw new IllegalArgumentException("population size in SSUs of PSU " + psu + " (stratum " + stratum
                    + ") is " + ssuPopulation + "; must be >= 1 (or +Infinity for no fpc)");
            }
            Double prev = psuPopulation.putIfAbsent(new UnitKey(stratum, psu), ssuPopulation);
            if (prev != null && prev != ssuPopulation) {
                throw new IllegalArgumentException("PSU " + psu + " (stratum " + stratum + ") has two populations of SSUs: "
                    + prev + " and " + ssuPopulation);
            }
            return this;
        }

        int cell(int domain, int stratum, long psu) {
            if (twoStage) {
                throw new IllegalStateException("statistics of a two-stage design have one cell per SSU: use the add"
                    + " methods that take an ssu");
            }
            return cell(domain, stratum, psu, 0);
        }

        int cell(int domain, int stratum, long psu, long ssu) {
            long p = clustered ? psu : 0;
            long q = twoStage ? ssu : 0;
            if (lastCell >= 0) {
                CellKey last = keys.get(lastCell);
                if (last.domain == domain && last.stratum == stratum && last.psu == p && last.ssu == q) {
                    return lastCell;
                }
            }
            CellKey key = new CellKey(domain, stratum, p, q);
            Integer c = cellIndex.get(key);
            if (c == null) {
                c = keys.size();
                cellIndex.put(key, c);
                keys.add(key);
                if (c == rows.length) {
                    grow(2 * c);
                }
            }
            lastCell = c;
            return c;
        }

        /** Makes room for {@code cells} cells at once (the collector knows how many it will add). */
        void reserve(int cells) {
            if (cells > rows.length) {
                grow(cells);
            }
        }

        private void grow(int cap) {
            int old = rows.length;
            rows = Arrays.copyOf(rows, cap);
            positiveRows = Arrays.copyOf(positiveRows, cap);
            sumW = Arrays.copyOf(sumW, cap);
            for (int j = 0; j < data.length; j++) {
                data[j] = Arrays.copyOf(data[j], cap * stride[j]);
            }
            if (cross != null) {
                for (int q = 0; q < cross.length; q++) {
                    cross[q] = Arrays.copyOf(cross[q], cap * (cross[q].length / old));
                }
            }
        }

        private int variable(String name) {
            if (lastVariable == null || !lastVariable.equals(name)) {
                lastVariableIndex = SumsChecks.index(variableIndex, name, "");
                lastVariable = name;
            }
            return lastVariableIndex;
        }

        /** The cell of (domain, stratum, psu) and, when {@code withSsu}, the SSU (a two-stage layout needs one). */
        private int cell(int domain, int stratum, long psu, long ssu, boolean withSsu) {
            return withSsu ? cell(domain, stratum, psu, ssu) : cell(domain, stratum, psu);
        }

        /**
         * Adds the rows of a cell: every sampled row must be counted in exactly one cell, whether
         * or not it answered anything.
         *
         * @param domain domain code
         * @param stratum stratum code
         * @param psu PSU code (ignored when unclustered)
         * @param rowCount number of rows
         * @param positiveWeightRows rows with weight &gt; 0
         * @param sumWeights Σw over the rows
         * @return this builder
         * @throws IllegalStateException in a two-stage layout (give the SSU)
         */
        public Builder addCell(int domain, int stratum, long psu, long rowCount, long positiveWeightRows, double sumWeights) {
            return addCell(domain, stratum, psu, 0, false, rowCount, positiveWeightRows, sumWeights);
        }

        /**
         * As {@link #addCell(int, int, long, long, long, double)},
         * in the cell of an SSU: the cells of a two-stage layout
         * ({@link SufficientStatistics#twoStageBuilder(List)}) need one.
         *
         * @param ssu SSU code, unique within its PSU (ignored unless two-stage); the other
         *     parameters as the method without it
         * @return this builder
         */
        public Builder addCell(int domain, int stratum, long psu, long ssu, long rowCount, long positiveWeightRows,
                               double sumWeights) {
            return addCell(domain, stratum, psu, ssu, true, rowCount, positiveWeightRows, sumWeights);
        }

        private Builder addCell(int domain, int stratum, long psu, long ssu, boolean withSsu, long rowCount,
                                long positiveWeightRows, double sumWeights) {
            SumsChecks.nonNegative("rows", rowCount);
            SumsChecks.nonNegative("positiveWeightRows", positiveWeightRows);
            SumsChecks.nonNegative("sumWeights", sumWeights);
            if (positiveWeightRows > rowCount) {
                throw new IllegalArgumentException("positiveWeightRows " + positiveWeightRows + " exceeds rows " + rowCount);
            }
            int c = cell(domain, stratum, psu, ssu, withSsu);
            rows[c] += rowCount;
            positiveRows[c] += positiveWeightRows;
            sumW[c] += sumWeights;
            return this;
        }

        /**
         * Adds the valid answers with one value of a categorical variable in a cell.
         *
         * @param domain domain code
         * @param stratum stratum code
         * @param psu PSU code (ignored when unclustered)
         * @param variable variable name
         * @param value the category value (one of the variable's categories)
         * @param count answers with that value
         * @param sumW Σw over them
         * @param sumW2 Σw² over them
         * @return this builder
         * @throws IllegalStateException in a two-stage layout (give the SSU)
         */
        public Builder addCategory(int domain, int stratum, long psu, String variable, double value, long count,
                                   double sumW, double sumW2) {
            return addCategory(domain, stratum, psu, 0, false, variable, value, count, sumW, sumW2);
        }

        /**
         * As {@link #addCategory(int, int, long, String, double, long, double, double)},
         * in the cell of an SSU: the cells of a two-stage layout
         * ({@link SufficientStatistics#twoStageBuilder(List)}) need one.
         *
         * @param ssu SSU code, unique within its PSU (ignored unless two-stage); the other
         *     parameters as the method without it
         * @return this builder
         */
        public Builder addCategory(int domain, int stratum, long psu, long ssu, String variable, double value, long count,
                                   double sumW, double sumW2) {
            return addCategory(domain, stratum, psu, ssu, true, variable, value, count, sumW, sumW2);
        }

        private Builder addCategory(int domain, int stratum, long psu, long ssu, boolean withSsu, String variable,
                                    double value, long count, double sumW, double sumW2) {
            int j = variable(variable);
            int k = SumsChecks.categoryCode(variables.get(j), variable, value);
            SumsChecks.nonNegative("count", count);
            SumsChecks.nonNegative("sumW", sumW);
            SumsChecks.nonNegative("sumW2", sumW2);
            int base = cell(domain, stratum, psu, ssu, withSsu) * stride[j] + 3 * k;
            data[j][base] += count;
            data[j][base + 1] += sumW;
            data[j][base + 2] += sumW2;
            return this;
        }

        /**
         * Adds the valid answers of a numeric variable in a cell.
         *
         * @param domain domain code
         * @param stratum stratum code
         * @param psu PSU code (ignored when unclustered)
         * @param variable variable name
         * @param count valid answers
         * @param sumW Σw
         * @param sumWY Σwy
         * @param sumWY2 Σwy²
         * @param sumW2 Σw²
         * @param sumW2Y Σw²y
         * @param sumW2Y2 Σw²y²
         * @return this builder
         * @throws IllegalStateException in a two-stage layout (give the SSU)
         */
        public Builder addNumeric(int domain, int stratum, long psu, String variable, long count, double sumW,
                                  double sumWY, double sumWY2, double sumW2, double sumW2Y, double sumW2Y2) {
            return addNumeric(domain, stratum, psu, 0, false, variable, count,
                new double[] {sumW, sumWY, sumWY2, sumW2, sumW2Y, sumW2Y2});
        }

        /**
         * As {@link #addNumeric(int, int, long, String, long, double, double, double, double, double, double)},
         * in the cell of an SSU: the cells of a two-stage layout
         * ({@link SufficientStatistics#twoStageBuilder(List)}) need one.
         *
         * @param ssu SSU code, unique within its PSU (ignored unless two-stage); the other
         *     parameters as the method without it
         * @return this builder
         */
        public Builder addNumeric(int domain, int stratum, long psu, long ssu, String variable, long count, double sumW,
                                  double sumWY, double sumWY2, double sumW2, double sumW2Y, double sumW2Y2) {
            return addNumeric(domain, stratum, psu, ssu, true, variable, count,
                new double[] {sumW, sumWY, sumWY2, sumW2, sumW2Y, sumW2Y2});
        }

        /** {@code sums}: Σw, Σwy, Σwy², Σw², Σw²y, Σw²y². */
        private Builder addNumeric(int domain, int stratum, long psu, long ssu, boolean withSsu, String variable,
                                   long count, double[] sums) {
            int j = variable(variable);
            SumsChecks.requireNumeric(variables.get(j), variable);
            SumsChecks.nonNegative("count", count);
            SumsChecks.nonNegative("sumW", sums[0]);
            SumsChecks.nonNegative("sumWY2", sums[2]);
            SumsChecks.nonNegative("sumW2", sums[3]);
            SumsChecks.nonNegative("sumW2Y2", sums[5]);
            if (!Double.isFinite(sums[1]) || !Double.isFinite(sums[4])) {
                throw new IllegalArgumentException("sumWY " + sums[1] + " / sumW2Y " + sums[4] + " must be finite");
            }
            int base = cell(domain, stratum, psu, ssu, withSsu) * stride[j];
            double[] d = data[j];
            d[base + N] += count;
            for (int x = 0; x < sums.length; x++) {
                d[base + W + x] += sums[x];
            }
            return this;
        }

        /**
         * Adds excluded answers of a variable in a cell.
         *
         * @param domain domain code
         * @param stratum stratum code
         * @param psu PSU code (ignored when unclustered)
         * @param variable variable name
         * @param reason why they are excluded
         * @param count how many
         * @return this builder
         * @throws IllegalStateException in a two-stage layout (give the SSU)
         */
        public Builder addExcluded(int domain, int stratum, long psu, String variable, Exclusion reason, long count) {
            return addExcluded(domain, stratum, psu, 0, false, variable, reason, count);
        }

        /**
         * As {@link #addExcluded(int, int, long, String, Exclusion, long)},
         * in the cell of an SSU: the cells of a two-stage layout
         * ({@link SufficientStatistics#twoStageBuilder(List)}) need one.
         *
         * @param ssu SSU code, unique within its PSU (ignored unless two-stage); the other
         *     parameters as the method without it
         * @return this builder
         */
        public Builder addExcluded(int domain, int stratum, long psu, long ssu, String variable, Exclusion reason,
                                   long count) {
            return addExcluded(domain, stratum, psu, ssu, true, variable, reason, count);
        }

        private Builder addExcluded(int domain, int stratum, long psu, long ssu, boolean withSsu, String variable,
                                    Exclusion reason, long count) {
            int j = variable(variable);
            SumsChecks.nonNegative("count", count);
            int base = cell(domain, stratum, psu, ssu, withSsu) * stride[j] + exclusionOffset(variables.get(j));
            data[j][base + reason.ordinal()] += count;
            return this;
        }

        /**
         * Adds Σw² over rows (of an unclustered cell) answering category {@code valueA} of variable
         * {@code a} and {@code valueB} of variable {@code b}.
         *
         * @param domain domain code
         * @param stratum stratum code
         * @param a first variable
         * @param valueA its category
         * @param b second variable (distinct from a)
         * @param valueB its category
         * @param sumW2 Σw²
         * @return this builder
         */
        public Builder addCrossProduct(int domain, int stratum, String a, double valueA, String b, double valueB,
                                       double sumW2) {
            if (!crossProducts) {
                throw new IllegalStateException("call crossProducts(true) before adding cross-products");
            }
            int ja = variable(a);
            int jb = variable(b);
            if (ja == jb) {
                throw new IllegalArgumentException("a cross-product needs two different variables, got " + a + " twice");
            }
            if (ja > jb) {
                return addCrossProduct(domain, stratum, b, valueB, a, valueA, sumW2);
            }
            int ka = variables.get(ja).codeOf(valueA);
            int kb = variables.get(jb).codeOf(valueB);
            if (ka < 0 || kb < 0) {
                throw new IllegalArgumentException("value " + (ka < 0 ? valueA + " is not a category of " + a
                    : valueB + " is not a category of " + b));
            }
            SumsChecks.nonNegative("sumW2", sumW2);
            int c = cell(domain, stratum, 0);
            int kbCount = variables.get(jb).categoryCount();
            int block = variables.get(ja).categoryCount() * kbCount;
            cross[pairIndex[ja][jb]][c * block + ka * kbCount + kb] += sumW2;
            return this;
        }

        void addAll(SufficientStatistics s, IntUnaryOperator mapping) {
            for (int c = 0; c < s.cells; c++) {
                int t = cell(mapping.applyAsInt(s.cellDomain[c]), s.cellStratum[c], s.cellPsu[c],
                    s.cellSsu == null ? 0 : s.cellSsu[c]);
                rows[t] += s.cellRows[c];
                positiveRows[t] += s.cellPositiveRows[c];
                sumW[t] += s.cellSumW[c];
                for (int j = 0; j < data.length; j++) {
                    int st = stride[j];
                    for (int k = 0; k < st; k++) {
                        data[j][t * st + k] += s.data[j][c * st + k];
                    }
                }
                if (cross != null) {
                    for (int q = 0; q < cross.length; q++) {
                        int block = s.cross[q].length / s.cells;
                        for (int k = 0; k < block; k++) {
                            cross[q][t * block + k] += s.cross[q][c * block + k];
                        }
                    }
                }
            }
        }

        // direct access for the in-memory collector
        double[][] data() {
            return data;
        }

        double[][] crossData() {
            return cross;
        }

        int[][] pairIndex() {
            return pairIndex;
        }

        int[] stride() {
            return stride;
        }

        void addRowsDirect(int cell, double rowCount, double positive, double w) {
            rows[cell] += rowCount;
            positiveRows[cell] += positive;
            sumW[cell] += w;
        }

        /** Every PSU has its population of SSUs, at least the SSUs sampled in it. */
        private void checkSecondStage(int[] str, long[] psu, long[] ssu) {
            Map<UnitKey, Set<Long>> sampled = new LinkedHashMap<>();
            for (int c = 0; c < str.length; c++) {
                sampled.computeIfAbsent(new UnitKey(str[c], psu[c]), x -> new HashSet<>()).add(ssu[c]);
            }
            for (Map.Entry<UnitKey, Set<Long>> e : sampled.entrySet()) {
                Double m = psuPopulation.get(e.getKey());
                if (m == null) {
                    throw new IllegalArgumentException("PSU " + e.getKey().code() + " (stratum " + e.getKey().parent()
                        + ") has no population of SSUs; declare every PSU's with psuPopulation (the second-stage fpc)");
                }
                if (m < e.getValue().size()) {
                    throw new IllegalArgumentException("PSU " + e.getKey().code() + " (stratum " + e.getKey().parent()
                        + ") has a population of " + m + " SSUs, fewer than the " + e.getValue().size() + " sampled"
                        + " (sampling fraction > 100%)");
                }
            }
        }

        /**
         * @return the statistics
         * @throws IllegalArgumentException if a cell has answers but fewer rows than answers; in a
         *     two-stage layout, if a PSU has no population of SSUs or one smaller than its SSUs
         */
        public SufficientStatistics build() {
            int n = keys.size();
            if (n == 0) {
                throw new IllegalArgumentException("no cells were added; statistics need at least one row");
            }
            for (int c = 0; c < n; c++) {
                CellKey key = keys.get(c);
                for (int j = 0; j < data.length; j++) {
                    Variable v = variables.get(j);
                    double answers = SumsChecks.answers(data[j], c * stride[j], v, 3, exclusionOffset(v));
                    if (answers > rows[c]) {
                        throw new IllegalArgumentException("cell (domain " + key.domain + ", stratum " + key.stratum
                            + ", psu " + key.psu + (twoStage ? ", ssu " + key.ssu : "") + ") has " + (long) answers + " answers to " + v.name() + " but "
                            + (long) rows[c] + " rows; add every row with addCell");
                    }
                }
            }
            int[] dom = new int[n];
            int[] str = new int[n];
            long[] psu = new long[n];
            long[] ssu = twoStage ? new long[n] : null;
            for (int c = 0; c < n; c++) {
                dom[c] = keys.get(c).domain;
                str[c] = keys.get(c).stratum;
                psu[c] = keys.get(c).psu;
                if (twoStage) {
                    ssu[c] = keys.get(c).ssu;
                }
            }
            if (twoStage) {
                checkSecondStage(str, psu, ssu);
            }
            double[][] d = new double[data.length][];
            for (int j = 0; j < d.length; j++) {
                d[j] = Arrays.copyOf(data[j], n * stride[j]);
            }
            double[][] x = null;
            if (cross != null) {
                x = new double[cross.length][];
                for (int q = 0; q < x.length; q++) {
                    x[q] = Arrays.copyOf(cross[q], n * (cross[q].length / rows.length));
                }
            }
            return new SufficientStatistics(variables, clustered, twoStage, crossProducts, lonelyPsu, population,
                psuPopulation, n, dom, str, psu, ssu, Arrays.copyOf(rows, n), Arrays.copyOf(positiveRows, n), Arrays.copyOf(sumW, n), d, x);
        }
    }

    private static final class CellKey {
        final int domain;
        final int stratum;
        final long psu;
        final long ssu;

        CellKey(int domain, int stratum, long psu, long ssu) {
            this.domain = domain;
            this.stratum = stratum;
            this.psu = psu;
            this.ssu = ssu;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof CellKey)) {
                return false;
            }
            CellKey k = (CellKey) o;
            return k.domain == domain && k.stratum == stratum && k.psu == psu && k.ssu == ssu;
        }

        @Override
        public int hashCode() {
            return ((domain * 31 + stratum) * 31 + Long.hashCode(psu)) * 31 + Long.hashCode(ssu);
        }
    }

    /** A unit within its parent: a PSU (code) within its stratum (code), or an SSU (code) within its PSU (index). */
    private record UnitKey(int parent, long code) {
    }
}
