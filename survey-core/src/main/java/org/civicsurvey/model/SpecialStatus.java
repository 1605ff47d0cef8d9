package org.civicsurvey.model;

import java.util.Optional;

/**
 * An answer that is not a value on the scale. Such answers are left out of every denominator and
 * counted separately.
 */
public enum SpecialStatus {
    /** The person does not know. */
    DONT_KNOW("dont_know", "don't know"),
    /** The question does not apply to the person. */
    NOT_APPLICABLE("not_applicable", "not applicable"),
    /** The person declined to answer. */
    REFUSED("refused", "refused");

    private final String jsonName;
    private final String label;

    SpecialStatus(String jsonName, String label) {
        this.jsonName = jsonName;
        this.label = label;
    }

    /**
     * The name used in JSON.
     *
     * @return {@code dont_know}, {@code not_applicable} or {@code refused}
     */
    public String jsonName() {
        return jsonName;
    }

    /**
     * An English phrase for messages.
     *
     * @return for example {@code don't know}
     */
    public String label() {
        return label;
    }

    /**
     * Finds a status by its JSON name.
     *
     * @param jsonName the name
     * @return the status, or empty when the name is unknown
     */
    public static Optional<SpecialStatus> fromJsonName(String jsonName) {
        for (SpecialStatus s : values()) {
            if (s.jsonName.equals(jsonName)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
