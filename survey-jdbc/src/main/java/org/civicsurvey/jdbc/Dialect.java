package org.civicsurvey.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Objects;

/**
 * The databases the store supports, detected from the connection's metadata.
 *
 * <p>The {@linkplain #resourceDirectory() resource directory} names where this dialect's migration
 * scripts live on the class path ({@code db/migration/<directory>}).
 */
public enum Dialect {
    /** H2 2.x, embedded (file or in-memory) or server. */
    H2("h2"),
    /** PostgreSQL 12 or later. */
    POSTGRESQL("postgresql"),
    /** MariaDB 10.6 or later; MySQL 8 servers are recognised and treated alike. */
    MARIADB("mariadb");

    private final String resourceDirectory;

    Dialect(String resourceDirectory) {
        this.resourceDirectory = resourceDirectory;
    }

    /**
     * The directory under {@code db/migration/} that holds this dialect's scripts.
     *
     * @return for example {@code "postgresql"}
     */
    public String resourceDirectory() {
        return resourceDirectory;
    }

    /**
     * Detects the dialect from a database product name as JDBC metadata reports it.
     *
     * @param productName {@link DatabaseMetaData#getDatabaseProductName()}
     * @return the dialect
     * @throws SurveyStoreException if the product is not supported
     */
    public static Dialect fromProductName(String productName) {
        Objects.requireNonNull(productName, "productName");
        String name = productName.toLowerCase(Locale.ROOT);
        if (name.startsWith("h2")) {
            return H2;
        }
        if (name.startsWith("postgresql")) {
            return POSTGRESQL;
        }
        if (name.startsWith("mariadb") || name.startsWith("mysql")) {
            return MARIADB;
        }
        throw new SurveyStoreException("detect dialect: database product '" + productName
                + "' is not supported (supported: H2, PostgreSQL, MariaDB, MySQL)");
    }

    /**
     * Detects the dialect of an open connection.
     *
     * @param connection an open connection; it is not closed
     * @return the dialect
     * @throws SurveyStoreException if the metadata cannot be read or the product is not supported
     */
    public static Dialect detect(Connection connection) {
        Objects.requireNonNull(connection, "connection");
        try {
            return fromProductName(connection.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new SurveyStoreException("detect dialect: cannot read connection metadata", e);
        }
    }
}
