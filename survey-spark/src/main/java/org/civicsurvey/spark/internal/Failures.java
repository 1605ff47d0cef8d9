package org.civicsurvey.spark.internal;

import java.util.function.Supplier;

/** Runs a Spark action and reports a bad value found on an executor as the driver's own error. */
public final class Failures {
    private Failures() {
    }

    /**
     * @param action a Spark action
     * @param <T> its result type
     * @return its result
     * @throws IllegalArgumentException with the executor's message for a bad value in a row
     */
    public static <T> T run(Supplier<T> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof CellSums.BadValue) {
                    throw new IllegalArgumentException(t.getMessage(), e);
                }
                if (t.getCause() == t) {
                    break;
                }
            }
            throw e;
        }
    }
}
