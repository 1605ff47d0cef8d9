package org.civicsurvey.validation;

/** The rule a violation breaks, for programs that react to some rules differently. */
public enum Rule {
    /** A field constraint on the response (blank id, too long, weight not positive...). */
    FIELD,
    /** The response names another instrument. */
    WRONG_INSTRUMENT,
    /** The response names another version of the instrument. */
    WRONG_VERSION,
    /** An answer to a question the instrument does not have. */
    UNKNOWN_QUESTION,
    /** An answer of the wrong kind for its question (text for a rating...). */
    WRONG_KIND,
    /** A number outside the scale or the bounds, or not whole where it must be. */
    OUT_OF_RANGE,
    /** A special answer (don't know...) the question's scale does not offer. */
    SPECIAL_NOT_OFFERED,
    /** An option code the question does not have, chosen twice, or the wrong number of options. */
    BAD_CHOICE,
    /** A text longer than allowed. */
    TOO_LONG,
    /** An answer to a question whose show-if condition is false. */
    HIDDEN_ANSWERED,
    /** A required, shown question left unanswered in a complete response. */
    MISSING_REQUIRED
}
