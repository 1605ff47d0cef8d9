package org.civicsurvey.report;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * A grouping of a report's data: its name and its levels; level {@code i} has code {@code i}.
 *
 * @param name the grouping's name, e.g. {@code province}
 * @param levels the levels, distinct, not {@link GroupKey#ALL}, in display order (periods: chronological)
 */
public record Grouping(String name, List<String> levels) {
    /**
     * Validates.
     *
     * @param name non-blank name
     * @param levels at least one distinct, non-blank level
     */
    public Grouping {
        Objects.requireNonNull(name, "name");
        levels = List.copyOf(levels);
        if (name.isBlank()) {
            throw new IllegalArgumentException("grouping name must not be blank");
        }
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("grouping " + name + " has no levels");
        }
        if (levels.size() > 100_000) {
            throw new IllegalArgumentException("grouping " + name + " has " + levels.size() + " levels; at most 100000");
        }
        if (new HashSet<>(levels).size() != levels.size()) {
            throw new IllegalArgumentException("grouping " + name + " repeats a level: " + levels);
        }
        for (String l : levels) {
            if (l.isBlank() || GroupKey.ALL.equals(l)) {
                throw new IllegalArgumentException("grouping " + name + " has the level '" + l + "'; levels must not be blank or "
                    + GroupKey.ALL);
            }
        }
    }

    /**
     * @param name the name
     * @param levels the levels
     * @return the grouping
     */
    public static Grouping of(String name, List<String> levels) {
        return new Grouping(name, levels);
    }

    /**
     * @param level a level
     * @return its code
     * @throws IllegalArgumentException when it is not a level
     */
    public int codeOf(String level) {
        int i = levels.indexOf(level);
        if (i < 0) {
            throw new IllegalArgumentException("grouping " + name + " has no level '" + level + "'; levels: " + levels);
        }
        return i;
    }
}
