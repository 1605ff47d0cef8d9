package org.civicsurvey.spark.internal;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.civicsurvey.stats.Exclusion;
import org.civicsurvey.stats.Variable;

/**
 * What the aggregation reads from each selected row and where it adds it: the positions of the
 * design's columns and of every variable's column in the row, and the layout of a cell's sums, which
 * is the layout of {@code SufficientStatistics}: a head block (rows, rows with positive weight, Σw),
 * then one block per variable — per categorical variable (count, Σw, Σw²) per category and one count
 * per {@link Exclusion}, per numeric variable (count, Σw, Σwy, Σwy², Σw², Σw²y, Σw²y²) and one count
 * per {@link Exclusion} — and cross-products (Σw² per pair of categories of two categorical variables)
 * in a block of their own. Each block is stored for all cells together (variable-major), so adding
 * one variable's answers touches only that variable's sums.
 * Sent to the executors with the aggregator.
 */
public final class Plan implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Sums of a cell before the variables' blocks: rows, rows with positive weight, Σw. */
    static final int HEAD = 3;
    static final int NUMERIC_SUMS = 7;
    static final int REASONS = Exclusion.values().length;
    /** Marks a value that is neither a category nor an exclusion code in a lookup table. */
    static final int INVALID = Integer.MIN_VALUE;
    private static final int MAX_TABLE = 1 << 16;
    /** How a selected column is read from an {@code InternalRow}: {@link #kind}'s values. */
    static final int BYTE = 0;
    static final int SHORT = 1;
    static final int INT = 2;
    static final int LONG = 3;
    static final int FLOAT = 4;
    static final int DOUBLE = 5;
    static final int DECIMAL = 6;

    /** The user's column name at each position of the selected row (for messages). */
    final String[] columnNames;
    /** The type of each selected column ({@link #BYTE} .. {@link #DECIMAL}), read without boxing. */
    final int[] kind;
    /** A decimal column's precision and scale (0 for other types). */
    final int[] precision;
    final int[] scale;
    /** Positions in the selected row; -1 when the design has no such column. */
    final int weightAt;
    final int stratumAt;
    final int psuAt;
    final int ssuAt;
    final int fpcAt;
    final int fpc2At;
    final int domainAt;
    final int[] variableAt;

    final String[] variableNames;
    final boolean[] categorical;
    final double[][] categories;
    /** The number of sums per cell in each variable's block, exclusion counts included. */
    final int[] stride;
    /** Start of each variable's exclusion counts inside a cell's part of its block. */
    final int[] exclusionOffset;
    /** Categorical pairs with cross-products: {a, b, start of the pair's block in a cell's cross sums}. */
    final int[][] pairs;
    final int crossWidth;

    /** Exclusion codes of categorical variables, value to {@link Exclusion#ordinal()}. */
    final double[] exclusionValues;
    final int[] exclusionReasons;
    /** Per categorical variable: integral values from {@code lookupMin[j]} mapped to code or -1-reason. */
    final long[] lookupMin;
    final int[][] lookup;

    /**
     * @param columnNames the user's column name at each position of the selected row
     * @param columnTypes the type of each selected column, numeric
     * @param weightAt position of the weight, or -1
     * @param stratumAt position of the stratum, or -1
     * @param psuAt position of the PSU, or -1
     * @param ssuAt position of the SSU, or -1
     * @param fpcAt position of the fpc, or -1
     * @param fpc2At position of the second-stage fpc, or -1
     * @param domainAt position of the domain, or -1
     * @param variableAt position of each variable's column
     * @param variables the variables
     * @param exclusions exclusion codes of categorical answers
     * @param crossProducts whether to keep cross-products between categorical variables
     */
    public Plan(String[] columnNames, DataType[] columnTypes, int weightAt, int stratumAt, int psuAt, int ssuAt, int fpcAt,
         int fpc2At, int domainAt, int[] variableAt, List<Variable> variables, Map<Double, Exclusion> exclusions,
         boolean crossProducts) {
        this.columnNames = columnNames.clone();
        kind = new int[columnNames.length];
        precision = new int[columnNames.length];
        scale = new int[columnNames.length];
        for (int c = 0; c < columnNames.length; c++) {
            DataType t = columnTypes[c];
            if (t instanceof DecimalType) {
                kind[c] = DECIMAL;
                precision[c] = ((DecimalType) t).precision();
                scale[c] = ((DecimalType) t).scale();
            } else {
                kind[c] = kindOf(t, columnNames[c]);
            }
        }
        this.weightAt = weightAt;
        this.stratumAt = stratumAt;
        this.psuAt = psuAt;
        this.ssuAt = ssuAt;
        this.fpcAt = fpcAt;
        this.fpc2At = fpc2At;
        this.domainAt = domainAt;
        this.variableAt = variableAt.clone();
        int k = variables.size();
        variableNames = new String[k];
        categorical = new boolean[k];
        categories = new double[k][];
        stride = new int[k];
        exclusionOffset = new int[k];
        for (int j = 0; j < k; j++) {
            Variable v = variables.get(j);
            variableNames[j] = v.name();
            categorical[j] = v.isCategorical();
            categories[j] = v.categories();
            exclusionOffset[j] = v.isCategorical() ? 3 * v.categoryCount() : NUMERIC_SUMS;
            stride[j] = exclusionOffset[j] + REASONS;
        }
        exclusionValues = new double[exclusions.size()];
        exclusionReasons = new int[exclusions.size()];
        int e = 0;
        for (Map.Entry<Double, Exclusion> x : exclusions.entrySet()) {
            exclusionValues[e] = x.getKey();
            exclusionReasons[e++] = x.getValue().ordinal();
        }
        int pairCount = 0;
        for (int a = 0; a < k; a++) {
            for (int b = a + 1; b < k; b++) {
                pairCount += crossProducts && categorical[a] && categorical[b] ? 1 : 0;
            }
        }
        pairs = new int[pairCount][];
        int q = 0;
        int cross = 0;
        for (int a = 0; a < k && crossProducts; a++) {
            for (int b = a + 1; b < k; b++) {
                if (categorical[a] && categorical[b]) {
                    pairs[q++] = new int[] {a, b, cross};
                    cross += categories[a].length * categories[b].length;
                }
            }
        }
        crossWidth = cross;
        lookupMin = new long[k];
        lookup = new int[k][];
        for (int j = 0; j < k; j++) {
            if (categorical[j]) {
                buildLookup(j);
            }
        }
    }

    private static int kindOf(DataType t, String column) {
        DataType[] types = {DataTypes.ByteType, DataTypes.ShortType, DataTypes.IntegerType, DataTypes.LongType,
            DataTypes.FloatType, DataTypes.DoubleType};
        for (int k = 0; k < types.length; k++) {
            if (types[k].equals(t)) {
                return k;
            }
        }
        throw new IllegalArgumentException("column '" + column + "' is of type " + t.simpleString()
            + "; it must be byte, short, int, long, float, double or decimal");
    }

    /** An integer lookup table for a categorical variable whose categories and exclusion codes are all small integers. */
    private void buildLookup(int j) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double[] all = new double[categories[j].length + exclusionValues.length];
        System.arraycopy(categories[j], 0, all, 0, categories[j].length);
        System.arraycopy(exclusionValues, 0, all, categories[j].length, exclusionValues.length);
        for (double v : all) {
            if (v != Math.rint(v)) {
                return;
            }
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (max - min >= MAX_TABLE) {
            return;
        }
        int[] table = new int[(int) (max - min) + 1];
        Arrays.fill(table, INVALID);
        for (int e = 0; e < exclusionValues.length; e++) {
            table[(int) (exclusionValues[e] - min)] = -1 - exclusionReasons[e];
        }
        for (int c = 0; c < categories[j].length; c++) {
            table[(int) (categories[j][c] - min)] = c; // a category wins over an exclusion code of the same value
        }
        lookupMin[j] = (long) min;
        lookup[j] = table;
    }

    /**
     * @return the category code (&gt;= 0), {@code -1 - reason} for an exclusion code, or {@link #INVALID}
     */
    int code(int j, double value) {
        int[] table = lookup[j];
        if (table != null) {
            if (value != Math.rint(value)) {
                return INVALID;
            }
            double at = value - lookupMin[j];
            return at >= 0 && at < table.length ? table[(int) at] : INVALID;
        }
        double[] cats = categories[j];
        for (int c = 0; c < cats.length; c++) {
            if (cats[c] == value) {
                return c;
            }
        }
        for (int e = 0; e < exclusionValues.length; e++) {
            if (exclusionValues[e] == value) {
                return -1 - exclusionReasons[e];
            }
        }
        return INVALID;
    }

    /** @return the same lookup for a value read as a long (no conversion to double on the common path) */
    int code(int j, long value) {
        int[] table = lookup[j];
        if (table != null) {
            long at = value - lookupMin[j];
            return at >= 0 && at < table.length ? table[(int) at] : INVALID;
        }
        return code(j, (double) value);
    }

    /** Whether every selected column is of a primitive type (no decimal), so it can be read from column vectors. */
    boolean primitive() {
        for (int k : kind) {
            if (k == DECIMAL) {
                return false;
            }
        }
        return true;
    }

    boolean clustered() {
        return psuAt >= 0;
    }

    /** Whether the second stage enters the variance (SSUs and a second-stage fpc): cells are then per SSU. */
    boolean twoStage() {
        return ssuAt >= 0 && fpc2At >= 0;
    }

    boolean crossProducts() {
        return crossWidth > 0;
    }

    /** The message for a value that is neither a category nor an exclusion code. */
    String notACategory(int j, Object value) {
        StringBuilder codes = new StringBuilder();
        for (int e = 0; e < exclusionValues.length; e++) {
            codes.append(e == 0 ? "" : ", ").append(format(exclusionValues[e])).append(" = ")
                .append(Exclusion.values()[exclusionReasons[e]]);
        }
        StringBuilder cats = new StringBuilder();
        for (int c = 0; c < categories[j].length; c++) {
            cats.append(c == 0 ? "" : ", ").append(format(categories[j][c]));
        }
        return "column '" + columnNames[variableAt[j]] + "': value " + value + " is neither a category of "
            + variableNames[j] + " (" + cats + ") nor an exclusion code"
            + (exclusionValues.length == 0 ? " (none declared)" : " (" + codes + ")");
    }

    /**
     * @param v a value
     * @return it without a trailing ".0" when integral
     */
    public static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
