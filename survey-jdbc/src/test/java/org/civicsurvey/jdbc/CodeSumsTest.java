package org.civicsurvey.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The rollup's per-cell table of codes and its packed form, as stored in the rollup tables. */
class CodeSumsTest {

    private static RollupCells.Sums sums(long n, long positive, double... w) {
        RollupCells.Sums s = new RollupCells.Sums();
        s.n = n;
        s.positive = positive;
        s.w = w[0];
        s.w2 = w[1];
        s.wy = w[2];
        s.wy2 = w[3];
        s.w2y = w[4];
        s.w2y2 = w[5];
        return s;
    }

    @Test
    void packedSumsReadBackBitForBitWithCodesInOrderAndZeroCodesLeftOut() {
        CodeSums c = new CodeSums();
        // unit weights, weighted, negative (an erasure's partial row), a numeric answer, a pair code,
        // values that do not survive a text round trip
        c.get(0).add(sums(3, 3, 3, 3, 0, 0, 0, 0));
        c.get(5 * 4096 + 1035).add(sums(2, 2, 2.5, 3.125, 0, 0, 0, 0));
        c.get(4096 + 1036).add(sums(-1, 0, -1.75, -3.0625, 0, 0, 0, 0));
        c.get(7 * 4096).add(sums(4, 4, 0.1 + 0.2, Math.PI, -1e-300, Double.MAX_VALUE, Double.MIN_VALUE, 1e308));
        c.get((4096L + 1035) << 32 | (2 * 4096 + 1036)).add(sums(1, 0, 1, 1, 0, 0, 0, 0));
        c.get(9 * 4096 + 3);
        byte[] packed = c.pack();
        List<Long> codes = new ArrayList<>();
        List<RollupCells.Sums> read = new ArrayList<>();
        CodeSums.unpack(packed, (code, s) -> {
            codes.add(code);
            read.add(s);
        });
        assertThat(codes).containsExactly(0L, 4096L + 1036, 5 * 4096L + 1035, 7 * 4096L,
                (4096L + 1035) << 32 | (2 * 4096 + 1036));
        for (int i = 0; i < codes.size(); i++) {
            RollupCells.Sums want = c.find(codes.get(i));
            RollupCells.Sums got = read.get(i);
            assertThat(new double[] {got.n, got.positive}).containsExactly(want.n, want.positive);
            assertThat(Double.doubleToRawLongBits(got.w)).isEqualTo(Double.doubleToRawLongBits(want.w));
            assertThat(Double.doubleToRawLongBits(got.w2)).isEqualTo(Double.doubleToRawLongBits(want.w2));
            assertThat(Double.doubleToRawLongBits(got.wy)).isEqualTo(Double.doubleToRawLongBits(want.wy));
            assertThat(Double.doubleToRawLongBits(got.wy2)).isEqualTo(Double.doubleToRawLongBits(want.wy2));
            assertThat(Double.doubleToRawLongBits(got.w2y)).isEqualTo(Double.doubleToRawLongBits(want.w2y));
            assertThat(Double.doubleToRawLongBits(got.w2y2)).isEqualTo(Double.doubleToRawLongBits(want.w2y2));
        }
        // a unit-weight code costs its code, counts and flags: a SIPAS cell of 22 items stays small
        CodeSums sipas = new CodeSums();
        for (int j = 1; j <= 22; j++) {
            for (int v = 1; v <= 5; v++) {
                sipas.get(j * 4096L + 1032 + v).add(sums(1000, 1000, 1000, 1000, 0, 0, 0, 0));
            }
        }
        assertThat(sipas.pack().length).isLessThan(22 * 5 * 8);
    }

    @Test
    void theTableGrowsAndFindsEveryCodeOfManyQuestionsSharingSlots() {
        CodeSums c = new CodeSums();
        Random random = new Random(7);
        long[] codes = new long[5_000];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = (i % 200 + 1) * 4096L + i / 200;
            c.get(codes[i]).n += i + 1;
        }
        assertThat(c.size()).isEqualTo(codes.length);
        for (int k = 0; k < 1_000; k++) {
            int i = random.nextInt(codes.length);
            assertThat(c.find(codes[i]).n).isEqualTo(i + 1);
        }
        assertThat(c.find(123_456_789L)).isNull();
        long[] sorted = codes.clone();
        Arrays.sort(sorted);
        assertThat(c.sortedCodes()).containsExactly(sorted);
    }

    @Test
    void bytesThatAreNotPackedSumsAreRefusedByName() {
        CodeSums c = new CodeSums();
        c.get(4096).add(sums(2, 1, 2.5, 3.25, 0, 0, 0, 0));
        byte[] packed = c.pack();
        assertThatThrownBy(() -> CodeSums.unpack(new byte[0], (code, s) -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("end inside");
        byte[] version = packed.clone();
        version[0] = 9;
        assertThatThrownBy(() -> CodeSums.unpack(version, (code, s) -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("unknown format 9");
        assertThatThrownBy(() -> CodeSums.unpack(Arrays.copyOf(packed, packed.length - 3), (code, s) -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("end inside");
        assertThatThrownBy(() -> CodeSums.unpack(Arrays.copyOf(packed, packed.length + 1), (code, s) -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("1 bytes after");
        byte[] endless = new byte[16];
        endless[0] = 1;
        Arrays.fill(endless, 1, 16, (byte) 0xFF);
        assertThatThrownBy(() -> CodeSums.unpack(endless, (code, s) -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("longer than 10 bytes");
    }
}
