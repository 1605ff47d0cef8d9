package org.civicsurvey.io.csv;

/** Why an imported row was rejected; {@link ImportResult#rejections()} counts rejected rows by these. */
public enum RejectReason {
    /** The row is not well-formed CSV or has another number of fields than the header. */
    MALFORMED_ROW,
    /** A cell cannot be read: not a number, not a date, a weight that is not positive, a bad id. */
    BAD_VALUE,
    /** The response breaks a rule of the instrument (a value outside the scale, a required answer missing...). */
    INVALID_ANSWER,
    /** Another row has the same respondent id (see {@link DuplicateIds}). */
    DUPLICATE_ID
}
