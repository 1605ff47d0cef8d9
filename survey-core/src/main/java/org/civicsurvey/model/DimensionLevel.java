package org.civicsurvey.model;

import java.util.Optional;

/** The levels of the dimension hierarchy, from the broadest. */
public enum DimensionLevel {
    /** A broad aspect, such as SIPAS's "public administrative services" (since 2022). */
    ASPECT("aspect"),
    /** An element of service delivery, such as "administrative procedures". */
    ELEMENT("element"),
    /** A criterion measured by one or more rating items. */
    CRITERION("criterion");

    private final String jsonName;

    DimensionLevel(String jsonName) {
        this.jsonName = jsonName;
    }

    /**
     * The name used in JSON.
     *
     * @return {@code aspect}, {@code element} or {@code criterion}
     */
    public String jsonName() {
        return jsonName;
    }

    /**
     * Finds a level by its JSON name.
     *
     * @param name the name
     * @return the level, or empty when unknown
     */
    public static Optional<DimensionLevel> fromJsonName(String name) {
        for (DimensionLevel l : values()) {
            if (l.jsonName.equals(name)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }
}
