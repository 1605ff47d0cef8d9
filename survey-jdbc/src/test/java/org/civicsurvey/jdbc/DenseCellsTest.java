package org.civicsurvey.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A chunk's inserted rows gathered densely ({@link DenseCells}) pack to the same bytes as the same
 * rows added one by one to code tables ({@link RollupCells#addAtLevels}): the same codes, counts and
 * weight sums to the last bit.
 */
class DenseCellsTest {

    private static final int[] LEVELS = {Rollup.LEVEL_SERVICE, Rollup.LEVEL_CHANNEL, Rollup.LEVEL_PROVINCE};

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void denseSumsPackToTheSameBytesAsTheCodeTables(boolean crossProducts) {
        ZoneId zone = ZoneId.of("Asia/Ho_Chi_Minh");
        RollupCells[] tables = new RollupCells[LEVELS.length];
        RollupCells[] flushed = new RollupCells[LEVELS.length];
        for (int i = 0; i < LEVELS.length; i++) {
            tables[i] = new RollupCells(RollupBucket.MONTH, zone, crossProducts);
            flushed[i] = new RollupCells(RollupBucket.MONTH, zone, crossProducts);
        }
        DenseCells dense = new DenseCells(LEVELS);
        // two rating questions, a number question, a rating question
        RollupCells.Layout layout = new RollupCells.Layout(new int[] {1, 2, 3, 5}, new boolean[] {true, true, false, true});
        Random random = new Random(11);
        Instant start = Instant.parse("2024-01-20T00:00:00Z");
        for (int r = 0; r < 700; r++) {
            Double[] values = new Double[5];
            char[] statuses = new char[5];
            for (int j = 0; j < 5; j++) {
                int status = random.nextInt(6) == 0 ? 1 + random.nextInt(4) : 0;
                statuses[j] = (char) ('0' + status);
                if (status == 0) {
                    values[j] = j == 2 ? random.nextGaussian() * 30 + 0.1 : (double) (1 + random.nextInt(5));
                }
            }
            Instant submitted = start.plusSeconds(random.nextInt(90 * 86_400));
            RollupCells.Facts f = new RollupCells.Facts("form", "1", random.nextInt(9) == 0 ? "IN_PROGRESS" : "COMPLETE",
                    "agency" + random.nextInt(3), "svc" + random.nextInt(6), random.nextBoolean() ? "web" : null,
                    random.nextInt(5) == 0 ? null : "P" + random.nextInt(8), submitted,
                    random.nextBoolean() ? submitted.minusSeconds(random.nextInt(40 * 86_400)) : null,
                    random.nextInt(4) == 0 ? null : 0.3 + random.nextDouble() * 2, values, new String(statuses), null);
            RollupCells.addAtLevels(tables, LEVELS, layout, f, 1);
            dense.add(tables[0].coded(layout, f));
        }
        Map<String, byte[]> expected = new HashMap<>();
        for (int i = 0; i < LEVELS.length; i++) {
            int level = LEVELS[i];
            tables[i].cells().forEach((cell, codes) -> expected.put(level + " " + cell, codes.pack()));
        }
        Map<String, byte[]> got = new HashMap<>();
        dense.forEach((level, cell, sums) -> got.put(level + " " + cell, CodeSums.pack(sums, false)));
        assertThat(got.keySet()).isEqualTo(expected.keySet()).hasSizeGreaterThan(20);
        expected.forEach((key, bytes) -> assertThat(got.get(key)).as(key).isEqualTo(bytes));
        // and added to code tables, as a chunk that also erased or replaced rows gathers them
        dense.addTo(flushed);
        for (int i = 0; i < LEVELS.length; i++) {
            int level = LEVELS[i];
            flushed[i].cells().forEach((cell, codes) -> assertThat(codes.pack()).isEqualTo(expected.get(level + " " + cell)));
            assertThat(flushed[i].cells()).hasSameSizeAs(tables[i].cells());
        }
    }
}
