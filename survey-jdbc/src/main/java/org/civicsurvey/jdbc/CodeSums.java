package org.civicsurvey.jdbc;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
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

    private long[] codes;
    private RollupCells.Sums[] sums;
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
        while (capacity < expected * 2 + 2) {
            capacity *= 2;
        }
        codes = new long[capacity];
        sums = new RollupCells.Sums[capacity];
    }

    /**
     * The sums of a code, added when absent.
     *
     * @param code the code
     * @return its sums
     */
    RollupCells.Sums get(long code) {
        int i = probe(code);
        if (sums[i] != null) {
            return sums[i];
        }
        RollupCells.Sums s = new RollupCells.Sums();
        codes[i] = code;
        sums[i] = s;
        if (++size * 2 > codes.length) {
            grow();
        }
        return s;
    }

    /**
     * The sums of a code, when present.
     *
     * @param code the code
     * @return its sums, or null
     */
    RollupCells.Sums find(long code) {
        return sums[probe(code)];
    }

    /** The slot that holds a code, or the empty slot where it would go. */
    private int probe(long code) {
        int mask = codes.length - 1;
        int i = slot(code, mask);
        while (sums[i] != null && codes[i] != code) {
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
         * @param s its sums
         */
        void accept(long code, RollupCells.Sums s);
    }

    /**
     * Visits every code, in no particular order.
     *
     * @param action what to do with each
     */
    void forEach(Entry action) {
        for (int i = 0; i < codes.length; i++) {
            if (sums[i] != null) {
                action.accept(codes[i], sums[i]);
            }
        }
    }

    /** @return the codes, in increasing order */
    long[] sortedCodes() {
        long[] out = new long[size];
        int k = 0;
        for (int i = 0; i < codes.length; i++) {
            if (sums[i] != null) {
                out[k++] = codes[i];
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
        other.forEach((code, s) -> get(code).add(s));
    }

    private static int slot(long code, int mask) {
        long h = code * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private void grow() {
        long[] oldCodes = codes;
        RollupCells.Sums[] oldSums = sums;
        codes = new long[oldCodes.length * 2];
        sums = new RollupCells.Sums[oldCodes.length * 2];
        int mask = codes.length - 1;
        for (int j = 0; j < oldCodes.length; j++) {
            if (oldSums[j] != null) {
                int i = slot(oldCodes[j], mask);
                while (sums[i] != null) {
                    i = (i + 1) & mask;
                }
                codes[i] = oldCodes[j];
                sums[i] = oldSums[j];
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
        long[] order = sortedCodes();
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 + order.length * 24);
        byte[] d = new byte[8];
        out.write(PACK_VERSION);
        int kept = 0;
        for (long code : order) {
            if (!isZero(find(code))) {
                kept++;
            }
        }
        varint(out, kept);
        long previous = 0;
        for (long code : order) {
            RollupCells.Sums s = find(code);
            if (isZero(s)) {
                continue;
            }
            varint(out, zigzag(code - previous));
            previous = code;
            varint(out, zigzag(s.n));
            varint(out, zigzag(s.positive));
            boolean unit = s.w == s.n && s.w2 == s.n;
            int flags = (unit ? UNIT : (s.w != 0 ? W : 0) | (s.w2 != 0 ? W2 : 0)) | (s.wy != 0 ? WY : 0)
                    | (s.wy2 != 0 ? WY2 : 0) | (s.w2y != 0 ? W2Y : 0) | (s.w2y2 != 0 ? W2Y2 : 0);
            out.write(flags);
            if (!unit) {
                putDouble(out, d, W, flags, s.w);
                putDouble(out, d, W2, flags, s.w2);
            }
            putDouble(out, d, WY, flags, s.wy);
            putDouble(out, d, WY2, flags, s.wy2);
            putDouble(out, d, W2Y, flags, s.w2y);
            putDouble(out, d, W2Y2, flags, s.w2y2);
        }
        return out.toByteArray();
    }

    /**
     * Reads a packed cell ({@link #pack()}), handing each code's sums to {@code action}.
     *
     * @param packed the bytes
     * @param action what to do with each code
     * @throws IllegalStateException when the bytes are not a packed cell
     */
    static void unpack(byte[] packed, Entry action) {
        ByteBuffer b = ByteBuffer.wrap(packed);
        try {
            int version = b.get();
            if (version != PACK_VERSION) {
                throw new IllegalStateException("rollup sums of unknown format " + version);
            }
            long count = varint(b);
            long code = 0;
            for (long k = 0; k < count; k++) {
                code += unzigzag(varint(b));
                RollupCells.Sums s = new RollupCells.Sums();
                s.n = unzigzag(varint(b));
                s.positive = unzigzag(varint(b));
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
            if (b.hasRemaining()) {
                throw new IllegalStateException("rollup sums have " + b.remaining() + " bytes after their last code");
            }
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalStateException("rollup sums end inside a code", e);
        }
    }

    private static boolean isZero(RollupCells.Sums s) {
        return s.n == 0 && s.positive == 0 && s.w == 0 && s.w2 == 0 && s.wy == 0 && s.wy2 == 0 && s.w2y == 0
                && s.w2y2 == 0;
    }

    private static void putDouble(ByteArrayOutputStream out, byte[] d, int flag, int flags, double v) {
        if ((flags & flag) == 0) {
            return;
        }
        long bits = Double.doubleToRawLongBits(v);
        for (int i = 7; i >= 0; i--) {
            d[i] = (byte) bits;
            bits >>>= 8;
        }
        out.write(d, 0, 8);
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static long varint(ByteBuffer b) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte x = b.get();
            v |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
        }
        throw new IllegalStateException("rollup sums hold a variable-length integer longer than 10 bytes");
    }
}
