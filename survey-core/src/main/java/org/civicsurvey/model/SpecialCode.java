package org.civicsurvey.model;

/**
 * A code for an answer outside the scale, such as 9 for "don't know" on a paper ballot.
 *
 * <p>The code is what data entry and exports use; in a response the answer is the
 * {@link SpecialStatus} itself. A scale's codes never coincide with its values.
 *
 * @param code the numeric code, outside the scale's range
 * @param status what the code means
 * @param label the text shown to the person
 */
public record SpecialCode(int code, SpecialStatus status, LocalizedText label) {
    /**
     * Validates the parts.
     *
     * @param code the code
     * @param status the status, not null
     * @param label the label, not null (may be empty)
     */
    public SpecialCode {
        Violations.required("status", status);
        Violations.required("label", label);
    }

    /**
     * Creates a special code.
     *
     * @param code the code
     * @param status the status
     * @param label the label
     * @return the special code
     */
    public static SpecialCode of(int code, SpecialStatus status, LocalizedText label) {
        return new SpecialCode(code, status, label);
    }
}
