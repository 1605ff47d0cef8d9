package org.civicsurvey.response;

import java.util.Optional;

/** Whether a response is still being filled in (saved for resuming) or submitted. */
public enum ResponseStatus {
    /** Saved part way; required answers are not yet enforced. */
    IN_PROGRESS("in_progress"),
    /** Submitted; every required, shown question must be answered. */
    COMPLETE("complete");

    private final String jsonName;

    ResponseStatus(String jsonName) {
        this.jsonName = jsonName;
    }

    /**
     * The name used in JSON.
     *
     * @return {@code in_progress} or {@code complete}
     */
    public String jsonName() {
        return jsonName;
    }

    /**
     * Finds a status by its JSON name.
     *
     * @param name the name
     * @return the status, or empty
     */
    public static Optional<ResponseStatus> fromJsonName(String name) {
        for (ResponseStatus s : values()) {
            if (s.jsonName.equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
