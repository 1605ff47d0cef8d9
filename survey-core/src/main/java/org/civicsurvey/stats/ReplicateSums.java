package org.civicsurvey.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Mergeable sums of a replicate-weight design: per domain and {@link Variable}, the full-sample
 * sums and the same sums under every replicate's weights, from which {@link Estimator} gives
 * means, totals, proportions and scored means with their replicate variance exactly as R's
 * {@code svymean}, {@code svytotal} and {@code svyby} on a {@code svrepdesign}.
 *
 * <p><b>Sums per domain</b>: rows and Σw over all rows; per categorical variable and category:
 * answers, Σw, Σw² and Σw_r for each replicate r; per numeric variable: answers, Σw, Σwy, Σwy²,
 * Σw², and Σw_r, Σw_r·y for each replicate; per variable: excluded answers by {@link Exclusion}.
 * Memory grows with domains x variables x replicates, never with rows.
 *
 * <p><b>Merging</b> adds the sums domain by domain (associative and commutative), so partitions of
 * the rows summed anywhere (in memory, by SQL {@code GROUP BY}, on a cluster) give the sums of the
 * whole, provided they carry the same variance definition (type, scale, rscales, mse, design df).
 * The degrees of freedom of a domain (R's {@code degf} of the domain's subset, the rank of its
 * replicate weights minus 1, used by proportion intervals) cannot be summed: sums collected from
 * all rows at once ({@link #of(SurveyData)}) know it, a domain merged from two parts does not and
 * its proportion intervals use the design's df (as R's {@code svyby(..., svyciprop, df = degf(design))}).
 */
public final class ReplicateSums {
    static final int REASONS = Exclusion.values().length;
    /** Offsets in a numeric variable's block. */
    static final int N = 0;
    static final int W = 1;
    static final int WY = 2;
    static final int WY2 = 3;
    static final int W2 = 4;
    static final int REP = 5;
    /** Per category: answers, Σw, Σw², then one Σw_r per replicate. */
    static final int CATEGORY_SUMS = 3;

    private final List<Variable> variables;
    private final Map<String, Integer> variableIndex;
    private final ReplicateType type;
    private final double scale;
    private final double[] rscales;
    private final boolean mse;
    private final int degreesOfFreedom;
    final int replicates;
    final int[] domainCodes;
    final double[] rows;
    final double[] sumW;
    final int[] domainDf;
    final double[][] data;
    final int[] stride;

    private ReplicateSums(Builder b, int[] order) {
        this.variables = b.variables;
        this.variableIndex = b.variableIndex;
        this.type = b.type;
        this.scale = b.scale;
        this.rscales = b.rscales;
        this.mse = b.mse;
        this.degreesOfFreedom = b.degreesOfFreedom;
        this.replicates = b.replicates;
        this.stride = b.stride;
        int k = order.length;
        domainCodes = new int[k];
        rows = new double[k];
        sumW = new double[k];
        domainDf = new int[k];
        data = new double[variables.size()][];
        for (int j = 0; j < data.length; j++) {
            data[j] = new double[k * stride[j]];
        }
        for (int d = 0; d < k; d++) {
            int src = order[d];
            domainCodes[d] = b.codes.get(src);
            rows[d] = b.rows[src];
            sumW[d] = b.sumW[src];
            domainDf[d] = b.domainDf[src];
            for (int j = 0; j < data.length; j++) {
                System.arraycopy(b.data[j], src * stride[j], data[j], d * stride[j], stride[j]);
            }
        }
    }

    static int strideOf(Variable v, int replicates) {
        return (v.isCategorical() ? v.categoryCount() * (CATEGORY_SUMS + replicates) : REP + 2 * replicates) + REASONS;
    }

    static int exclusionOffset(Variable v, int replicates) {
        return v.isCategorical() ? v.categoryCount() * (CATEGORY_SUMS + replicates) : REP + 2 * replicates;
    }

    /**
     * The sums of all rows of data over a {@link ReplicateDesign} (one pass), with every domain's
     * degrees of freedom.
     *
     * @param data rows over a replicate design
     * @return the sums
     * @throws IllegalArgumentException if the design is not a {@link ReplicateDesign}
     */
    public static ReplicateSums of(SurveyData data) {
        Objects.requireNonNull(data, "data");
        ReplicateSums sums = of(data, 0, data.size());
        ReplicateDesign design = (ReplicateDesign) data.design();
        int[] codes = data.domainCodes();
        for (int d = 0; d < sums.domainCodes.length; d++) {
            int code = sums.domainCodes[d];
            sums.domainDf[d] = codes == null ? design.degreesOfFreedom() : design.degreesOfFreedom(i -> codes[i] == code);
        }
        return sums;
    }

    /**
     * The sums of the rows {@code from..to-1} of data (a partition, to be merged with the others);
     * the domains' degrees of freedom are not known from a part.
     *
     * @param data rows over a replicate design
     * @param from first row
     * @param to one past the last row
     * @return the sums
     */
    public static ReplicateSums of(SurveyData data, int from, int to) {
        Objects.requireNonNull(data, "data");
        if (!(data.design() instanceof ReplicateDesign)) {
            throw new IllegalArgumentException("replicate sums need a ReplicateDesign; " + data.design().getClass().getName()
                + " is a Taylor design (use SufficientStatistics)");
        }
        Objects.checkFromToIndex(from, to, data.size());
        ReplicateDesign design = (ReplicateDesign) data.design();
        Builder b = new Builder(data.variables(), design.type(), design.scale(), design.rscales(), design.mse(),
            design.degreesOfFreedom());
        int reps = design.replicates();
        double[] w = design.weightArray();
        double[] a = new double[reps];
        int k = data.variables().size();
        Object[] columns = new Object[k];
        Variable[] vars = new Variable[k];
        boolean[] categorical = new boolean[k];
        for (int j = 0; j < k; j++) {
            columns[j] = data.column(j);
            vars[j] = data.variables().get(j);
            categorical[j] = vars[j].isCategorical();
        }
        // A numeric variable answered on every row takes its Σ w_r from the domain's Σ w_r over all
        // rows: one sum of the replicate weights per row, not one per variable
        boolean[] complete = new boolean[k];
        for (int j = 0; j < k; j++) {
            complete[j] = !categorical[j] && noneMissing((double[]) columns[j], from, to);
        }
        // The replicate sums of a domain are accumulated in arrays of their own, indexed from 0 like
        // the row's weights, so that each replicate loop is one vectorisable a·x + y
        List<DomainSums> domainSums = new ArrayList<>();
        RowReader reader = new RowReader(b, columns, vars, complete, reps);
        double[][] four = new double[4][reps];
        double[] wFour = new double[4];
        int i = from;
        int lastCode = 0;
        int d = -1;
        DomainSums ds = null;
        while (i < to) {
            int code = data.domain(i);
            if (d < 0 || code != lastCode) {
                d = b.domain(code);
                lastCode = code;
                if (d == domainSums.size()) {
                    domainSums.add(new DomainSums(vars, reps));
                }
                ds = domainSums.get(d);
            }
            // four rows of one domain at a time: each replicate sum is stored once per four rows
            int g = 1;
            while (g < 4 && i + g < to && data.domain(i + g) == code) {
                g++;
            }
            if (g < 4) {
                g = 1;
            }
            for (int t = 0; t < g; t++) {
                double wi = w[i + t];
                wFour[t] = wi;
                b.rows[d]++;
                b.sumW[d] += wi;
                design.analysisWeights(i + t, four[t]);
                double[] all = ds.all;
                double[] at = four[t];
                for (int r = 0; r < reps; r++) {
                    all[r] += at[r];
                }
            }
            for (int j = 0; j < k; j++) {
                if (g == 4 && reader.addFour(j, d, ds, i, four, wFour)) {
                    continue;
                }
                for (int t = 0; t < g; t++) {
                    reader.add(j, d, ds, i + t, four[t], wFour[t]);
                }
            }
            i += g;
        }
        for (int dd = 0; dd < domainSums.size(); dd++) {
            DomainSums sums = domainSums.get(dd);
            for (int j = 0; j < k; j++) {
                int base = dd * b.stride[j];
                if (categorical[j]) {
                    for (int c = 0; c < sums.categories[j].length; c++) {
                        System.arraycopy(sums.categories[j][c], 0, b.data[j], base + c * (CATEGORY_SUMS + reps) + CATEGORY_SUMS,
                            reps);
                    }
                } else {
                    System.arraycopy(complete[j] ? sums.all : sums.weights[j], 0, b.data[j], base + REP, reps);
                    System.arraycopy(sums.weighted[j], 0, b.data[j], base + REP + reps, reps);
                }
            }
        }
        return b.build();
    }

    /** Adds rows' values to a builder's scalar sums and a domain's replicate sums. */
    private static final class RowReader {
        private final Builder b;
        private final Object[] columns;
        private final Variable[] vars;
        private final boolean[] complete;
        private final int reps;

        RowReader(Builder b, Object[] columns, Variable[] vars, boolean[] complete, int reps) {
            this.b = b;
            this.columns = columns;
            this.vars = vars;
            this.complete = complete;
            this.reps = reps;
        }

        /** Variable j of row i, with the row's weight and replicate weights a. */
        void add(int j, int d, DomainSums ds, int i, double[] a, double wi) {
            double[] block = b.data[j];
            int base = d * b.stride[j];
            if (vars[j].isCategorical()) {
                int c = ((byte[]) columns[j])[i];
                if (c < 0) {
                    block[base + exclusionOffset(vars[j], reps) + Exclusion.ofCode(c).ordinal()]++;
                    return;
                }
                if (c >= vars[j].categoryCount()) {
                    throw new IllegalArgumentException("variable " + vars[j].name() + " row " + i + ": code " + c
                        + " is outside the categories 0.." + (vars[j].categoryCount() - 1));
                }
                int cell = base + c * (CATEGORY_SUMS + reps);
                block[cell]++;
                block[cell + 1] += wi;
                block[cell + 2] += wi * wi;
                double[] acc = ds.categories[j][c];
                for (int r = 0; r < reps; r++) {
                    acc[r] += a[r];
                }
                return;
            }
            double y = ((double[]) columns[j])[i];
            if (Double.isNaN(y)) {
                block[base + exclusionOffset(vars[j], reps) + Exclusion.MISSING.ordinal()]++;
                return;
            }
            if (Double.isInfinite(y)) {
                throw new IllegalArgumentException("variable " + vars[j].name() + " row " + i + " is " + y
                    + "; must be finite (NaN for missing)");
            }
            scalars(block, base, wi, y);
            if (!complete[j]) {
                double[] acc = ds.weights[j];
                for (int r = 0; r < reps; r++) {
                    acc[r] += a[r];
                }
            }
            double[] acc = ds.weighted[j];
            for (int r = 0; r < reps; r++) {
                acc[r] += a[r] * y;
            }
        }

        /**
         * Numeric variable j of the four rows i..i+3 when all four have a finite value: the
         * replicate sums take the four rows' terms in one store. Returns false (nothing added)
         * otherwise.
         */
        boolean addFour(int j, int d, DomainSums ds, int i, double[][] a, double[] w) {
            if (vars[j].isCategorical()) {
                return false;
            }
            double[] col = (double[]) columns[j];
            double y0 = col[i];
            double y1 = col[i + 1];
            double y2 = col[i + 2];
            double y3 = col[i + 3];
            if (!Double.isFinite(y0) || !Double.isFinite(y1) || !Double.isFinite(y2) || !Double.isFinite(y3)) {
                return false;
            }
            double[] block = b.data[j];
            int base = d * b.stride[j];
            scalars(block, base, w[0], y0);
            scalars(block, base, w[1], y1);
            scalars(block, base, w[2], y2);
            scalars(block, base, w[3], y3);
            double[] a0 = a[0];
            double[] a1 = a[1];
            double[] a2 = a[2];
            double[] a3 = a[3];
            if (!complete[j]) {
                double[] acc = ds.weights[j];
                for (int r = 0; r < reps; r++) {
                    acc[r] += (a0[r] + a1[r]) + (a2[r] + a3[r]);
                }
            }
            double[] acc = ds.weighted[j];
            for (int r = 0; r < reps; r++) {
                acc[r] += (a0[r] * y0 + a1[r] * y1) + (a2[r] * y2 + a3[r] * y3);
            }
            return true;
        }

        private static void scalars(double[] block, int base, double wi, double y) {
            block[base + N]++;
            block[base + W] += wi;
            block[base + WY] += wi * y;
            block[base + WY2] += wi * y * y;
            block[base + W2] += wi * wi;
        }
    }

    /** One domain's replicate sums while rows are read: Σ w_r of all rows, and per variable. */
    private static final class DomainSums {
        final double[] all;
        /** Numeric variable j: Σ w_r and Σ w_r y over its answers. */
        final double[][] weights;
        final double[][] weighted;
        /** Categorical variable j, category c: Σ w_r. */
        final double[][][] categories;

        DomainSums(Variable[] vars, int reps) {
            all = new double[reps];
            weights = new double[vars.length][];
            weighted = new double[vars.length][];
            categories = new double[vars.length][][];
            for (int j = 0; j < vars.length; j++) {
                if (vars[j].isCategorical()) {
                    categories[j] = new double[vars[j].categoryCount()][reps];
                } else {
                    weights[j] = new double[reps];
                    weighted[j] = new double[reps];
                }
            }
        }
    }

    private static boolean noneMissing(double[] column, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Double.isNaN(column[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Starts sums to be filled from sums computed elsewhere (e.g. SQL {@code GROUP BY} with one
     * {@code SUM(w_r)} column per replicate), with the design's variance definition.
     *
     * @param variables the variables, with unique names
     * @param type the replicate type
     * @param scale the design's scale, positive and finite
     * @param rscales the design's rscales, one per replicate (at least one), finite and {@code >= 0}
     * @param mse the design's mse choice
     * @param degreesOfFreedom the design's df (R's {@code degf}), {@code >= 0}
     * @return a builder
     */
    public static Builder builder(List<Variable> variables, ReplicateType type, double scale, double[] rscales, boolean mse,
                                  int degreesOfFreedom) {
        return new Builder(variables, type, scale, rscales, mse, degreesOfFreedom);
    }

    /** @return the variables, in layout order */
    public List<Variable> variables() {
        return variables;
    }

    /** @return the number of replicates */
    public int replicates() {
        return replicates;
    }

    /** @return the replicate type */
    public ReplicateType type() {
        return type;
    }

    /** @return the variance multiplier {@code scale} */
    public double scale() {
        return scale;
    }

    /** @return a copy of the per-replicate multipliers {@code rscales} */
    public double[] rscales() {
        return rscales.clone();
    }

    /** @return whether replicate estimates are centred at the full-sample estimate */
    public boolean mse() {
        return mse;
    }

    /** @return the design degrees of freedom (R's {@code degf}) */
    public int degreesOfFreedom() {
        return degreesOfFreedom;
    }

    /** @return the domain codes, ascending */
    public int[] domains() {
        return domainCodes.clone();
    }

    /** @return the number of rows summed */
    public long rows() {
        return SumsChecks.total(rows);
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
        return SumsChecks.index(variableIndex, name, " in these sums");
    }

    /** The df of a domain (index), or the design's when it is not known. */
    int domainDegreesOfFreedom(int d) {
        return domainDf[d] >= 0 ? domainDf[d] : degreesOfFreedom;
    }

    /** R's {@code svrVar}: the design's covariance of two statistics' replicate estimates. */
    double covariance(double[] ta, double[] tb, double fullA, double fullB) {
        return covariance(ta, tb, fullA, fullB, scale, rscales, mse);
    }

    /**
     * R's {@code svrVar} for two statistics: {@code scale Σ_r rscales_r (θ_ar − c_a)(θ_br − c_b)}
     * over the replicates where both are defined (not NaN), c the full-sample estimates with
     * {@code mse}, else the means of those replicates with a positive rscales.
     *
     * @return the covariance, NaN when no replicate is defined
     */
    static double covariance(double[] ta, double[] tb, double fullA, double fullB, double scale, double[] rscales,
                             boolean mse) {
        double ca = fullA;
        double cb = fullB;
        if (!mse) {
            double sa = 0;
            double sb = 0;
            int m = 0;
            for (int r = 0; r < rscales.length; r++) {
                if (rscales[r] > 0 && !Double.isNaN(ta[r]) && !Double.isNaN(tb[r])) {
                    sa += ta[r];
                    sb += tb[r];
                    m++;
                }
            }
            ca = sa / m;
            cb = sb / m;
        }
        double v = 0;
        int used = 0;
        for (int r = 0; r < rscales.length; r++) {
            if (!Double.isNaN(ta[r]) && !Double.isNaN(tb[r])) {
                v += rscales[r] * (ta[r] - ca) * (tb[r] - cb);
                used++;
            }
        }
        return used == 0 ? Double.NaN : scale * v;
    }

    /**
     * Adds another part of the same survey (associative and commutative).
     *
     * @param other sums with the same variables and variance definition
     * @return the sums of the union; a domain present in both parts has no known df of its own
     */
    public ReplicateSums merge(ReplicateSums other) {
        Objects.requireNonNull(other, "other");
        if (!variables.equals(other.variables)) {
            throw new IllegalArgumentException("cannot merge sums of different variables: " + variables + " and "
                + other.variables);
        }
        if (replicates != other.replicates || type != other.type || scale != other.scale || mse != other.mse
            || degreesOfFreedom != other.degreesOfFreedom || !Arrays.equals(rscales, other.rscales)) {
            throw new IllegalArgumentException("cannot merge sums of different replicate designs: " + this + " and " + other);
        }
        Builder b = new Builder(variables, type, scale, rscales, mse, degreesOfFreedom);
        for (ReplicateSums s : List.of(this, other)) {
            for (int d = 0; d < s.domainCodes.length; d++) {
                boolean existed = b.index.containsKey(s.domainCodes[d]);
                int t = b.domain(s.domainCodes[d]);
                b.rows[t] += s.rows[d];
                b.sumW[t] += s.sumW[d];
                b.domainDf[t] = existed ? -1 : s.domainDf[d];
                for (int j = 0; j < data.length; j++) {
                    int st = stride[j];
                    for (int x = 0; x < st; x++) {
                        b.data[j][t * st + x] += s.data[j][d * st + x];
                    }
                }
            }
        }
        return b.build();
    }

    /**
     * @param variable a variable's name
     * @param domain a domain code
     * @return the full-sample and replicate sums of that variable in that domain, in this class's
     *     layout (for checks and export): see the class comment
     */
    public double[] sums(String variable, int domain) {
        int j = index(variable);
        int d = Arrays.binarySearch(domainCodes, domain);
        if (d < 0) {
            return new double[stride[j]];
        }
        return Arrays.copyOfRange(data[j], d * stride[j], (d + 1) * stride[j]);
    }

    @Override
    public String toString() {
        return "ReplicateSums[" + type.rName() + ", variables=" + variables.size() + ", replicates=" + replicates
            + ", domains=" + domainCodes.length + ", scale=" + scale + ", mse=" + mse + ", df=" + degreesOfFreedom + "]";
    }

    /**
     * Fills replicate sums from sums computed elsewhere. Every {@code add} adds to what the domain
     * already holds, so rows may arrive in any order and split in any way.
     */
    public static final class Builder {
        private final List<Variable> variables;
        private final Map<String, Integer> variableIndex;
        private final ReplicateType type;
        private final double scale;
        private final double[] rscales;
        private final boolean mse;
        private final int degreesOfFreedom;
        private final int replicates;
        private final int[] stride;
        private final Map<Integer, Integer> index = new HashMap<>();
        private final List<Integer> codes = new ArrayList<>();
        private double[] rows = new double[8];
        private double[] sumW = new double[8];
        private int[] domainDf = new int[8];
        private final double[][] data;

        Builder(List<Variable> variables, ReplicateType type, double scale, double[] rscales, boolean mse,
                int degreesOfFreedom) {
            Objects.requireNonNull(variables, "variables");
            this.variables = List.copyOf(variables);
            if (this.variables.isEmpty()) {
                throw new IllegalArgumentException("variables is empty");
            }
            this.variableIndex = SumsChecks.indexOf(this.variables);
            this.type = Objects.requireNonNull(type, "type");
            if (!(scale > 0) || Double.isInfinite(scale)) {
                throw new IllegalArgumentException("scale is " + scale + "; must be positive and finite");
            }
            Objects.requireNonNull(rscales, "rscales");
            if (rscales.length == 0) {
                throw new IllegalArgumentException("rscales is empty; there must be one per replicate");
            }
            for (int r = 0; r < rscales.length; r++) {
                if (!(rscales[r] >= 0) || rscales[r] == Double.POSITIVE_INFINITY) {
                    throw new IllegalArgumentException("rscales[" + r + "] is " + rscales[r] + "; must be finite and >= 0");
                }
            }
            if (degreesOfFreedom < 0) {
                throw new IllegalArgumentException("degreesOfFreedom is " + degreesOfFreedom + "; must be >= 0");
            }
            this.scale = scale;
            this.rscales = rscales.clone();
            this.mse = mse;
            this.degreesOfFreedom = degreesOfFreedom;
            this.replicates = rscales.length;
            this.stride = new int[this.variables.size()];
            this.data = new double[stride.length][];
            for (int j = 0; j < stride.length; j++) {
                stride[j] = strideOf(this.variables.get(j), replicates);
                data[j] = new double[8 * stride[j]];
            }
        }

        int domain(int code) {
            Integer d = index.get(code);
            if (d == null) {
                d = codes.size();
                index.put(code, d);
                codes.add(code);
                if (d == rows.length) {
                    int cap = 2 * d;
                    rows = Arrays.copyOf(rows, cap);
                    sumW = Arrays.copyOf(sumW, cap);
                    domainDf = Arrays.copyOf(domainDf, cap);
                    for (int j = 0; j < data.length; j++) {
                        data[j] = Arrays.copyOf(data[j], cap * stride[j]);
                    }
                }
                domainDf[d] = -1;
            }
            return d;
        }

        private int variable(String name) {
            return SumsChecks.index(variableIndex, name, "");
        }

        private void replicateSums(String what, double[] values, boolean signed) {
            Objects.requireNonNull(values, what);
            if (values.length != replicates) {
                throw new IllegalArgumentException(what + " has length " + values.length + "; the design has "
                    + replicates + " replicates");
            }
            for (int r = 0; r < values.length; r++) {
                if (signed ? !Double.isFinite(values[r]) : !(values[r] >= 0) || Double.isInfinite(values[r])) {
                    throw new IllegalArgumentException(what + "[" + r + "] is " + values[r] + "; must be finite"
                        + (signed ? "" : " and >= 0"));
                }
            }
        }

        /**
         * Adds rows of a domain: every row must be counted once, whether or not it answered.
         *
         * @param domain domain code
         * @param rowCount rows
         * @param sumWeights Σw over them
         * @return this builder
         */
        public Builder addRows(int domain, long rowCount, double sumWeights) {
            SumsChecks.nonNegative("rows", rowCount);
            SumsChecks.nonNegative("sumWeights", sumWeights);
            int d = domain(domain);
            rows[d] += rowCount;
            sumW[d] += sumWeights;
            return this;
        }

        /**
         * Adds the valid answers with one value of a categorical variable in a domain.
         *
         * @param domain domain code
         * @param variable variable name
         * @param value the category value
         * @param count answers with that value
         * @param sumW Σw over them
         * @param sumW2 Σw² over them
         * @param replicateSumW Σw_r over them, one per replicate
         * @return this builder
         */
        public Builder addCategory(int domain, String variable, double value, long count, double sumW, double sumW2,
                                   double[] replicateSumW) {
            int j = variable(variable);
            int c = SumsChecks.categoryCode(variables.get(j), variable, value);
            SumsChecks.nonNegative("count", count);
            SumsChecks.nonNegative("sumW", sumW);
            SumsChecks.nonNegative("sumW2", sumW2);
            replicateSums("replicateSumW", replicateSumW, false);
            int cell = domain(domain) * stride[j] + c * (CATEGORY_SUMS + replicates);
            double[] block = data[j];
            block[cell] += count;
            block[cell + 1] += sumW;
            block[cell + 2] += sumW2;
            for (int r = 0; r < replicates; r++) {
                block[cell + CATEGORY_SUMS + r] += replicateSumW[r];
            }
            return this;
        }

        /**
         * Adds the valid answers of a numeric variable in a domain.
         *
         * @param domain domain code
         * @param variable variable name
         * @param count valid answers
         * @param sumW Σw
         * @param sumWY Σwy
         * @param sumWY2 Σwy²
         * @param sumW2 Σw²
         * @param replicateSumW Σw_r, one per replicate
         * @param replicateSumWY Σw_r·y, one per replicate
         * @return this builder
         */
        public Builder addNumeric(int domain, String variable, long count, double sumW, double sumWY, double sumWY2,
                                  double sumW2, double[] replicateSumW, double[] replicateSumWY) {
            int j = variable(variable);
            SumsChecks.requireNumeric(variables.get(j), variable);
            SumsChecks.nonNegative("count", count);
            SumsChecks.nonNegative("sumW", sumW);
            SumsChecks.nonNegative("sumWY2", sumWY2);
            SumsChecks.nonNegative("sumW2", sumW2);
            if (!Double.isFinite(sumWY)) {
                throw new IllegalArgumentException("sumWY is " + sumWY + "; must be finite");
            }
            replicateSums("replicateSumW", replicateSumW, false);
            replicateSums("replicateSumWY", replicateSumWY, true);
            int base = domain(domain) * stride[j];
            double[] block = data[j];
            block[base + N] += count;
            block[base + W] += sumW;
            block[base + WY] += sumWY;
            block[base + WY2] += sumWY2;
            block[base + W2] += sumW2;
            for (int r = 0; r < replicates; r++) {
                block[base + REP + r] += replicateSumW[r];
                block[base + REP + replicates + r] += replicateSumWY[r];
            }
            return this;
        }

        /**
         * Adds excluded answers of a variable in a domain.
         *
         * @param domain domain code
         * @param variable variable name
         * @param reason why they are excluded
         * @param count how many
         * @return this builder
         */
        public Builder addExcluded(int domain, String variable, Exclusion reason, long count) {
            int j = variable(variable);
            Objects.requireNonNull(reason, "reason");
            SumsChecks.nonNegative("count", count);
            data[j][domain(domain) * stride[j] + exclusionOffset(variables.get(j), replicates) + reason.ordinal()] += count;
            return this;
        }

        /**
         * Declares a domain's own degrees of freedom (R's {@code degf} of its subset), used by its
         * proportion intervals; without it they use the design's.
         *
         * @param domain domain code
         * @param df the domain's df, {@code >= 0}
         * @return this builder
         */
        public Builder domainDegreesOfFreedom(int domain, int df) {
            if (df < 0) {
                throw new IllegalArgumentException("df of domain " + domain + " is " + df + "; must be >= 0");
            }
            domainDf[domain(domain)] = df;
            return this;
        }

        /**
         * @return the sums
         * @throws IllegalArgumentException if nothing was added, or a domain has more answers than rows
         */
        public ReplicateSums build() {
            int k = codes.size();
            if (k == 0) {
                throw new IllegalArgumentException("no domain was added; sums need at least one row");
            }
            for (int d = 0; d < k; d++) {
                for (int j = 0; j < data.length; j++) {
                    Variable v = variables.get(j);
                    double answers = SumsChecks.answers(data[j], d * stride[j], v, CATEGORY_SUMS + replicates,
                        exclusionOffset(v, replicates));
                    if (answers > rows[d]) {
                        throw new IllegalArgumentException("domain " + codes.get(d) + " has " + (long) answers
                            + " answers to " + v.name() + " but " + (long) rows[d] + " rows; add every row with addRows");
                    }
                }
            }
            TreeMap<Integer, Integer> sorted = new TreeMap<>();
            for (int d = 0; d < k; d++) {
                sorted.put(codes.get(d), d);
            }
            int[] order = sorted.values().stream().mapToInt(Integer::intValue).toArray();
            return new ReplicateSums(this, order);
        }
    }
}
