package org.civicsurvey.jdbc.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A wide table written into a test database: one row per respondent, columns of numbers (NULL for
 * NaN) or text (NULL for null). {@link #drop()} removes it. Names are quoted with the database's own
 * quote, so columns such as {@code tỉnh} or {@code câu 1} are written as they are.
 */
public final class WideTable {

    /** A column's type. */
    public enum Kind {
        /** A whole number ({@code INTEGER}). */
        INTEGER,
        /** A double ({@code DOUBLE PRECISION}, MariaDB's {@code DOUBLE}). */
        DOUBLE,
        /** Text ({@code VARCHAR(200)}). */
        TEXT
    }

    private final DataSource dataSource;
    private final String name;
    private final String quote;
    private final List<String> names = new ArrayList<>();
    private final List<Kind> kinds = new ArrayList<>();
    private final List<Object> values = new ArrayList<>();
    private int rows = -1;

    private WideTable(DataSource dataSource, String name) {
        this.dataSource = dataSource;
        this.name = name;
        try (Connection c = dataSource.getConnection()) {
            this.quote = c.getMetaData().getIdentifierQuoteString().strip();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param dataSource the database
     * @param prefix the start of the table's name, followed by a random suffix
     * @return an empty table definition
     */
    public static WideTable named(DataSource dataSource, String prefix) {
        return new WideTable(dataSource, prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10)
                .toLowerCase(Locale.ROOT));
    }

    /**
     * @param dataSource the database
     * @param exact the table's exact name
     * @return an empty table definition
     */
    public static WideTable exactly(DataSource dataSource, String exact) {
        return new WideTable(dataSource, exact);
    }

    private void length(int n) {
        if (rows >= 0 && rows != n) {
            throw new IllegalArgumentException("column has " + n + " rows, the table " + rows);
        }
        rows = n;
    }

    /**
     * @param column the column's name
     * @param kind INTEGER or DOUBLE
     * @param data one value per row, NaN for NULL
     * @return this table
     */
    public WideTable numbers(String column, Kind kind, double[] data) {
        length(data.length);
        names.add(column);
        kinds.add(kind);
        values.add(data.clone());
        return this;
    }

    /**
     * @param column the column's name
     * @param data one value per row, null for NULL
     * @return this table
     */
    public WideTable text(String column, String[] data) {
        length(data.length);
        names.add(column);
        kinds.add(Kind.TEXT);
        values.add(data.clone());
        return this;
    }

    /** @return the table's name */
    public String name() {
        return name;
    }

    /** @return the table's name quoted for SQL */
    public String quoted() {
        return q(name);
    }

    /**
     * @param identifier a column's name
     * @return it quoted for this database
     */
    public String quote(String identifier) {
        return q(identifier);
    }

    private String q(String identifier) {
        return quote + identifier.replace(quote, quote + quote) + quote;
    }

    /**
     * Creates the table and inserts the rows.
     *
     * @return this table
     * @throws SQLException from the driver
     */
    public WideTable create() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            String doubleType = product.startsWith("mariadb") || product.startsWith("mysql") ? "DOUBLE" : "DOUBLE PRECISION";
            List<String> defs = new ArrayList<>();
            List<String> marks = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                String type = kinds.get(i) == Kind.INTEGER ? "INTEGER" : kinds.get(i) == Kind.DOUBLE ? doubleType : "VARCHAR(200)";
                defs.add(q(names.get(i)) + " " + type);
                marks.add("?");
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE " + q(name) + " (" + String.join(", ", defs) + ")");
            }
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + q(name) + " VALUES (" + String.join(", ", marks)
                    + ")")) {
                for (int r = 0; r < rows; r++) {
                    for (int i = 0; i < names.size(); i++) {
                        Object col = values.get(i);
                        if (kinds.get(i) == Kind.TEXT) {
                            String v = ((String[]) col)[r];
                            if (v == null) {
                                ps.setNull(i + 1, Types.VARCHAR);
                            } else {
                                ps.setString(i + 1, v);
                            }
                        } else {
                            double v = ((double[]) col)[r];
                            if (Double.isNaN(v)) {
                                ps.setNull(i + 1, kinds.get(i) == Kind.INTEGER ? Types.INTEGER : Types.DOUBLE);
                            } else if (kinds.get(i) == Kind.INTEGER) {
                                ps.setInt(i + 1, (int) v);
                            } else {
                                ps.setDouble(i + 1, v);
                            }
                        }
                    }
                    ps.addBatch();
                    if (r % 500 == 499) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
                c.commit();
            } finally {
                c.setAutoCommit(auto);
            }
        }
        return this;
    }

    /**
     * Drops the table if it exists.
     *
     * @throws SQLException from the driver
     */
    public void drop() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + q(name));
        }
    }
}
