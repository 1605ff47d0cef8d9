package org.civicsurvey.io.csv;

/**
 * A set of 64-bit fingerprints of ids, in 4,096 open-addressing segments (allocated on first use)
 * that grow one at a time, so that memory is 11 to 21 bytes per id (tables three-eighths to
 * three-quarters full) and never needs a second copy of the whole table; segments stay small (32 KB
 * for nine million ids), so a collector never has to place one huge array. It finds candidate
 * repeats in one pass; a second pass compares the candidates' ids exactly.
 */
final class Fingerprints {
    private static final int SEGMENT_BITS = 12;
    private static final int SEGMENTS = 1 << SEGMENT_BITS;
    private final long[][] tables = new long[SEGMENTS][];
    private final int[] sizes = new int[SEGMENTS];

    /** A 64-bit hash of a string's chars (FNV-1a, then a 64-bit finaliser); never 0. */
    static long of(String id) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            h ^= id.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }

    /**
     * @param fp a fingerprint from {@link #of(String)}
     * @return true if it was not in the set (and is now)
     */
    boolean add(long fp) {
        int s = (int) (fp >>> (64 - SEGMENT_BITS));
        long[] t = tables[s];
        if (t == null) {
            t = new long[16];
            tables[s] = t;
        } else if (sizes[s] * 4 >= t.length * 3) {
            t = grow(s);
        }
        int mask = t.length - 1;
        int i = (int) fp & mask;
        while (t[i] != 0) {
            if (t[i] == fp) {
                return false;
            }
            i = (i + 1) & mask;
        }
        t[i] = fp;
        sizes[s]++;
        return true;
    }

    /**
     * @param fp a fingerprint
     * @return whether it is in the set
     */
    boolean contains(long fp) {
        long[] t = tables[(int) (fp >>> (64 - SEGMENT_BITS))];
        if (t == null) {
            return false;
        }
        int mask = t.length - 1;
        int i = (int) fp & mask;
        while (t[i] != 0) {
            if (t[i] == fp) {
                return true;
            }
            i = (i + 1) & mask;
        }
        return false;
    }

    /** @return how many fingerprints are in the set */
    long size() {
        long n = 0;
        for (int s : sizes) {
            n += s;
        }
        return n;
    }

    private long[] grow(int s) {
        long[] old = tables[s];
        long[] t = new long[old.length * 2];
        int mask = t.length - 1;
        for (long fp : old) {
            if (fp != 0) {
                int i = (int) fp & mask;
                while (t[i] != 0) {
                    i = (i + 1) & mask;
                }
                t[i] = fp;
            }
        }
        tables[s] = t;
        return t;
    }
}
