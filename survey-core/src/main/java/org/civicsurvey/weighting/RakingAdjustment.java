package org.civicsurvey.weighting;

import java.util.Arrays;
import java.util.List;

/**
 * A raking step in the variance, as the {@code "raking"} branch of {@code survey:::svyrecvar}: ten
 * back-fitting passes of {@code x <- x - psw_m * ave(x / psw_m, margin_m)} over the margins, where
 * {@code psw_m} are the weights right after margin m was matched in the last raking sweep. Those are
 * recovered from the raked weights and the last sweep's factors of the later margins.
 *
 * <p>{@code psw_m} of a unit is its raked weight {@code r} times a number {@code d_m} shared by its
 * crossed cell (the product of the inverse last factors of the margins after m), so after any
 * number of back-fitting steps {@code x = z - r * K} with {@code K} constant within a crossed cell,
 * and a step's category sums of {@code x / psw_m} are sums over crossed cells of
 * {@code (sum of z / r - units * K) / d_m}. When the margins cross into at most
 * {@code max(units, 65,536)} cells the rows are therefore read twice (sum {@code z / r} and count
 * units by cell; subtract {@code r * K}), for as many rows of {@code z} at once as fit a table of
 * that size, and the back-fitting steps run over the occupied cells; otherwise each step reads the
 * units twice.
 */
final class RakingAdjustment implements Adjustment {
    /** R's svyrecvar uses exactly 10 back-fitting passes ({@code for (iterations in 1:10)}). */
    private static final int PASSES = 10;

    private final List<String> names;
    private final int[][] codes;
    private final int[] categories;
    private final double[] rakedWeights;
    private final double[][] lastFactors;
    private final CrossedCells crossed;
    private final int maxRanges;

    /**
     * @param maxRanges the most row ranges read in parallel
     */
    RakingAdjustment(List<String> names, int[][] codes, int[] categories, double[] rakedWeights, double[][] lastFactors,
            int maxRanges) {
        this.names = List.copyOf(names);
        this.codes = codes;
        this.categories = categories;
        this.rakedWeights = rakedWeights;
        this.lastFactors = lastFactors;
        this.crossed = CrossedCells.of(codes, categories, rakedWeights.length);
        this.maxRanges = maxRanges;
    }

    @Override
    public void residualise(double[][] z) {
        if (crossed != null) {
            residualiseByCell(z);
        } else {
            residualiseUnitByUnit(z);
        }
    }

    private void residualiseByCell(double[][] z) {
        int cells = crossed.count();
        int group = Math.max(1, Math.min(z.length, Math.max(rakedWeights.length, CrossedCells.SMALL_TABLE) / cells));
        for (int first = 0; first < z.length; first += group) {
            residualiseByCell(z, first, Math.min(z.length, first + group));
        }
    }

    /** Rows {@code first .. last - 1} of {@code z}: cell sums in one read, the steps by cell, residuals in another. */
    private void residualiseByCell(double[][] z, int first, int last) {
        int rows = last - first;
        int cells = crossed.count();
        int sumRanges = crossed.ranges(maxRanges, (long) (rows + 1) * cells);
        double[][] partialSums = new double[sumRanges][];
        int[][] partialUnits = new int[sumRanges][];
        CrossedCells.parallel(sumRanges).forEach(t -> {
            partialSums[t] = new double[rows * cells];
            partialUnits[t] = new int[cells];
            sumByCell(z, first, rows, crossed.from(t, sumRanges), crossed.from(t + 1, sumRanges), partialSums[t],
                    partialUnits[t]);
        });
        double[] cellSums = partialSums[0];
        int[] cellUnits = partialUnits[0];
        for (int t = 1; t < sumRanges; t++) {
            for (int x = 0; x < cellSums.length; x++) {
                cellSums[x] += partialSums[t][x];
            }
            for (int cell = 0; cell < cells; cell++) {
                cellUnits[cell] += partialUnits[t][cell];
            }
        }
        int margins = codes.length;
        int occupied = 0;
        for (int cell = 0; cell < cells; cell++) {
            if (cellUnits[cell] > 0) {
                occupied++;
            }
        }
        int[] occupiedCell = new int[occupied];
        int[][] occupiedCodes = new int[margins][occupied];
        double[] units = new double[occupied];
        double[][] pswRatio = new double[margins][occupied];
        int[][] marginUnits = new int[margins][];
        for (int m = 0; m < margins; m++) {
            marginUnits[m] = new int[categories[m]];
        }
        int o = 0;
        for (int cell = 0; cell < cells; cell++) {
            if (cellUnits[cell] == 0) {
                continue;
            }
            occupiedCell[o] = cell;
            units[o] = cellUnits[cell];
            double d = 1;
            for (int m = margins - 1; m >= 0; m--) {
                int k = crossed.category(cell, m);
                occupiedCodes[m][o] = k;
                marginUnits[m][k] += cellUnits[cell];
                pswRatio[m][o] = d;
                d /= lastFactors[m][k];
            }
            o++;
        }
        double[] cellTaken = new double[rows * cells];
        double[] sums = new double[occupied];
        double[] taken = new double[occupied];
        for (int row = 0; row < rows; row++) {
            for (o = 0; o < occupied; o++) {
                sums[o] = cellSums[row * cells + occupiedCell[o]];
            }
            Arrays.fill(taken, 0);
            backfit(sums, units, occupiedCodes, pswRatio, marginUnits, taken);
            for (o = 0; o < occupied; o++) {
                cellTaken[row * cells + occupiedCell[o]] = taken[o];
            }
        }
        int applyRanges = crossed.ranges(maxRanges, 0);
        CrossedCells.parallel(applyRanges).forEach(t -> subtractByCell(z, first, rows, crossed.from(t, applyRanges),
                crossed.from(t + 1, applyRanges), cellTaken));
    }

    /**
     * R's back-fitting steps ({@link #PASSES} passes over the margins) on one row of z, by occupied
     * cell: after them the unit's residual is {@code z - r * taken[cell]}.
     *
     * @param sums each cell's sum of {@code z / r}
     * @param units each cell's number of units
     * @param cellCodes each margin's category of each cell
     * @param pswRatio each margin's {@code psw_m / r} of each cell
     * @param marginUnits each margin's number of units per category
     * @param taken each cell's multiple of {@code r} taken off so far, updated in place
     */
    private void backfit(double[] sums, double[] units, int[][] cellCodes, double[][] pswRatio, int[][] marginUnits,
            double[] taken) {
        int margins = cellCodes.length;
        double[][] mean = new double[margins][];
        for (int m = 0; m < margins; m++) {
            mean[m] = new double[categories[m]];
        }
        for (int pass = 0; pass < PASSES; pass++) {
            for (int m = 0; m < margins; m++) {
                int[] c = cellCodes[m];
                double[] d = pswRatio[m];
                double[] a = mean[m];
                Arrays.fill(a, 0);
                for (int o = 0; o < taken.length; o++) {
                    a[c[o]] += (sums[o] - units[o] * taken[o]) / d[o];
                }
                for (int cat = 0; cat < a.length; cat++) {
                    a[cat] /= marginUnits[m][cat];
                }
                for (int o = 0; o < taken.length; o++) {
                    taken[o] += d[o] * a[c[o]];
                }
            }
        }
    }

    private void sumByCell(double[][] z, int first, int rows, int from, int to, double[] cellSums, int[] cellUnits) {
        int cells = crossed.count();
        int[] cell = new int[CrossedCells.BLOCK];
        double[] r = rakedWeights;
        for (int start = from; start < to; start += CrossedCells.BLOCK) {
            int length = Math.min(CrossedCells.BLOCK, to - start);
            crossed.cellsOf(start, cell, length);
            for (int j = 0; j < length; j++) {
                cellUnits[cell[j]]++;
            }
            for (int row = 0; row < rows; row++) {
                double[] x = z[first + row];
                int offset = row * cells;
                for (int j = 0; j < length; j++) {
                    cellSums[offset + cell[j]] += x[start + j] / r[start + j];
                }
            }
        }
    }

    private void subtractByCell(double[][] z, int first, int rows, int from, int to, double[] cellTaken) {
        int cells = crossed.count();
        int[] cell = new int[CrossedCells.BLOCK];
        double[] r = rakedWeights;
        for (int start = from; start < to; start += CrossedCells.BLOCK) {
            int length = Math.min(CrossedCells.BLOCK, to - start);
            crossed.cellsOf(start, cell, length);
            for (int row = 0; row < rows; row++) {
                double[] x = z[first + row];
                int offset = row * cells;
                for (int j = 0; j < length; j++) {
                    x[start + j] -= r[start + j] * cellTaken[offset + cell[j]];
                }
            }
        }
    }

    private void residualiseUnitByUnit(double[][] z) {
        int margins = codes.length;
        int n = rakedWeights.length;
        double[][] psw = new double[margins][];
        double[][] inverse = new double[margins][n];
        double[] w = rakedWeights.clone();
        for (int m = margins - 1; m >= 0; m--) {
            psw[m] = w.clone();
            for (int i = 0; i < n; i++) {
                inverse[m][i] = 1 / w[i];
            }
            if (m > 0) {
                double[] f = lastFactors[m];
                int[] c = codes[m];
                for (int i = 0; i < n; i++) {
                    w[i] /= f[c[i]];
                }
            }
        }
        int[][] counts = new int[margins][];
        for (int m = 0; m < margins; m++) {
            counts[m] = new int[categories[m]];
            for (int i = 0; i < n; i++) {
                counts[m][codes[m][i]]++;
            }
        }
        for (double[] x : z) {
            for (int pass = 0; pass < PASSES; pass++) {
                for (int m = 0; m < margins; m++) {
                    int[] c = codes[m];
                    double[] p = psw[m];
                    double[] q = inverse[m];
                    double[] mean = new double[categories[m]];
                    for (int i = 0; i < n; i++) {
                        mean[c[i]] += x[i] * q[i];
                    }
                    for (int k = 0; k < mean.length; k++) {
                        mean[k] /= counts[m][k];
                    }
                    for (int i = 0; i < n; i++) {
                        x[i] -= p[i] * mean[c[i]];
                    }
                }
            }
        }
    }

    @Override
    public String describe() {
        return "rake(" + String.join(", ", names) + ")";
    }
}
