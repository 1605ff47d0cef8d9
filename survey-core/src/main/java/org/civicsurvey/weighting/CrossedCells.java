package org.civicsurvey.weighting;

import java.util.stream.IntStream;

/**
 * The crossed cells of several margins, for passes that read each unit's cell block by block
 * without storing it: cell {@code (k0, k1, ..., k_last)} is {@code ((k0 * L1 + k1) * L2 + k2) ...}
 * (row-major, the last margin varies fastest), and rows are cut into ranges for parallel passes.
 */
final class CrossedCells {
    /** Crossed tables of up to this many cells are used even when there are fewer units. */
    static final int SMALL_TABLE = 1 << 16;
    /** The fewest rows a range read in parallel holds. */
    static final int MIN_RANGE = 1 << 16;
    /** Rows per block: a block's cells stay in the first-level cache. */
    static final int BLOCK = 2048;

    private final int[][] codes;
    private final int[] categories;
    private final int[] strides;
    private final int count;
    private final int units;

    private CrossedCells(int[][] codes, int[] categories, int count, int units) {
        this.codes = codes;
        this.categories = categories;
        this.count = count;
        this.units = units;
        this.strides = new int[categories.length];
        int stride = 1;
        for (int m = categories.length - 1; m >= 0; m--) {
            strides[m] = stride;
            stride *= categories[m];
        }
    }

    /**
     * @param codes each margin's category of every unit (not copied)
     * @param categories each margin's number of categories
     * @param units the number of units
     * @return the crossed cells, or null when the margins cross into more than
     *     {@code max(units, SMALL_TABLE)} cells
     */
    static CrossedCells of(int[][] codes, int[] categories, int units) {
        long cells = 1;
        for (int levels : categories) {
            cells *= levels;
            if (cells > Math.max(units, SMALL_TABLE)) {
                return null;
            }
        }
        return new CrossedCells(codes, categories, (int) cells, units);
    }

    /** @return the number of crossed cells, occupied or not */
    int count() {
        return count;
    }

    /**
     * @param cell a crossed cell
     * @param margin a margin
     * @return the cell's category of that margin
     */
    int category(int cell, int margin) {
        return cell / strides[margin] % categories[margin];
    }

    /**
     * Writes the crossed cell of units {@code start .. start + length - 1} to {@code cell[0 .. length - 1]}.
     */
    void cellsOf(int start, int[] cell, int length) {
        System.arraycopy(codes[0], start, cell, 0, length);
        for (int m = 1; m < codes.length; m++) {
            int[] c = codes[m];
            int levels = categories[m];
            for (int j = 0; j < length; j++) {
                cell[j] = cell[j] * levels + c[start + j];
            }
        }
    }

    /**
     * @param maxRanges the most ranges wanted
     * @param tableSize the size of the table each extra range adds up separately (0 for none)
     * @return how many row ranges to read in parallel: at most {@code maxRanges}, each of at least
     *     {@link #MIN_RANGE} rows and of four rows per entry of its own table
     */
    int ranges(int maxRanges, long tableSize) {
        long perRange = Math.max(MIN_RANGE, 4 * tableSize);
        return (int) Math.max(1, Math.min(maxRanges, units / perRange));
    }

    /** @return the first row of range {@code range} of {@code ranges} */
    int from(int range, int ranges) {
        return (int) ((long) units * range / ranges);
    }

    /** @return the range indexes, as a parallel stream when there are several */
    static IntStream parallel(int ranges) {
        IntStream indexes = IntStream.range(0, ranges);
        return ranges > 1 ? indexes.parallel() : indexes;
    }
}
