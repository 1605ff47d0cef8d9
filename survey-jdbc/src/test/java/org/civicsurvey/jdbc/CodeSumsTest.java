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
        c.add(0, sums(3, 3, 3, 3, 0, 0, 0, 0));
        c.add(5 * 4096 + 1035, sums(2, 2, 2.5, 3.125, 0, 0, 0, 0));
        c.add(4096 + 1036, sums(-1, 0, -1.75, -3.0625, 0, 0, 0, 0));
        c.add(7 * 4096, sums(4, 4, 0.1 + 0.2, Math.PI, -1e-300, Double.MAX_VALUE, Double.MIN_VALUE, 1e308));
        c.add((4096L + 1035) << 32 | (2 * 4096 + 1036), sums(1, 0, 1, 1, 0, 0, 0, 0));
        c.index(9 * 4096 + 3);
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
                sipas.add(j * 4096L + 1032 + v, sums(1000, 1000, 1000, 1000, 0, 0, 0, 0));
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
            c.add(c.index(codes[i]), i + 1, 0, 0, 0);
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
    void numericSumsSurviveGrowthAndAPackedCellAddsBackExactly() {
        CodeSums c = new CodeSums();
        c.add(4096, sums(1, 1, 0.5, 0.25, 1.5, 4.5, 0.75, 2.25));
        // enough codes to grow the table several times after the numeric sums appeared
        for (int j = 2; j <= 400; j++) {
            c.add(j * 4096L + 1033, sums(j, j, 0.1 * j, 0.01 * j, 0, 0, 0, 0));
        }
        RollupCells.Sums numeric = c.find(4096);
        assertThat(new double[] {numeric.wy, numeric.wy2, numeric.w2y, numeric.w2y2}).containsExactly(1.5, 4.5, 0.75, 2.25);
        CodeSums twice = new CodeSums();
        twice.addPacked(c.pack());
        twice.addAll(c);
        for (long code : c.sortedCodes()) {
            RollupCells.Sums one = c.find(code);
            RollupCells.Sums two = twice.find(code);
            assertThat(two.n).isEqualTo(2 * one.n);
            assertThat(two.w).isEqualTo(one.w + one.w);
            assertThat(two.w2y2).isEqualTo(one.w2y2 + one.w2y2);
        }
        assertThat(twice.sortedCodes()).containsExactly(c.sortedCodes());
    }

    @Test
    void aCompactedCellLeavesOutCodesWhoseCountIsZeroWhateverTheirWeightSumsKept() {
        CodeSums c = new CodeSums();
        c.add(0, sums(2, 2, 1.7, 1.45, 0, 0, 0, 0));
        c.add(4096 + 1033, sums(1, 0, 0.7, 0.49, 0, 0, 0, 0));
        // an erased answer: the count back to 0, its weight sums left with a rounding residue
        c.add(4096 + 1034, sums(0, 0, 1e-17, 0, 0, 0, 0, 0));
        List<Long> all = new ArrayList<>();
        CodeSums.unpack(c.pack(), (code, s) -> all.add(code));
        List<Long> counted = new ArrayList<>();
        CodeSums.unpack(c.pack(true), (code, s) -> counted.add(code));
        assertThat(all).containsExactly(0L, 4096L + 1033, 4096L + 1034);
        assertThat(counted).containsExactly(0L, 4096L + 1033);
        assertThat(c.anyCounted()).isTrue();
        CodeSums erased = new CodeSums();
        erased.add(0, sums(0, 0, 1e-17, 0, 0, 0, 0, 0));
        assertThat(erased.anyCounted()).isFalse();
    }

    @Test
    void bytesThatAreNotPackedSumsAreRefusedByName() {
        CodeSums c = new CodeSums();
        c.add(4096, sums(2, 1, 2.5, 3.25, 0, 0, 0, 0));
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

    @Test
    void addingPackedSumsRefusesWhatReadingThemRefuses() {
        CodeSums c = new CodeSums();
        c.add(4096, sums(2, 1, 2.5, 3.25, 0, 0, 0, 0));
        byte[] packed = c.pack();
        byte[] version = packed.clone();
        version[0] = 9;
        assertThatThrownBy(() -> new CodeSums().addPacked(new byte[0])).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("end inside");
        assertThatThrownBy(() -> new CodeSums().addPacked(version)).hasMessageContaining("unknown format 9");
        assertThatThrownBy(() -> new CodeSums().addPacked(Arrays.copyOf(packed, packed.length - 3)))
                .hasMessageContaining("end inside");
        assertThatThrownBy(() -> new CodeSums().addPacked(Arrays.copyOf(packed, packed.length + 1)))
                .hasMessageContaining("1 bytes after");
        // a count of codes that the bytes do not hold
        byte[] huge = {1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F};
        assertThatThrownBy(() -> new CodeSums().addPacked(huge)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("end inside");
    }

    @Test
    void addingPackedSumsAddsWhatAddingTheirCodesOneByOneAdds() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(18);
        for (int trial = 0; trial < 300; trial++) {
            CodeSums cell = new CodeSums();
            CodeSums byCode = new CodeSums();
            CodeSums packedIn = new CodeSums();
            // both start from the same sums, so codes met again are added to, and new ones made
            for (int k = random.nextInt(40); k > 0; k--) {
                RollupCells.Sums s = randomSums(random);
                long code = random.nextInt(30) * 4096L + random.nextInt(12);
                byCode.add(code, s);
                packedIn.add(code, s);
            }
            for (int k = random.nextInt(200); k > 0; k--) {
                cell.add(random.nextInt(30) * 4096L + random.nextInt(12), randomSums(random));
            }
            byte[] packed = cell.pack();
            CodeSums.unpack(packed, byCode::add);
            packedIn.addPacked(packed);
            assertThat(packedIn.pack()).as("trial " + trial).isEqualTo(byCode.pack());
            assertThat(packedIn.size()).isEqualTo(byCode.size());
        }
    }

    private static RollupCells.Sums randomSums(java.util.SplittableRandom random) {
        long n = random.nextInt(7) - 2;
        boolean unit = random.nextBoolean();
        double w = unit ? n : n * (0.5 + random.nextInt(10) * 0.1);
        double w2 = unit ? n : w * 1.1;
        boolean numeric = random.nextInt(4) == 0;
        double y = random.nextInt(100) / 7.0;
        return sums(n, random.nextInt(3), w, w2, numeric ? w * y : 0, numeric ? w * y * y : 0, numeric ? w2 * y : 0,
                numeric ? w2 * y * y : 0);
    }
}
