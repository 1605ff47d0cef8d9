package org.civicsurvey.analysis.drivers;

import java.util.Objects;

/**
 * Where an importance–performance grid divides one axis.
 *
 * @param kind whether the line is at the attributes' mean or at a given value
 * @param value the given value ({@link Kind#VALUE}); ignored (0) for {@link Kind#MEAN}
 */
public record CrossHair(Kind kind, double value) {
    /** How the position is chosen. */
    public enum Kind {
        /** The arithmetic mean of the attributes' values on this axis. */
        MEAN,
        /** A given value (e.g. a scale midpoint or a target). */
        VALUE
    }

    /** Validates. */
    public CrossHair {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.VALUE && !Double.isFinite(value)) {
            throw new IllegalArgumentException("cross-hair value must be finite, was " + value);
        }
        if (kind == Kind.MEAN) {
            value = 0;
        }
    }

    /** @return a cross-hair at the mean of the attributes */
    public static CrossHair mean() {
        return new CrossHair(Kind.MEAN, 0);
    }

    /**
     * @param value the position
     * @return a cross-hair at a given value
     */
    public static CrossHair at(double value) {
        return new CrossHair(Kind.VALUE, value);
    }

    /**
     * @param low the lowest scale point
     * @param high the highest scale point
     * @return a cross-hair at the scale midpoint {@code (low + high) / 2}
     */
    public static CrossHair midpoint(double low, double high) {
        if (!(high > low)) {
            throw new IllegalArgumentException("scale [" + low + ", " + high + "] must have high > low");
        }
        return new CrossHair(Kind.VALUE, (low + high) / 2);
    }

    double position(double[] values) {
        if (kind == Kind.VALUE) {
            return value;
        }
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s / values.length;
    }
}
