package org.civicsurvey.model;

import java.util.Optional;

/** The kinds of question, with the {@code type} name each has in JSON. */
public enum QuestionKind {
    /** A rating on an integer scale, tied to a dimension. */
    RATING("rating"),
    /** One or several options from a list. */
    CHOICE("choice"),
    /** A number within bounds. */
    NUMBER("number"),
    /** Free text up to a maximum length. */
    TEXT("text"),
    /** Net Promoter Score: likelihood to recommend on 0..10. */
    NPS("nps");

    private final String jsonName;

    QuestionKind(String jsonName) {
        this.jsonName = jsonName;
    }

    /**
     * The {@code type} value in JSON.
     *
     * @return the JSON name
     */
    public String jsonName() {
        return jsonName;
    }

    /**
     * Finds a kind by its JSON name.
     *
     * @param name the name
     * @return the kind, or empty when unknown
     */
    public static Optional<QuestionKind> fromJsonName(String name) {
        for (QuestionKind k : values()) {
            if (k.jsonName.equals(name)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
