package org.civicsurvey.stats;

import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Rows cut into contiguous ranges, one per core, each summed on its own and the partial sums added
 * by the caller: the way the collector, the estimator's rows path and the design's covariance
 * split their passes.
 */
final class RowRanges {
    private RowRanges() {
    }

    /**
     * @param rows the number of rows
     * @param minRowsPerRange the fewest rows worth a range of their own
     * @return the number of ranges: one per core, fewer when the rows are few, at least one
     */
    static int count(int rows, int minRowsPerRange) {
        return Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), rows / minRowsPerRange));
    }

    /**
     * @param rows the number of rows
     * @param range a range, {@code 0 <= range <= ranges} ({@code ranges} gives the end of the last)
     * @param ranges the number of ranges
     * @return the first row of the range
     */
    static int start(int rows, int range, int ranges) {
        return (int) ((long) rows * range / ranges);
    }

    /**
     * Runs the body once per range, in parallel when there is more than one.
     *
     * @param ranges the number of ranges
     * @param body what to do with range r
     */
    static void forEach(int ranges, IntConsumer body) {
        IntStream ids = IntStream.range(0, ranges);
        if (ranges > 1) {
            ids = ids.parallel();
        }
        ids.forEach(body);
    }
}
