package org.civicsurvey.jdbc;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The sums of one rollup cell per code ({@link RollupCells}): an open-addressing table from a
 * {@code long} code to its {@link RollupCells.Sums}, and the packed form the rollup tables store
 * ({@link #pack()}).
 *
 * <p>Codes are {@code position * 4096 + slot}: in a {@code java.util.HashMap} keyed by {@code Long}
 * the codes of one slot share their low bits, so every question's code of a slot fell into one bin,
 * which turned into a tree. Here the code is mixed before it picks a slot.
 */
final class CodeSums {

    /** The version byte of {@link #pack()}. */
    private static final int PACK_VERSION = 1;
    private static final int W = 1;
    private static final int W2 = 2;
    private static final int WY = 4;
    private static final int WY2 = 8;
    private static final int W2Y = 16;
    private static final int W2Y2 = 32;
    /** Σw and Σw² both equal n (unit weights): neither is written. */
    private static final int UNIT = 64;

    /** Longs per slot of {@link #table}: the code, n, the positive-weight count, Σw and Σw² (as raw bits). */
    private static final int STRIDE = 5;
    /** The code of an empty slot. */
    private static final long EMPTY = Long.MIN_VALUE;

    /**
     * The slots, each {@link #STRIDE} longs in a row, so that a code's lookup and its update touch
     * one or two cache lines.
     */
    private long[] table;
    /** Per slot Σwy, Σwy², Σw²y, Σw²y² of numeric answers, four in a row: null until one is added. */
    private double[] moments;
    private int size;

    /** An empty table. */
    CodeSums() {
        this(0);
    }

    /**
     * An empty table with room for some codes.
     *
     * @param expected the codes it will likely hold
     */
    CodeSums(int expected) {
        int capacity = 32;
        while (capacity * 3 < expected * 4 + 4) {
            capacity *= 2;
        }
        table = empty(capacity);
    }

    private static long[] empty(int capacity) {
        long[] t = new long[capacity * STRIDE];
        for (int i = 0; i < t.length; i += STRIDE) {
            t[i] = EMPTY;
        }
        return t;
    }

    private int capacity() {
        return table.length / STRIDE;
    }

    /**
     * The slot of a code, added (with zero sums) when absent. The slot stays the code's until the
     * next code is added.
     *
     * @param code the code
     * @return its slot
     * @throws IllegalArgumentException for {@code Long.MIN_VALUE}, which no code is
     */
    int index(long code) {
        int i = probe(code);
        if (table[i * STRIDE] == code) {
            return i;
        }
        if (code == EMPTY) {
            throw new IllegalArgumentException("rollup code " + code + " is not a code");
        }
        // at most three quarters full: a cell's table stays small enough to stay in the cache
        if ((size + 1) * 4 > capacity() * 3) {
            grow();
            i = probe(code);
        }
        table[i * STRIDE] = code;
        size++;
        return i;
    }

    /**
     * Adds counts and weight sums to a slot ({@link #index}).
     *
     * @param i the slot
     * @param dn the count
     * @param dPositive the count of positive weights
     * @param dw Σw
     * @param dw2 Σw²
     */
    void add(int i, long dn, long dPositive, double dw, double dw2) {
        int b = i * STRIDE;
        table[b + 1] += dn;
        table[b + 2] += dPositive;
        table[b + 3] = Double.doubleToRawLongBits(Double.longBitsToDouble(table[b + 3]) + dw);
        table[b + 4] = Double.doubleToRawLongBits(Double.longBitsToDouble(table[b + 4]) + dw2);
    }

    /**
     * Adds the sums of a numeric answer's value to a slot ({@link #index}).
     *
     * @param i the slot
     * @param dwy Σwy
     * @param dwy2 Σwy²
     * @param dw2y Σw²y
     * @param dw2y2 Σw²y²
     */
    void addMoments(int i, double dwy, double dwy2, double dw2y, double dw2y2) {
        if (moments == null) {
            moments = new double[capacity() * 4];
        }
        int b = i * 4;
        moments[b] += dwy;
        moments[b + 1] += dwy2;
        moments[b + 2] += dw2y;
        moments[b + 3] += dw2y2;
    }

    /**
     * Adds sums to a code.
     *
     * @param code the code
     * @param s the sums
     */
    void add(long code, RollupCells.Sums s) {
        int i = index(code);
        add(i, s.n, s.positive, s.w, s.w2);
        if (s.wy != 0 || s.wy2 != 0 || s.w2y != 0 || s.w2y2 != 0) {
            addMoments(i, s.wy, s.wy2, s.w2y, s.w2y2);
        }
    }

    /**
     * The sums of a code, when present.
     *
     * @param code the code
     * @return a copy of its sums, or null
     */
    RollupCells.Sums find(long code) {
        int i = probe(code);
        return table[i * STRIDE] == code && code != EMPTY ? sums(i) : null;
    }

    private long n(int i) {
        return table[i * STRIDE + 1];
    }

    private long positive(int i) {
        return table[i * STRIDE + 2];
    }

    private double w(int i) {
        return Double.longBitsToDouble(table[i * STRIDE + 3]);
    }

    private double w2(int i) {
        return Double.longBitsToDouble(table[i * STRIDE + 4]);
    }

    private double moment(int i, int k) {
        return moments == null ? 0 : moments[i * 4 + k];
    }

    private RollupCells.Sums sums(int i) {
        RollupCells.Sums s = new RollupCells.Sums();
        s.n = n(i);
        s.positive = positive(i);
        s.w = w(i);
        s.w2 = w2(i);
        s.wy = moment(i, 0);
        s.wy2 = moment(i, 1);
        s.w2y = moment(i, 2);
        s.w2y2 = moment(i, 3);
        return s;
    }

    /** The slot that holds a code, or the empty slot where it would go. */
    private int probe(long code) {
        int mask = capacity() - 1;
        int i = slot(code, mask);
        long c;
        while ((c = table[i * STRIDE]) != EMPTY && c != code) {
            i = (i + 1) & mask;
        }
        return i;
    }

    /** @return the number of codes */
    int size() {
        return size;
    }

    /** What {@link #forEach} hands over. */
    interface Entry {
        /**
         * One code.
         *
         * @param code the code
         * @param s its sums (a copy)
         */
        void accept(long code, RollupCells.Sums s);
    }

    /**
     * Visits every code, in no particular order.
     *
     * @param action what to do with each (given a copy of the sums)
     */
    void forEach(Entry action) {
        for (int i = 0; i < capacity(); i++) {
            if (table[i * STRIDE] != EMPTY) {
                action.accept(table[i * STRIDE], sums(i));
            }
        }
    }

    /** @return the codes, in increasing order */
    long[] sortedCodes() {
        long[] out = new long[size];
        int k = 0;
        for (int i = 0; i < table.length; i += STRIDE) {
            if (table[i] != EMPTY) {
                out[k++] = table[i];
            }
        }
        Arrays.sort(out);
        return out;
    }

    /**
     * Adds every code's sums of another cell.
     *
     * @param other the other cell's sums
     */
    void addAll(CodeSums other) {
        for (int j = 0; j < other.capacity(); j++) {
            long code = other.table[j * STRIDE];
            if (code != EMPTY) {
                int i = index(code);
                add(i, other.n(j), other.positive(j), other.w(j), other.w2(j));
                if (other.moments != null) {
                    addMoments(i, other.moment(j, 0), other.moment(j, 1), other.moment(j, 2), other.moment(j, 3));
                }
            }
        }
    }

    /** @return whether some code has a count other than zero */
    boolean anyCounted() {
        for (int i = 0; i < capacity(); i++) {
            if (table[i * STRIDE] != EMPTY && n(i) != 0) {
                return true;
            }
        }
        return false;
    }

    private static int slot(long code, int mask) {
        long h = code * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private void grow() {
        long[] old = table;
        double[] oldMoments = moments;
        table = empty(capacity() * 2);
        moments = oldMoments == null ? null : new double[capacity() * 4];
        int mask = capacity() - 1;
        for (int j = 0; j < old.length / STRIDE; j++) {
            long code = old[j * STRIDE];
            if (code != EMPTY) {
                int i = slot(code, mask);
                while (table[i * STRIDE] != EMPTY) {
                    i = (i + 1) & mask;
                }
                System.arraycopy(old, j * STRIDE, table, i * STRIDE, STRIDE);
                if (oldMoments != null) {
                    System.arraycopy(oldMoments, j * 4, moments, i * 4, 4);
                }
            }
        }
    }

    /**
     * The packed form: a version byte, the number of codes kept, then per code in increasing order
     * the difference from the previous code, n and the positive-weight count as zig-zag
     * variable-length integers, a byte of flags saying which weight sums follow, and those sums as
     * IEEE doubles (big-endian). A code whose count and sums are all zero is left out.
     *
     * @return the bytes
     */
    byte[] pack() {
        return pack(false);
    }

    /**
     * The packed form ({@link #pack()}), leaving out the codes whose count is zero when {@code
     * countedOnly} (what a compacted row keeps: a code every response of which was erased has
     * nothing left to say, whatever rounding its weight sums kept).
     *
     * @param countedOnly whether codes with a zero count are left out
     * @return the bytes
     */
    byte[] pack(boolean countedOnly) {
        int[] order = sortedSlots();
        return pack(new Entries() {
            @Override
            public int size() {
                return order.length;
            }

            @Override
            public long code(int k) {
                return table[order[k] * STRIDE];
            }

            @Override
            public long n(int k) {
                return CodeSums.this.n(order[k]);
            }

            @Override
            public long positive(int k) {
                return CodeSums.this.positive(order[k]);
            }

            @Override
            public double w(int k) {
                return CodeSums.this.w(order[k]);
            }

            @Override
            public double w2(int k) {
                return CodeSums.this.w2(order[k]);
            }

            @Override
            public double moment(int k, int which) {
                return CodeSums.this.moment(order[k], which);
            }
        }, countedOnly);
    }

    /** Sums of codes in increasing order of code, to pack ({@link #pack(Entries, boolean)}). */
    interface Entries {
        /** @return the number of codes */
        int size();

        /**
         * @param k an index below {@link #size()}
         * @return the k-th code (increasing with k)
         */
        long code(int k);

        /**
         * @param k an index
         * @return its count
         */
        long n(int k);

        /**
         * @param k an index
         * @return its count of positive weights
         */
        long positive(int k);

        /**
         * @param k an index
         * @return its Σw
         */
        double w(int k);

        /**
         * @param k an index
         * @return its Σw²
         */
        double w2(int k);

        /**
         * @param k an index
         * @param which 0 to 3: Σwy, Σwy², Σw²y, Σw²y²
         * @return that sum
         */
        double moment(int k, int which);
    }

    /**
     * Packs sums given in increasing order of code, in {@link #pack()}'s format, leaving out the
     * codes whose sums are all zero (or, when {@code countedOnly}, whose count is zero).
     *
     * @param e the sums
     * @param countedOnly whether codes with a zero count are left out
     * @return the bytes
     */
    static byte[] pack(Entries e, boolean countedOnly) {
        int size = e.size();
        int kept = 0;
        for (int k = 0; k < size; k++) {
            if (countedOnly ? e.n(k) != 0 : !isZero(e, k)) {
                kept++;
            }
        }
        Packer out = new Packer(16 + kept * 24);
        out.put(PACK_VERSION);
        out.varint(kept);
        long previous = 0;
        for (int k = 0; k < size; k++) {
            if (countedOnly ? e.n(k) == 0 : isZero(e, k)) {
                continue;
            }
            long code = e.code(k);
            out.varint(zigzag(code - previous));
            previous = code;
            long n = e.n(k);
            double w = e.w(k);
            double w2 = e.w2(k);
            out.varint(zigzag(n));
            out.varint(zigzag(e.positive(k)));
            boolean unit = w == n && w2 == n;
            double yw = e.moment(k, 0);
            double yw2 = e.moment(k, 1);
            double y2w = e.moment(k, 2);
            double y2w2 = e.moment(k, 3);
            int flags = (unit ? UNIT : (w != 0 ? W : 0) | (w2 != 0 ? W2 : 0)) | (yw != 0 ? WY : 0)
                    | (yw2 != 0 ? WY2 : 0) | (y2w != 0 ? W2Y : 0) | (y2w2 != 0 ? W2Y2 : 0);
            out.put(flags);
            if (!unit) {
                out.putDouble(W, flags, w);
                out.putDouble(W2, flags, w2);
            }
            out.putDouble(WY, flags, yw);
            out.putDouble(WY2, flags, yw2);
            out.putDouble(W2Y, flags, y2w);
            out.putDouble(W2Y2, flags, y2w2);
        }
        return out.toArray();
    }

    private static boolean isZero(Entries e, int k) {
        return e.n(k) == 0 && e.positive(k) == 0 && e.w(k) == 0 && e.w2(k) == 0 && e.moment(k, 0) == 0
                && e.moment(k, 1) == 0 && e.moment(k, 2) == 0 && e.moment(k, 3) == 0;
    }

    /** The used slots in increasing order of their codes. */
    private int[] sortedSlots() {
        long[] order = sortedCodes();
        int[] slots = new int[order.length];
        for (int k = 0; k < order.length; k++) {
            slots[k] = probe(order[k]);
        }
        return slots;
    }


    /** A growing byte array for {@link #pack}. */
    private static final class Packer {
        private byte[] bytes;
        private int size;

        Packer(int capacity) {
            bytes = new byte[Math.max(16, capacity)];
        }

        private void room(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }

        void put(int b) {
            room(1);
            bytes[size++] = (byte) b;
        }

        void varint(long v) {
            room(10);
            while ((v & ~0x7FL) != 0) {
                bytes[size++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            bytes[size++] = (byte) v;
        }

        void putDouble(int flag, int flags, double v) {
            if ((flags & flag) == 0) {
                return;
            }
            room(8);
            Unpacker.DOUBLES.set(bytes, size, v);
            size += 8;
        }

        byte[] toArray() {
            return Arrays.copyOf(bytes, size);
        }
    }

    /**
     * Reads a packed cell ({@link #pack()}), handing each code's sums to {@code action}.
     *
     * @param packed the bytes
     * @param action what to do with each code
     * @throws IllegalStateException when the bytes are not a packed cell
     */
    static void unpack(byte[] packed, Entry action) {
        read(packed, action, false);
    }

    /**
     * Adds a packed cell's sums ({@link #pack()}).
     *
     * @param packed the bytes
     * @throws IllegalStateException when the bytes are not a packed cell
     */
    void addPacked(byte[] packed) {
        read(packed, this::add, true);
    }

    /** Reads a packed cell; with {@code reuse}, every code is handed the same sums object, refilled. */
    private static void read(byte[] packed, Entry action, boolean reuse) {
        Unpacker b = new Unpacker(packed);
        RollupCells.Sums shared = reuse ? new RollupCells.Sums() : null;
        int version = b.get();
        if (version != PACK_VERSION) {
            throw new IllegalStateException("rollup sums of unknown format " + version);
        }
        long count = b.varint();
        long code = 0;
        for (long k = 0; k < count; k++) {
            code += unzigzag(b.varint());
            RollupCells.Sums s = reuse ? shared : new RollupCells.Sums();
            s.n = unzigzag(b.varint());
            s.positive = unzigzag(b.varint());
            int flags = b.get();
            if ((flags & UNIT) != 0) {
                s.w = s.n;
                s.w2 = s.n;
            } else {
                s.w = (flags & W) != 0 ? b.getDouble() : 0;
                s.w2 = (flags & W2) != 0 ? b.getDouble() : 0;
            }
            s.wy = (flags & WY) != 0 ? b.getDouble() : 0;
            s.wy2 = (flags & WY2) != 0 ? b.getDouble() : 0;
            s.w2y = (flags & W2Y) != 0 ? b.getDouble() : 0;
            s.w2y2 = (flags & W2Y2) != 0 ? b.getDouble() : 0;
            action.accept(code, s);
        }
        if (b.remaining() > 0) {
            throw new IllegalStateException("rollup sums have " + b.remaining() + " bytes after their last code");
        }
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    /** Reads a packed cell's bytes in order. */
    private static final class Unpacker {
        private static final VarHandle DOUBLES = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.BIG_ENDIAN);
        private final byte[] bytes;
        private int position;

        Unpacker(byte[] bytes) {
            this.bytes = bytes;
        }

        private void need(int n) {
            if (position + n > bytes.length) {
                throw new IllegalStateException("rollup sums end inside a code");
            }
        }

        int get() {
            need(1);
            return bytes[position++];
        }

        double getDouble() {
            need(8);
            double v = (double) DOUBLES.get(bytes, position);
            position += 8;
            return v;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int x = get();
                v |= (long) (x & 0x7F) << shift;
                if ((x & 0x80) == 0) {
                    return v;
                }
            }
            throw new IllegalStateException("rollup sums hold a variable-length integer longer than 10 bytes");
        }

        int remaining() {
            return bytes.length - position;
        }
    }
}
