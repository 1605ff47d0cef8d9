package org.civicsurvey.jdbc;

import java.util.Arrays;

/**
 * What the rows a chunk inserts add to the rollup, gathered per level and cell as rows of sums
 * indexed by the chunk's codes: every code met is numbered once (a chunk's responses share a few
 * hundred codes), so a response's codes are looked up once for all its cells, and a cell's sums are
 * short arrays that stay in the cache. Adds in the same order as {@link RollupCells#addAtLevels}, so
 * the sums are the same bits; a cell's packed row is written straight from its arrays in the order
 * of the codes, sorted once for the chunk.
 */
final class DenseCells {

    private static final long EMPTY = Long.MIN_VALUE;

    /** The codes met, by number. */
    private long[] codeAt = new long[256];
    private int codes;
    /** Open addressing from a code to its number: the code, and its number + 1 (0 when empty). */
    private long[] keys = new long[512];
    private int[] numbers = new int[512];

    /**
     * Numbers of answer codes looked up directly: {@code position * DIRECT_SLOTS + slot} holds the
     * number + 1 of code {@code position * CODE_STRIDE + slot} (0 when not met), for slots below
     * {@link #DIRECT_SLOTS}: every status and the values of small scales and NPS. Grown to the
     * largest position met.
     */
    private int[] direct = new int[0];
    private static final int DIRECT_SLOTS = 32;
    /** Positions with a directly numbered code: a bound on what {@link #direct} grows to. */
    private static final int DIRECT_POSITIONS = 4096;
    /** The numbers of the response being added ({@link #add}), reused. */
    private int[] scratch = new int[64];

    private final int[] levels;
    /** Per level its cells' rows, in a table keyed by the cell as {@link Rollup#levelOf} makes it. */
    private final LevelRows[] cells;

    /** One cell's sums, by code number. */
    static final class Row {
        long[] n = new long[0];
        long positive;
        double[] w = new double[0];
        double[] w2 = new double[0];
        /** Σwy, Σwy², Σw²y, Σw²y² per code number, four in a row; null until a numeric answer. */
        double[] moments;

        private void room(int size) {
            if (n.length < size) {
                int length = Math.max(size, n.length * 2);
                n = Arrays.copyOf(n, length);
                w = Arrays.copyOf(w, length);
                w2 = Arrays.copyOf(w2, length);
                if (moments != null) {
                    moments = Arrays.copyOf(moments, length * 4);
                }
            }
        }
    }

    /**
     * An empty gathering.
     *
     * @param levels the levels gathered
     */
    DenseCells(int[] levels) {
        this.levels = levels.clone();
        cells = new LevelRows[levels.length];
        for (int i = 0; i < levels.length; i++) {
            cells[i] = new LevelRows(levels[i]);
        }
        Arrays.fill(keys, EMPTY);
    }

    /**
     * The rows of one level's cells: open addressing by the hash of the cell a response's finest
     * cell falls in at the level ({@link RollupCells.Cell#hashAtLevel}), matched against the finest
     * cell without making the level's cell ({@link RollupCells.Cell#sameAtLevel}); that cell is made
     * once, with its row.
     */
    private static final class LevelRows {
        private final int level;
        private RollupCells.Cell[] keys = new RollupCells.Cell[64];
        private int[] hashes = new int[64];
        private Row[] rows = new Row[64];
        private int size;

        LevelRows(int level) {
            this.level = level;
        }

        Row row(RollupCells.Cell fine) {
            int h = fine.hashAtLevel(level);
            int mask = keys.length - 1;
            int i = spread(h) & mask;
            RollupCells.Cell k;
            while ((k = keys[i]) != null) {
                if (hashes[i] == h && k.sameAtLevel(fine, level)) {
                    return rows[i];
                }
                i = (i + 1) & mask;
            }
            Row row = new Row();
            keys[i] = Rollup.levelOf(fine, level);
            hashes[i] = h;
            rows[i] = row;
            if (++size * 2 > keys.length) {
                grow();
            }
            return row;
        }

        private static int spread(int h) {
            return h ^ (h >>> 16);
        }

        private void grow() {
            RollupCells.Cell[] oldKeys = keys;
            int[] oldHashes = hashes;
            Row[] oldRows = rows;
            keys = new RollupCells.Cell[oldKeys.length * 2];
            hashes = new int[keys.length];
            rows = new Row[keys.length];
            int mask = keys.length - 1;
            for (int j = 0; j < oldKeys.length; j++) {
                if (oldKeys[j] != null) {
                    int i = spread(oldHashes[j]) & mask;
                    while (keys[i] != null) {
                        i = (i + 1) & mask;
                    }
                    keys[i] = oldKeys[j];
                    hashes[i] = oldHashes[j];
                    rows[i] = oldRows[j];
                }
            }
        }

        boolean isEmpty() {
            return size == 0;
        }

        /** Visits the cells and their rows, in no particular order. */
        void forEach(java.util.function.BiConsumer<RollupCells.Cell, Row> action) {
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] != null) {
                    action.accept(keys[i], rows[i]);
                }
            }
        }
    }

    /** The number of a code, numbered when first met; an answer code's looked up directly. */
    private int numberOf(long code) {
        long position = code / ResponseRows.CODE_STRIDE;
        int slot = (int) (code % ResponseRows.CODE_STRIDE);
        if (code < 0 || slot >= DIRECT_SLOTS || position >= DIRECT_POSITIONS) {
            return number(code);
        }
        int d = (int) position * DIRECT_SLOTS + slot;
        if (d >= direct.length) {
            direct = Arrays.copyOf(direct, Math.max(d + 1, Math.min(direct.length * 2, DIRECT_POSITIONS * DIRECT_SLOTS)));
        }
        int n = direct[d];
        if (n == 0) {
            n = number(code) + 1;
            direct[d] = n;
        }
        return n - 1;
    }

    /** The number of a code, numbered when first met. */
    private int number(long code) {
        int mask = keys.length - 1;
        long h = code * 0x9E3779B97F4A7C15L;
        int i = (int) (h ^ (h >>> 32)) & mask;
        while (keys[i] != EMPTY) {
            if (keys[i] == code) {
                return numbers[i] - 1;
            }
            i = (i + 1) & mask;
        }
        if (codes == codeAt.length) {
            codeAt = Arrays.copyOf(codeAt, codes * 2);
        }
        codeAt[codes] = code;
        keys[i] = code;
        numbers[i] = ++codes;
        if (codes * 2 > keys.length) {
            rehash();
        }
        return codes - 1;
    }

    private void rehash() {
        keys = new long[keys.length * 2];
        numbers = new int[keys.length];
        Arrays.fill(keys, EMPTY);
        int mask = keys.length - 1;
        for (int c = 0; c < codes; c++) {
            long h = codeAt[c] * 0x9E3779B97F4A7C15L;
            int i = (int) (h ^ (h >>> 32)) & mask;
            while (keys[i] != EMPTY) {
                i = (i + 1) & mask;
            }
            keys[i] = codeAt[c];
            numbers[i] = c + 1;
        }
    }

    /**
     * Adds a response being inserted to its cell at every level.
     *
     * @param coded the response's cell and codes
     */
    void add(RollupCells.Coded coded) {
        int size = coded.size();
        long[] codes = coded.codes();
        if (scratch.length < size) {
            scratch = new int[Math.max(size, scratch.length * 2)];
        }
        int[] number = scratch;
        for (int e = 0; e < size; e++) {
            number[e] = numberOf(codes[e]);
        }
        double w = coded.w();
        double w2 = w * w;
        boolean[] numeric = coded.numeric();
        double[] y = coded.y();
        boolean anyNumeric = coded.anyNumeric();
        for (int l = 0; l < levels.length; l++) {
            Row row = cells[l].row(coded.fine());
            row.room(this.codes);
            long[] n = row.n;
            double[] rw = row.w;
            double[] rw2 = row.w2;
            // code 0, the response itself, first: as RollupCells.addAtLevels adds
            int z = number[0];
            n[z] += 1;
            row.positive += w > 0 ? 1 : 0;
            rw[z] += w;
            rw2[z] += w2;
            for (int e = 1; e < size; e++) {
                int c = number[e];
                n[c] += 1;
                rw[c] += w;
                rw2[c] += w2;
            }
            if (anyNumeric) {
                for (int e = 1; e < size; e++) {
                    if (numeric[e]) {
                        if (row.moments == null) {
                            row.moments = new double[row.n.length * 4];
                        }
                        int c = number[e];
                        double v = y[e];
                        row.moments[c * 4] += w * v;
                        row.moments[c * 4 + 1] += w * v * v;
                        row.moments[c * 4 + 2] += w2 * v;
                        row.moments[c * 4 + 3] += w2 * v * v;
                    }
                }
            }
        }
    }

    /** @return whether nothing was added */
    boolean isEmpty() {
        for (LevelRows m : cells) {
            if (!m.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** What {@link #forEach} hands over. */
    interface Cells {
        /**
         * One cell.
         *
         * @param level its level
         * @param cell the cell
         * @param sums its sums in increasing order of code
         */
        void accept(int level, RollupCells.Cell cell, CodeSums.Entries sums);
    }

    /**
     * Visits every cell of every level with its sums in increasing order of code (the codes sorted
     * once for all cells).
     *
     * @param action what to do with each
     */
    void forEach(Cells action) {
        int[] order = new int[codes];
        long[] sorted = Arrays.copyOf(codeAt, codes);
        Arrays.sort(sorted);
        for (int k = 0; k < codes; k++) {
            order[k] = number(sorted[k]);
        }
        for (int l = 0; l < levels.length; l++) {
            int level = levels[l];
            cells[l].forEach((cell, row) -> {
                action.accept(level, cell, new CodeSums.Entries() {
                    @Override
                    public int size() {
                        return order.length;
                    }

                    @Override
                    public long code(int k) {
                        return sorted[k];
                    }

                    @Override
                    public long n(int k) {
                        return order[k] < row.n.length ? row.n[order[k]] : 0;
                    }

                    @Override
                    public long positive(int k) {
                        // only code 0, the response itself, counts positive weights
                        return sorted[k] == 0 ? row.positive : 0;
                    }

                    @Override
                    public double w(int k) {
                        return order[k] < row.w.length ? row.w[order[k]] : 0;
                    }

                    @Override
                    public double w2(int k) {
                        return order[k] < row.w2.length ? row.w2[order[k]] : 0;
                    }

                    @Override
                    public double moment(int k, int which) {
                        return row.moments == null || order[k] >= row.n.length ? 0 : row.moments[order[k] * 4 + which];
                    }
                });
            });
        }
    }

    /**
     * Adds everything gathered to per-level code tables, each level's into the element of {@code
     * into} at the same position as in the levels given to the constructor.
     *
     * @param into per level its cells
     */
    void addTo(RollupCells[] into) {
        forEach((level, cell, sums) -> {
            int i = 0;
            while (levels[i] != level) {
                i++;
            }
            CodeSums target = into[i].codes(cell);
            for (int k = 0; k < sums.size(); k++) {
                if (sums.n(k) == 0 && sums.w(k) == 0 && sums.w2(k) == 0 && sums.positive(k) == 0) {
                    continue;
                }
                int slot = target.index(sums.code(k));
                target.add(slot, sums.n(k), sums.positive(k), sums.w(k), sums.w2(k));
                double m0 = sums.moment(k, 0);
                double m1 = sums.moment(k, 1);
                double m2 = sums.moment(k, 2);
                double m3 = sums.moment(k, 3);
                if (m0 != 0 || m1 != 0 || m2 != 0 || m3 != 0) {
                    target.addMoments(slot, m0, m1, m2, m3);
                }
            }
        });
    }
}
