package org.civicsurvey.spark.internal;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Buffers that tasks leave in the JVM of the driver that waits for them rather than serializing
 * them, when the tasks run in that JVM (Spark's local mode): the driver opens a job's token before
 * submitting it; a task that finds the token open in its JVM leaves its buffer under (token,
 * partition) and returns no sums; elsewhere (an executor JVM of a cluster, or a copy of this class
 * from another class loader) the token is not open and the task returns its buffer through Spark.
 * A partition's buffer replaces any earlier one (a retried or speculative attempt sums the same
 * rows), and a buffer left after the token is closed is dropped, so nothing outlives the job.
 */
final class LocalHandoff {
    private static final Map<String, Map<Integer, CellSums>> OPEN = new ConcurrentHashMap<>();

    private LocalHandoff() {
    }

    /** @return a new job's token, open until {@link #close} */
    static String open() {
        String token = UUID.randomUUID().toString();
        OPEN.put(token, new ConcurrentHashMap<>());
        return token;
    }

    /**
     * @return whether the buffer was left here: the token is open in this JVM
     */
    static boolean leave(String token, int partition, CellSums sums) {
        return OPEN.computeIfPresent(token, (t, parts) -> {
            parts.put(partition, sums);
            return parts;
        }) != null;
    }

    /** @return the buffer a task left for a partition of an open job */
    static CellSums take(String token, int partition) {
        Map<Integer, CellSums> parts = OPEN.get(token);
        CellSums sums = parts == null ? null : parts.remove(partition);
        if (sums == null) {
            throw new IllegalStateException("no sums were left for partition " + partition + " of job " + token);
        }
        return sums;
    }

    /** Drops a job's token and any buffer still left under it. */
    static void close(String token) {
        OPEN.remove(token);
    }
}
