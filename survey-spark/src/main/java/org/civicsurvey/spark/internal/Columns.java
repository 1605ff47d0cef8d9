package org.civicsurvey.spark.internal;

import org.apache.spark.sql.vectorized.ColumnVector;

/**
 * Reads ranges of Spark's column vectors into arrays with the getter of the column's type (a
 * {@link Plan} kind from {@link Plan#BYTE} to {@link Plan#DOUBLE}), the type chosen once per range
 * rather than per value: hence one loop per type, and {@link #codes} has its own rather than
 * reading through {@link #longs}, since a categorical column is read in one pass, not two (the
 * values are most of what a task reads). A null's slot holds whatever the vector stores there;
 * callers check {@link ColumnVector#isNullAt} where nulls matter.
 */
final class Columns {
    private Columns() {
    }

    /** An integral vector's values {@code from .. from + n} into {@code out} from {@code at}. */
    static void longs(ColumnVector v, int kind, int from, int n, long[] out, int at) {
        switch (kind) {
            case Plan.BYTE:
                for (int i = 0; i < n; i++) {
                    out[at + i] = v.getByte(from + i);
                }
                break;
            case Plan.SHORT:
                for (int i = 0; i < n; i++) {
                    out[at + i] = v.getShort(from + i);
                }
                break;
            case Plan.INT:
                for (int i = 0; i < n; i++) {
                    out[at + i] = v.getInt(from + i);
                }
                break;
            default:
                for (int i = 0; i < n; i++) {
                    out[at + i] = v.getLong(from + i);
                }
        }
    }

    /**
     * An integral vector's values {@code from .. from + n} turned into codes through a lookup table
     * ({@code table[value - min]}, {@link Plan#INVALID} outside it) into {@code out} from {@code at}.
     *
     * @return whether any value was {@link Plan#INVALID} (or outside the table)
     */
    static boolean codes(ColumnVector v, int kind, int from, int n, int[] table, long min, int[] out, int at) {
        boolean invalid = false;
        switch (kind) {
            case Plan.BYTE:
                for (int i = 0; i < n; i++) {
                    int c = code(table, v.getByte(from + i) - min);
                    out[at + i] = c;
                    invalid |= c == Plan.INVALID;
                }
                break;
            case Plan.SHORT:
                for (int i = 0; i < n; i++) {
                    int c = code(table, v.getShort(from + i) - min);
                    out[at + i] = c;
                    invalid |= c == Plan.INVALID;
                }
                break;
            case Plan.INT:
                for (int i = 0; i < n; i++) {
                    int c = code(table, v.getInt(from + i) - min);
                    out[at + i] = c;
                    invalid |= c == Plan.INVALID;
                }
                break;
            default:
                for (int i = 0; i < n; i++) {
                    int c = code(table, v.getLong(from + i) - min);
                    out[at + i] = c;
                    invalid |= c == Plan.INVALID;
                }
        }
        return invalid;
    }

    private static int code(int[] table, long at) {
        return at >= 0 && at < table.length ? table[(int) at] : Plan.INVALID;
    }

    /**
     * A numeric vector's values {@code from .. from + n} as doubles (as {@code Number.doubleValue}
     * of Spark's external values) into {@code out} from {@code at}.
     */
    static void doubles(ColumnVector v, int kind, int from, int n, double[] out, int at) {
        switch (kind) {
            case Plan.DOUBLE:
                for (int i = 0; i < n; i++) {
                    out[at + i] = v.getDouble(from + i);
                }
                break;
            case Plan.FLOAT:
                for (int i = 0; i < n; i++) {
                    out[at + i] = v.getFloat(from + i);
                }
                break;
            default:
                for (int i = 0; i < n; i++) {
                    out[at + i] = longAt(v, kind, from + i);
                }
        }
    }

    /** An integral vector's value at a row. */
    static long longAt(ColumnVector v, int kind, int row) {
        switch (kind) {
            case Plan.BYTE:
                return v.getByte(row);
            case Plan.SHORT:
                return v.getShort(row);
            case Plan.INT:
                return v.getInt(row);
            default:
                return v.getLong(row);
        }
    }

    /** A numeric vector's value at a row as a double. */
    static double doubleAt(ColumnVector v, int kind, int row) {
        switch (kind) {
            case Plan.DOUBLE:
                return v.getDouble(row);
            case Plan.FLOAT:
                return v.getFloat(row);
            default:
                return longAt(v, kind, row);
        }
    }

    /** A vector's value at a row as Spark hands it to users ({@code Row.get}), for messages only. */
    static Object boxed(ColumnVector v, int kind, int row) {
        switch (kind) {
            case Plan.BYTE:
                return v.getByte(row);
            case Plan.SHORT:
                return v.getShort(row);
            case Plan.INT:
                return v.getInt(row);
            case Plan.LONG:
                return v.getLong(row);
            case Plan.FLOAT:
                return v.getFloat(row);
            default:
                return v.getDouble(row);
        }
    }
}
