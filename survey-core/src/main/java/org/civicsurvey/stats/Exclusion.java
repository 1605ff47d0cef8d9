package org.civicsurvey.stats;

/**
 * Why an answer is left out of an estimate's denominator. Every estimate counts its exclusions
 * by reason ({@link Exclusions}).
 *
 * <p>In a categorical column ({@code byte[]} of category indexes) an excluded answer is stored as
 * the negative {@link #code()}; in a numeric column {@code NaN} means {@link #MISSING}.
 */
public enum Exclusion {
    /** The respondent answered "don't know". */
    DONT_KNOW,
    /** The respondent answered "not applicable". */
    NOT_APPLICABLE,
    /** The respondent refused to answer. */
    REFUSED,
    /** No answer was recorded (item non-response). */
    MISSING,
    /** The question was not shown (a show-if condition was false). */
    HIDDEN;

    private static final Exclusion[] VALUES = values();

    /**
     * @return the code of this reason in a categorical {@code byte[]} column: {@code -1 - ordinal()}
     */
    public byte code() {
        return (byte) (-1 - ordinal());
    }

    /**
     * @param code a negative code from a categorical column
     * @return the reason
     * @throws IllegalArgumentException if the code is not {@code -1 .. -5}
     */
    public static Exclusion ofCode(int code) {
        int o = -1 - code;
        if (o < 0 || o >= VALUES.length) {
            throw new IllegalArgumentException("exclusion code " + code + " is outside -" + VALUES.length + "..-1");
        }
        return VALUES[o];
    }
}
