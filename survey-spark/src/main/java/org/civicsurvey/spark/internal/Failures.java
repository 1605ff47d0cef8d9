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
        } catch (Exception e) { // Spark throws its checked SparkException from Scala without declaring it
            String marker = CellSums.BadValue.class.getName() + ": ";
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof CellSums.BadValue) {
                    throw new IllegalArgumentException(t.getMessage(), e);
                }
                // Spark may report a task's exception only in the text of its own
                String message = t.getMessage();
                int at = message == null ? -1 : message.indexOf(marker);
                if (at >= 0) {
                    int end = message.indexOf('\n', at);
                    throw new IllegalArgumentException(message.substring(at + marker.length(),
                        end < 0 ? message.length() : end), e);
                }
            }
            throw e;
        }
    }
}
