package org.civicsurvey.analysis.regression;

import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/** Rows cut into contiguous ranges, one per core (fewer when the rows are few), worked on in parallel. */
final class RowRanges {
    private static final int MIN_ROWS_PER_RANGE = 16_384;

    private RowRanges() {
    }

    static int count(int rows) {
        return Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), rows / MIN_ROWS_PER_RANGE));
    }

    static int start(int rows, int range, int ranges) {
        return (int) ((long) rows * range / ranges);
    }

    static void forEach(int ranges, IntConsumer body) {
        IntStream ids = IntStream.range(0, ranges);
        if (ranges > 1) {
            ids = ids.parallel();
        }
        ids.forEach(body);
    }
}
