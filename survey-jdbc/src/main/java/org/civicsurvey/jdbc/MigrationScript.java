package org.civicsurvey.jdbc;

import java.util.Objects;

/**
 * One versioned migration script as shipped on the class path.
 *
 * @param version the version, from 1
 * @param description what the script does, from its file name
 * @param resource the class-path resource, for example
 *     {@code db/migration/postgresql/V1__create_store.sql}
 * @param sql the script text with its {@code ${prefix}} and {@code ${index_prefix}} placeholders,
 *     line endings normalised to {@code \n}
 * @param checksum SHA-256 (hex) of {@code sql}
 */
public record MigrationScript(int version, String description, String resource, String sql, String checksum) {

    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if the version is below 1
     */
    public MigrationScript {
        if (version < 1) {
            throw new IllegalArgumentException("migration version " + version + " is not allowed: versions start at 1");
        }
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(checksum, "checksum");
    }
}
