package org.civicsurvey.jdbc;

/** What happened to one response given to the store. */
public enum SaveOutcome {
    /** Stored for the first time. */
    STORED,
    /** Replaced a stored response that was still in progress. */
    UPDATED,
    /** Already stored with identical content (a retry); nothing changed. */
    DUPLICATE,
    /** Not stored: it failed validation against its instrument (batch saves only). */
    INVALID,
    /**
     * Not stored: the id is stored with different complete content, or (with the case-file rule)
     * the case file already has a response (batch saves only).
     */
    CONFLICT
}
