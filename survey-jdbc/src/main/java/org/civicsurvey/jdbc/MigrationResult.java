package org.civicsurvey.jdbc;

import java.util.List;

/**
 * What a {@link Migrator#migrate()} run did.
 *
 * @param previousVersion the schema version before the run (0 for an empty database)
 * @param currentVersion the schema version after the run
 * @param applied the versions this run applied, in order; empty when the schema was current
 */
public record MigrationResult(int previousVersion, int currentVersion, List<Integer> applied) {

    /**
     * Copies the list and checks the versions.
     *
     * @throws IllegalArgumentException if a version is negative or the current one is below the previous
     */
    public MigrationResult {
        applied = List.copyOf(applied);
        if (previousVersion < 0 || currentVersion < previousVersion) {
            throw new IllegalArgumentException("schema versions " + previousVersion + " -> " + currentVersion
                    + " are not allowed: both must be >= 0 and not decrease");
        }
    }

    /**
     * Whether the run changed nothing.
     *
     * @return true when no script was applied
     */
    public boolean upToDate() {
        return applied.isEmpty();
    }
}
