package org.civicsurvey.spark.internal;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * The aggregation buffer: the sums of {@code SufficientStatistics} per cell (domain, stratum, PSU,
 * SSU; PSU 0 when every row is its own PSU, SSU 0 unless the second stage enters the variance) for the rows one task has seen, in the layout of
 * {@link Plan}. Adding two buffers adds their sums cell by cell, which is how
 * {@code SufficientStatistics.merge} combines parts, so it is associative and commutative and the
 * order in which Spark merges partitions does not matter (beyond floating-point rounding). The sums
 * are stored block by block for all cells ({@link #head}, one array per variable in {@link #items}),
 * so adding one variable's answers writes into that variable's array only, which stays in cache when
 * the cells are many. Cells are found through an open-addressing hash table; only the filled part of
 * the arrays is serialized.
 */
public final class CellSums implements Serializable {
    private static final long serialVersionUID = 3L;
    /**
     * Rows read before their sums are added, variable by variable: enough that each line of a
     * variable's sums brought into cache is added to several times before the next variable's
     * (with 1,260 cells a SIPAS item's sums are 200 KB, 3,200 cache lines), as in the core's
     * collector.
     */
    private static final int BLOCK = 16384;
    private static final int MISSING = -1 - org.civicsurvey.stats.Exclusion.MISSING.ordinal();
    /**
     * A null in {@link #blockRaw}: a byte, short or int column's value equal to it is refused as
     * read (no lookup table starts below it).
     */
    private static final int NULL_RAW = Integer.MIN_VALUE;

    private transient Plan plan;
    int cells;
    int[] domain;
    int[] stratum;
    long[] psu;
    long[] ssu;
    /** The fpc value of each cell's rows (NaN: none). */
    double[] fpc;
    /** The second-stage fpc value of each cell's rows (NaN: none). */
    double[] fpc2;
    /** Per cell: rows, rows with positive weight, Σw ({@link Plan#HEAD} sums). */
    double[] head;
    /** Per variable, per cell: the variable's sums ({@link Plan#stride} of them), cell after cell. */
    double[][] items;
    double[] cross;
    private transient int[] slots;
    /** Rows read but not yet added: their cells, weights, and per variable codes (categorical) or values (numeric). */
    private transient int queued;
    private transient int[] blockCell;
    private transient double[] blockWeight;
    private transient int[][] blockCode;
    private transient double[][] blockValue;
    /**
     * Per categorical variable read from a byte, short or int column with a lookup table: its raw values in
     * the block ({@link #NULL_RAW} for null), turned into codes at {@link #flush()} in one pass per
     * variable; null for the other variables, whose codes are found as each row is read.
     */
    private transient int[][] blockRaw;
    /** A range of a batch's design columns, read column by column before its rows' cells are found. */
    private transient long[] scratchDomain;
    private transient long[] scratchStratum;
    private transient long[] scratchPsu;
    private transient long[] scratchSsu;
    private transient double[] scratchFpc;

    CellSums(Plan plan) {
        this.plan = plan;
        domain = new int[0];
        stratum = new int[0];
        psu = new long[0];
        ssu = new long[0];
        fpc = new double[0];
        fpc2 = new double[0];
        head = new double[0];
        items = new double[plan.stride.length][0];
        cross = plan.crossProducts() ? new double[0] : null;
    }

    Plan plan() {
        return plan;
    }

    private static int hash(int d, int h, long p, long q) {
        long x = (((long) d * 0x9E3779B97F4A7C15L) ^ ((long) h * 0xC2B2AE3D27D4EB4FL) ^ p ^ (q * 0x94D049BB133111EBL))
            * 0xBF58476D1CE4E5B9L;
        return (int) (x ^ (x >>> 31));
    }

    /** The index of cell (d, h, p, q), created empty if new. */
    int cell(int d, int h, long p, long q) {
        if (slots == null) {
            rehash();
        }
        int mask = slots.length - 1;
        int s = hash(d, h, p, q) & mask;
        while (true) {
            int c = slots[s];
            if (c < 0) {
                break;
            }
            if (domain[c] == d && stratum[c] == h && psu[c] == p && ssu[c] == q) {
                return c;
            }
            s = (s + 1) & mask;
        }
        if (cells == domain.length) {
            grow(Math.max(16, 2 * cells));
            return cell(d, h, p, q);
        }
        int c = cells++;
        slots[s] = c;
        domain[c] = d;
        stratum[c] = h;
        psu[c] = p;
        ssu[c] = q;
        fpc[c] = Double.NaN;
        fpc2[c] = Double.NaN;
        return c;
    }

    private void grow(int capacity) {
        domain = Arrays.copyOf(domain, capacity);
        stratum = Arrays.copyOf(stratum, capacity);
        psu = Arrays.copyOf(psu, capacity);
        ssu = Arrays.copyOf(ssu, capacity);
        fpc = Arrays.copyOf(fpc, capacity);
        fpc2 = Arrays.copyOf(fpc2, capacity);
        head = Arrays.copyOf(head, capacity * Plan.HEAD);
        for (int j = 0; j < items.length; j++) {
            items[j] = Arrays.copyOf(items[j], capacity * plan.stride[j]);
        }
        if (cross != null) {
            cross = Arrays.copyOf(cross, capacity * plan.crossWidth);
        }
        rehash();
    }

    /** A table of at least four slots per cell of capacity (a power of two), holding the cells there are. */
    private void rehash() {
        slots = new int[Integer.highestOneBit(Math.max(8, domain.length)) * 4];
        Arrays.fill(slots, -1);
        int mask = slots.length - 1;
        for (int c = 0; c < cells; c++) {
            int s = hash(domain[c], stratum[c], psu[c], ssu[c]) & mask;
            while (slots[s] >= 0) {
                s = (s + 1) & mask;
            }
            slots[s] = c;
        }
    }

    /**
     * Reads one row, in Spark's own representation (primitive getters, nothing boxed), checks its
     * values and queues it; its sums are added when the block of queued rows is full or at
     * {@link #flush()}.
     */
    void add(InternalRow row) {
        Plan p = plan;
        allocateBlock(false);
        double w = p.weightAt < 0 ? 1 : weight(row);
        int d = p.domainAt < 0 ? 0 : intValue(row, p.domainAt);
        int h = p.stratumAt < 0 ? 0 : intValue(row, p.stratumAt);
        long u = p.psuAt < 0 ? 0 : longValue(row, p.psuAt);
        if (p.ssuAt >= 0 && row.isNullAt(p.ssuAt)) {
            throw nullIn(p.ssuAt);
        }
        boolean twoStage = p.twoStage();
        int c = cell(d, h, u, twoStage ? longAt(row, p.ssuAt) : 0);
        if (p.fpcAt >= 0) {
            fpcOf(c, fpcValue(row, p.fpcAt));
        }
        if (twoStage) {
            fpc2Of(c, fpcValue(row, p.fpc2At));
        }
        int i = queued;
        for (int j = 0; j < p.variableAt.length; j++) {
            int at = p.variableAt[j];
            boolean missing = row.isNullAt(at);
            int[] raw = blockRaw[j];
            if (raw != null) {
                int v = missing ? NULL_RAW : (int) longAt(row, at);
                if (v == NULL_RAW && !missing) {
                    throw new BadValue(p.notACategory(j, boxed(row, at)));
                }
                raw[i] = v;
            } else if (p.categorical[j]) {
                int code;
                if (missing) {
                    code = MISSING;
                } else if (p.kind[at] <= Plan.LONG) {
                    code = p.code(j, longAt(row, at));
                } else {
                    double v = doubleAt(row, at);
                    code = Double.isNaN(v) ? MISSING : p.code(j, v);
                }
                if (code == Plan.INVALID) {
                    throw new BadValue(p.notACategory(j, boxed(row, at)));
                }
                blockCode[j][i] = code;
            } else {
                double y = missing ? Double.NaN : doubleAt(row, at);
                if (Double.isInfinite(y)) {
                    throw infinite(at, y);
                }
                blockValue[j][i] = y;
            }
        }
        blockCell[i] = c;
        blockWeight[i] = w;
        queued = i + 1;
        if (queued == BLOCK) {
            flush();
        }
    }

    /**
     * Reads a batch of rows as Spark holds them in column vectors, column by column (no row is
     * assembled), with the checks of {@link #add(InternalRow)}, and queues them, a block at a time.
     * Needs a plan whose columns are all of primitive types ({@link Plan#primitive()}).
     */
    void add(ColumnarBatch batch) {
        int n = batch.numRows();
        int from = 0;
        while (from < n) {
            allocateBlock(true);
            int m = Math.min(n - from, BLOCK - queued);
            queue(batch, from, m);
            from += m;
            queued += m;
            if (queued == BLOCK) {
                flush();
            }
        }
    }

    /**
     * Rows {@code from} to {@code from + m} of a batch into the block from {@link #queued} on, one
     * column after the other (each kind of column in a method of its own, so that each is compiled
     * on its own, quickly, rather than all in one large method).
     */
    private void queue(ColumnarBatch batch, int from, int m) {
        Plan p = plan;
        queueWeights(batch, from, m);
        queueCells(batch, from, m);
        for (int j = 0; j < p.variableAt.length; j++) {
            ColumnVector v = batch.column(p.variableAt[j]);
            if (!p.categorical[j]) {
                queueNumeric(j, v, from, m);
            } else if (p.lookup[j] != null && p.kind[p.variableAt[j]] <= Plan.LONG) {
                queueLookedUp(j, v, from, m);
            } else {
                queueCategorical(j, v, from, m);
            }
        }
    }

    private void queueWeights(ColumnarBatch batch, int from, int m) {
        int q = queued;
        if (plan.weightAt < 0) {
            Arrays.fill(blockWeight, q, q + m, 1.0);
            return;
        }
        Columns.doubles(present(batch, plan.weightAt), plan.kind[plan.weightAt], from, m, blockWeight, q);
        for (int i = q; i < q + m; i++) {
            checkWeight(blockWeight[i]);
        }
    }

    /** The rows' cells, and their fpc checked against the cells'. */
    private void queueCells(ColumnarBatch batch, int from, int m) {
        Plan p = plan;
        int q = queued;
        long[] d = codes(batch, p.domainAt, from, m, scratchDomain, true);
        long[] h = codes(batch, p.stratumAt, from, m, scratchStratum, true);
        long[] u = codes(batch, p.psuAt, from, m, scratchPsu, false);
        if (p.ssuAt >= 0) {
            present(batch, p.ssuAt);
        }
        long[] s = codes(batch, p.twoStage() ? p.ssuAt : -1, from, m, scratchSsu, false);
        for (int i = 0; i < m; i++) {
            blockCell[q + i] = cell((int) d[i], (int) h[i], u[i], s[i]);
        }
        if (p.fpcAt >= 0) {
            double[] f = fpcs(batch, p.fpcAt, from, m);
            for (int i = 0; i < m; i++) {
                fpcOf(blockCell[q + i], f[i]);
            }
        }
        if (p.twoStage()) {
            double[] f = fpcs(batch, p.fpc2At, from, m);
            for (int i = 0; i < m; i++) {
                fpc2Of(blockCell[q + i], f[i]);
            }
        }
    }

    /** A categorical variable's integral values turned into codes through its lookup table. */
    private void queueLookedUp(int j, ColumnVector v, int from, int m) {
        int q = queued;
        int kind = plan.kind[plan.variableAt[j]];
        int[] codes = blockCode[j];
        boolean invalid = Columns.codes(v, kind, from, m, plan.lookup[j], plan.lookupMin[j], codes, q);
        for (int i = 0; v.hasNull() && i < m; i++) {
            if (v.isNullAt(from + i)) {
                codes[q + i] = MISSING;
            }
        }
        for (int i = 0; invalid && i < m; i++) {
            if (codes[q + i] == Plan.INVALID) {
                throw new BadValue(plan.notACategory(j, Columns.boxed(v, kind, from + i)));
            }
        }
    }

    /** A categorical variable's values (fractional categories, or a column of floating point) into codes. */
    private void queueCategorical(int j, ColumnVector v, int from, int m) {
        int q = queued;
        int kind = plan.kind[plan.variableAt[j]];
        boolean nulls = v.hasNull();
        int[] codes = blockCode[j];
        for (int i = 0; i < m; i++) {
            int code;
            if (nulls && v.isNullAt(from + i)) {
                code = MISSING;
            } else if (kind <= Plan.LONG) {
                code = plan.code(j, Columns.longAt(v, kind, from + i));
            } else {
                double x = Columns.doubleAt(v, kind, from + i);
                code = Double.isNaN(x) ? MISSING : plan.code(j, x);
            }
            if (code == Plan.INVALID) {
                throw new BadValue(plan.notACategory(j, Columns.boxed(v, kind, from + i)));
            }
            codes[q + i] = code;
        }
    }

    /** A numeric variable's values, NaN for null. */
    private void queueNumeric(int j, ColumnVector v, int from, int m) {
        int q = queued;
        int at = plan.variableAt[j];
        boolean nulls = v.hasNull();
        double[] y = blockValue[j];
        Columns.doubles(v, plan.kind[at], from, m, y, q);
        for (int i = 0; i < m; i++) {
            if (nulls && v.isNullAt(from + i)) {
                y[q + i] = Double.NaN;
            } else if (Double.isInfinite(y[q + i])) {
                throw infinite(at, y[q + i]);
            }
        }
    }

    /** A design column's vector, which must hold no null. */
    private ColumnVector present(ColumnarBatch batch, int at) {
        ColumnVector v = batch.column(at);
        if (v.hasNull()) {
            throw nullIn(at);
        }
        return v;
    }

    /**
     * An integral design column's values over a range of a batch (all 0 when the design has no such
     * column), checked to be present and, for a domain or stratum code, within the int range.
     */
    private long[] codes(ColumnarBatch batch, int at, int from, int m, long[] out, boolean intRange) {
        if (at < 0) {
            Arrays.fill(out, 0, m, 0);
            return out;
        }
        Columns.longs(present(batch, at), plan.kind[at], from, m, out, 0);
        for (int i = 0; intRange && i < m; i++) {
            if (out[i] != (int) out[i]) {
                throw outsideIntRange(at, out[i]);
            }
        }
        return out;
    }

    /** An fpc column's values over a range of a batch, checked as {@link #fpcValue}. */
    private double[] fpcs(ColumnarBatch batch, int at, int from, int m) {
        Columns.doubles(present(batch, at), plan.kind[at], from, m, scratchFpc, 0);
        for (int i = 0; i < m; i++) {
            checkFpc(at, scratchFpc[i]);
        }
        return scratchFpc;
    }

    /**
     * The block's arrays, made when the first row is queued: a buffer reads either rows (whose
     * categorical int values are queued raw and turned into codes a block at a time) or batches
     * (whose values are turned into codes as each column is read), never both.
     */
    private void allocateBlock(boolean batches) {
        if (blockCell != null) {
            if (batches != (blockRaw == null)) {
                throw new IllegalStateException("a buffer reads either rows or column batches");
            }
            return;
        }
        Plan p = plan;
        blockCell = new int[BLOCK];
        blockWeight = new double[BLOCK];
        blockCode = new int[p.variableAt.length][];
        blockValue = new double[p.variableAt.length][];
        blockRaw = batches ? null : new int[p.variableAt.length][];
        for (int j = 0; j < p.variableAt.length; j++) {
            if (p.categorical[j]) {
                blockCode[j] = new int[BLOCK];
                if (!batches && p.lookup[j] != null && p.kind[p.variableAt[j]] <= Plan.INT && p.lookupMin[j] > NULL_RAW) {
                    blockRaw[j] = new int[BLOCK];
                }
            } else {
                blockValue[j] = new double[BLOCK];
            }
        }
        scratchDomain = new long[BLOCK];
        scratchStratum = new long[BLOCK];
        scratchPsu = new long[BLOCK];
        scratchSsu = new long[BLOCK];
        scratchFpc = new double[BLOCK];
    }

    /** Records cell {@code c}'s fpc, which must equal the one its earlier rows had. */
    private void fpcOf(int c, double f) {
        double seen = fpc[c];
        if (Double.isNaN(seen)) {
            fpc[c] = f;
        } else if (seen != f) {
            throw new BadValue(fpcVaries(stratum[c], seen, f));
        }
    }

    /** Records cell {@code c}'s second-stage fpc, which must equal the one its earlier rows had. */
    private void fpc2Of(int c, double f) {
        double seen = fpc2[c];
        if (Double.isNaN(seen)) {
            fpc2[c] = f;
        } else if (seen != f) {
            throw new BadValue(fpc2Varies(stratum[c], psu[c], seen, f));
        }
    }

    /**
     * Adds the queued rows' sums, one variable at a time over the block (as the core's collector
     * does), so the sums being added to are one variable's array rather than every variable of a
     * cell per row: a working set that stays in cache. Each cell's sums still receive the rows in
     * their order.
     */
    void flush() {
        Plan p = plan;
        int n = queued;
        if (n == 0) {
            return;
        }
        queued = 0;
        int[] cellOf = blockCell;
        double[] wOf = blockWeight;
        double[] hs = head;
        for (int i = 0; i < n; i++) {
            int base = cellOf[i] * Plan.HEAD;
            double w = wOf[i];
            hs[base] += 1;
            hs[base + 1] += w > 0 ? 1 : 0;
            hs[base + 2] += w;
        }
        for (int j = 0; j < p.variableAt.length; j++) {
            if (blockRaw != null && blockRaw[j] != null) {
                int bad = decode(blockRaw[j], blockCode[j], n, p.lookup[j], p.lookupMin[j]);
                if (bad >= 0) {
                    throw new BadValue(p.notACategory(j, boxed(p.kind[p.variableAt[j]], blockRaw[j][bad])));
                }
            }
            if (p.categorical[j]) {
                sumCategorical(items[j], p.stride[j], p.exclusionOffset[j], blockCode[j], cellOf, wOf, n);
            } else {
                sumNumeric(items[j], p.stride[j], p.exclusionOffset[j], blockValue[j], cellOf, wOf, n);
            }
        }
        for (int[] pair : p.pairs) {
            int[] codeA = blockCode[pair[0]];
            int[] codeB = blockCode[pair[1]];
            int kb = p.categories[pair[1]].length;
            for (int i = 0; i < n; i++) {
                int a = codeA[i];
                int b = codeB[i];
                if (a >= 0 && b >= 0) {
                    double w = wOf[i];
                    cross[cellOf[i] * p.crossWidth + pair[2] + a * kb + b] += w * w;
                }
            }
        }
    }

    /**
     * Codes of a block's raw values through a lookup table.
     *
     * @return the position of the first value that is neither a category nor an exclusion code, or -1
     */
    private static int decode(int[] raw, int[] code, int n, int[] table, long min) {
        int bad = -1;
        for (int i = 0; i < n; i++) {
            int r = raw[i];
            int c;
            if (r == NULL_RAW) {
                c = MISSING;
            } else {
                long at = r - min;
                c = at >= 0 && at < table.length ? table[(int) at] : Plan.INVALID;
            }
            code[i] = c;
            if (c == Plan.INVALID && bad < 0) {
                bad = i;
            }
        }
        return bad;
    }

    /** A categorical variable's block of codes into its sums. */
    private static void sumCategorical(double[] s, int width, int ex, int[] codeOf, int[] cellOf, double[] wOf, int n) {
        for (int i = 0; i < n; i++) {
            int base = cellOf[i] * width;
            int code = codeOf[i];
            if (code >= 0) {
                double w = wOf[i];
                int k = base + 3 * code;
                s[k] += 1;
                s[k + 1] += w;
                s[k + 2] += w * w;
            } else {
                s[base + ex - 1 - code] += 1;
            }
        }
    }

    /** A numeric variable's block of values into its sums. */
    private static void sumNumeric(double[] s, int width, int ex, double[] valueOf, int[] cellOf, double[] wOf, int n) {
        int missing = ex + org.civicsurvey.stats.Exclusion.MISSING.ordinal();
        for (int i = 0; i < n; i++) {
            int base = cellOf[i] * width;
            double y = valueOf[i];
            if (Double.isNaN(y)) {
                s[base + missing] += 1;
                continue;
            }
            double w = wOf[i];
            double wy = w * y;
            s[base] += 1;
            s[base + 1] += w;
            s[base + 2] += wy;
            s[base + 3] += wy * y;
            s[base + 4] += w * w;
            s[base + 5] += w * wy;
            s[base + 6] += wy * wy;
        }
    }

    /** Adds every cell of {@code other} into this buffer. */
    CellSums addAll(CellSums other) {
        int crossWidth = plan.crossWidth;
        for (int o = 0; o < other.cells; o++) {
            int c = cell(other.domain[o], other.stratum[o], other.psu[o], other.ssu[o]);
            double f = other.fpc[o];
            if (!Double.isNaN(f)) {
                if (Double.isNaN(fpc[c])) {
                    fpc[c] = f;
                } else if (fpc[c] != f) {
                    throw new BadValue(fpcVaries(stratum[c], fpc[c], f));
                }
            }
            double f2 = other.fpc2[o];
            if (!Double.isNaN(f2)) {
                if (Double.isNaN(fpc2[c])) {
                    fpc2[c] = f2;
                } else if (fpc2[c] != f2) {
                    throw new BadValue(fpc2Varies(stratum[c], psu[c], fpc2[c], f2));
                }
            }
            add(other.head, o, head, c, Plan.HEAD);
            for (int j = 0; j < items.length; j++) {
                add(other.items[j], o, items[j], c, plan.stride[j]);
            }
            if (cross != null) {
                int xf = o * crossWidth;
                int xt = c * crossWidth;
                for (int k = 0; k < crossWidth; k++) {
                    cross[xt + k] += other.cross[xf + k];
                }
            }
        }
        return this;
    }

    /** Adds cell {@code from}'s {@code width} sums in {@code source} to cell {@code to}'s in {@code target}. */
    private static void add(double[] source, int from, double[] target, int to, int width) {
        int f = from * width;
        int t = to * width;
        for (int k = 0; k < width; k++) {
            target[t + k] += source[f + k];
        }
    }

    String fpcVaries(int h, double a, double b) {
        return "column '" + plan.columnNames[plan.fpcAt] + "': the fpc varies within stratum " + h + " (" + a + " and "
            + b + "); sufficient statistics need one population size (or sampling fraction) per stratum";
    }

    String fpc2Varies(int h, long p, double a, double b) {
        return "column '" + plan.columnNames[plan.fpc2At] + "': the second-stage fpc varies within PSU " + p + " of stratum "
            + h + " (" + a + " and " + b + "); sufficient statistics need one population of SSUs (or sampling fraction)"
            + " per PSU";
    }

    private BadValue nullIn(int at) {
        return new BadValue("column '" + plan.columnNames[at] + "' has a null value; every row needs one");
    }

    private double weight(InternalRow row) {
        int at = plan.weightAt;
        if (row.isNullAt(at)) {
            throw nullIn(at);
        }
        return checkWeight(doubleAt(row, at));
    }

    private double checkWeight(double w) {
        if (!(w >= 0) || Double.isInfinite(w)) {
            throw new BadValue("column '" + plan.columnNames[plan.weightAt] + "': weight " + w
                + "; weights must be finite and >= 0");
        }
        return w;
    }

    private double fpcValue(InternalRow row, int at) {
        if (row.isNullAt(at)) {
            throw nullIn(at);
        }
        return checkFpc(at, doubleAt(row, at));
    }

    private double checkFpc(int at, double f) {
        if (!(f >= 0)) {
            throw new BadValue("column '" + plan.columnNames[at] + "': fpc " + f
                + "; must be a population size >= 1 or a sampling fraction in [0, 1]");
        }
        return f;
    }

    private BadValue infinite(int at, double y) {
        return new BadValue("column '" + plan.columnNames[at] + "': value " + y + " is infinite; a numeric"
            + " answer must be finite (null or NaN for missing)");
    }

    private BadValue outsideIntRange(int at, long v) {
        return new BadValue("column '" + plan.columnNames[at] + "': code " + v + " is outside the int range");
    }

    private long longValue(InternalRow row, int at) {
        if (row.isNullAt(at)) {
            throw nullIn(at);
        }
        return longAt(row, at);
    }

    /** An integral column's value (byte, short, int or long), not null. */
    private long longAt(InternalRow row, int at) {
        switch (plan.kind[at]) {
            case Plan.BYTE:
                return row.getByte(at);
            case Plan.SHORT:
                return row.getShort(at);
            case Plan.INT:
                return row.getInt(at);
            default:
                return row.getLong(at);
        }
    }

    /** A numeric column's value as the double that {@code Number.doubleValue} of Spark's external value gives, not null. */
    private double doubleAt(InternalRow row, int at) {
        switch (plan.kind[at]) {
            case Plan.FLOAT:
                return row.getFloat(at);
            case Plan.DOUBLE:
                return row.getDouble(at);
            case Plan.DECIMAL:
                return row.getDecimal(at, plan.precision[at], plan.scale[at]).toJavaBigDecimal().doubleValue();
            default:
                return longAt(row, at);
        }
    }

    /** A column's value as Spark hands it to users ({@code Row.get}), for messages only. */
    private Object boxed(InternalRow row, int at) {
        switch (plan.kind[at]) {
            case Plan.BYTE:
                return row.getByte(at);
            case Plan.SHORT:
                return row.getShort(at);
            case Plan.INT:
                return row.getInt(at);
            case Plan.LONG:
                return row.getLong(at);
            case Plan.FLOAT:
                return row.getFloat(at);
            case Plan.DOUBLE:
                return row.getDouble(at);
            default:
                return row.getDecimal(at, plan.precision[at], plan.scale[at]).toJavaBigDecimal();
        }
    }

    /** An integral column's value as Spark hands it to users, for messages only. */
    private static Object boxed(int kind, long value) {
        switch (kind) {
            case Plan.BYTE:
                return (byte) value;
            case Plan.SHORT:
                return (short) value;
            case Plan.INT:
                return (int) value;
            default:
                return value;
        }
    }

    private int intValue(InternalRow row, int at) {
        long v = longValue(row, at);
        if (v != (int) v) {
            throw outsideIntRange(at, v);
        }
        return (int) v;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        flush();
        out.writeObject(plan);
        out.writeInt(cells);
        out.writeObject(Arrays.copyOf(domain, cells));
        out.writeObject(Arrays.copyOf(stratum, cells));
        out.writeObject(Arrays.copyOf(psu, cells));
        out.writeObject(Arrays.copyOf(ssu, cells));
        out.writeObject(Arrays.copyOf(fpc, cells));
        out.writeObject(Arrays.copyOf(fpc2, cells));
        out.writeObject(Arrays.copyOf(head, cells * Plan.HEAD));
        double[][] filled = new double[items.length][];
        for (int j = 0; j < items.length; j++) {
            filled[j] = Arrays.copyOf(items[j], cells * plan.stride[j]);
        }
        out.writeObject(filled);
        out.writeObject(cross == null ? null : Arrays.copyOf(cross, cells * plan.crossWidth));
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        plan = (Plan) in.readObject();
        cells = in.readInt();
        domain = (int[]) in.readObject();
        stratum = (int[]) in.readObject();
        psu = (long[]) in.readObject();
        ssu = (long[]) in.readObject();
        fpc = (double[]) in.readObject();
        fpc2 = (double[]) in.readObject();
        head = (double[]) in.readObject();
        items = (double[][]) in.readObject();
        cross = (double[]) in.readObject();
        slots = null;
    }

    /** A bad value in a row, raised on an executor and reported on the driver by its message. */
    static final class BadValue extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        BadValue(String message) {
            super(message);
        }
    }
}
