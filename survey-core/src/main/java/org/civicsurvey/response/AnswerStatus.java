package org.civicsurvey.response;

import org.civicsurvey.model.SpecialStatus;

/**
 * Why an answer is, or is not, in an estimate's denominator. Every estimate counts the answers it
 * left out by these reasons. The {@link #code()} is the byte stored in
 * {@link AnswerColumns#statuses(String)}.
 */
public enum AnswerStatus {
    /** A usable answer (code 0). */
    VALID,
    /** Don't know (code 1). */
    DONT_KNOW,
    /** Not applicable (code 2). */
    NOT_APPLICABLE,
    /** Refused (code 3). */
    REFUSED,
    /** Shown but not answered (code 4). */
    MISSING,
    /** Not shown because of its show-if condition (code 5); any answer given is ignored. */
    HIDDEN,
    /** An answer that breaks the instrument's rules (code 6); only seen in unvalidated data. */
    INVALID;

    private static final AnswerStatus[] BY_CODE = values();

    /**
     * The byte code.
     *
     * @return the ordinal, 0..6
     */
    public byte code() {
        return (byte) ordinal();
    }

    /**
     * Whether the answer counts.
     *
     * @return true only for {@link #VALID}
     */
    public boolean isValid() {
        return this == VALID;
    }

    /**
     * The status of a byte code.
     *
     * @param code a code from {@link #code()}
     * @return the status
     * @throws IllegalArgumentException when the code is not 0..6
     */
    public static AnswerStatus ofCode(byte code) {
        if (code < 0 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("answer status code " + code + " is outside 0.." + (BY_CODE.length - 1));
        }
        return BY_CODE[code];
    }

    /**
     * The status of a special answer.
     *
     * @param status the special status
     * @return the matching status
     */
    public static AnswerStatus of(SpecialStatus status) {
        switch (status) {
            case DONT_KNOW:
                return DONT_KNOW;
            case NOT_APPLICABLE:
                return NOT_APPLICABLE;
            case REFUSED:
                return REFUSED;
            default:
                throw new IllegalArgumentException("unknown special status " + status);
        }
    }
}
