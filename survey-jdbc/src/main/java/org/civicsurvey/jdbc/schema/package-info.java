/**
 * Schema migrations of the store: versioned SQL scripts per dialect, shipped as class-path
 * resources under {@code db/migration/{h2,postgresql,mariadb}} with Flyway-compatible names
 * ({@code V1__create_store.sql}), and {@link org.civicsurvey.jdbc.schema.Migrator}, which applies
 * them under a database lock and verifies their checksums.
 */
package org.civicsurvey.jdbc.schema;
