package org.civicsurvey.report;

import java.util.Objects;

/**
 * One group key of a report cell: the grouping's name and the level of this cell, or
 * {@link #ALL} when the cell covers every level (a margin or the overall total).
 *
 * @param name the grouping's name, e.g. {@code province}
 * @param level the level, e.g. {@code p01}, or {@code "*"} for all levels
 */
public record GroupKey(String name, String level) {
    /** The level of a cell that covers every level of its grouping (a margin). */
    public static final String ALL = "*";

    /**
     * Validates.
     *
     * @param name non-blank name
     * @param level non-blank level
     */
    public GroupKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(level, "level");
        if (name.isBlank() || level.isBlank()) {
            throw new IllegalArgumentException("group key '" + name + "' = '" + level + "': name and level must not be blank");
        }
    }

    /**
     * @param name the grouping
     * @param level the level
     * @return the key
     */
    public static GroupKey of(String name, String level) {
        return new GroupKey(name, level);
    }

    /** @return whether this key covers every level of its grouping */
    public boolean isAll() {
        return ALL.equals(level);
    }
}
