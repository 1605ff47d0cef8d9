package org.civicsurvey.stats;

/**
 * Weighted influence values of K totals (R's {@code x} in {@code svyrecvar}), supplied a block of
 * rows at a time: what {@link Design#totalCovariance(int, InfluenceValues)} reads instead of a
 * units x K array.
 *
 * <p>Implementations compute the values from the caller's columns on demand. They are called
 * from several threads at once (each with its own {@code out}) and possibly more than once for
 * the same rows, so they must be free of side effects.
 */
@FunctionalInterface
public interface InfluenceValues {
    /** The number of rows a design asks for at a time (at most). */
    int BLOCK = 4096;

    /**
     * Writes the values of rows {@code from} (inclusive) to {@code to} (exclusive), row-major: the
     * value of total j for row i goes to {@code out[(i - from) * k + j]}.
     *
     * @param from first row
     * @param to one past the last row, at most {@code from + BLOCK}
     * @param out room for at least {@code (to - from) * k} values
     */
    void fill(int from, int to, double[] out);
}
