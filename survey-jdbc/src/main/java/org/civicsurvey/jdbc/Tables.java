package org.civicsurvey.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.civicsurvey.response.Response;

/** The store's insert and update statements for responses, shared by single and batch saves. */
final class Tables {

    /** Columns of the response table written on insert, in bind order. */
    private static final String RESPONSE_COLUMNS = "response_id, instrument_id, instrument_version, status, case_file, "
            + "case_key, agency, service, channel, province, submitted_at, transaction_at, weight, answer_values, "
            + "answer_status, anonymised, content_hash, document, stored_at";
    /** PostgreSQL stores the answer codes and the attributes too (schema version 2). */
    private static final String POSTGRESQL_RESPONSE_COLUMNS = RESPONSE_COLUMNS + ", answer_codes, attributes";
    /** MariaDB stores the answer codes as text (schema version 4). */
    private static final String MARIADB_RESPONSE_COLUMNS = RESPONSE_COLUMNS + ", answer_codes";
    /** H2 stores the columns every dialect has. */
    private static final String H2_RESPONSE_COLUMNS = RESPONSE_COLUMNS;
    /**
     * Fewer rows than this go through {@code INSERT} even on PostgreSQL: a {@code COPY} costs more
     * to set up than it saves on a few rows (measured: single saves 0.62 ms by {@code INSERT}
     * against 0.85 ms by {@code COPY}; the two cross at about 32 rows per batch).
     */
    static final int COPY_MIN_ROWS = 32;
    /** Whether the PostgreSQL driver is on the class path, so {@link PgCopy} can be loaded. */
    private static final boolean POSTGRESQL_DRIVER = driverPresent();
    /** Rows per multi-row INSERT statement. */
    private static final int ROWS_PER_STATEMENT = 100;

    private final Dialect dialect;
    private final StoreNamespace namespace;
    private final boolean caseFileRule;

    /**
     * @param dialect the database
     * @param namespace the tables
     * @param caseFileRule whether case_key is filled (one response per case file per instrument)
     */
    Tables(Dialect dialect, StoreNamespace namespace, boolean caseFileRule) {
        this.dialect = dialect;
        this.namespace = namespace;
        this.caseFileRule = caseFileRule;
    }

    private static boolean driverPresent() {
        try {
            Class.forName("org.postgresql.PGConnection", false, Tables.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * A table's qualified name.
     *
     * @param name unprefixed name
     * @return the name for SQL
     */
    String table(String name) {
        return namespace.table(name);
    }

    /**
     * Inserts rows: on PostgreSQL with {@code COPY} when the connection is the PostgreSQL driver's
     * (see {@link PgCopy}) and there are at least {@link #COPY_MIN_ROWS}, otherwise with multi-row
     * {@code INSERT ... VALUES (...), (...)} statements.
     *
     * @param c the connection, in a transaction
     * @param rows the encoded rows
     * @throws SQLException from the driver (a constraint violation has SQLState class 23)
     */
    void insertResponses(Connection c, List<ResponseRows.Row> rows) throws SQLException {
        insertResponses(c, rows, null);
    }

    /**
     * Whether rows should be encoded for {@code COPY} ahead of the write ({@link CopyRow}): on
     * PostgreSQL with its driver on the class path.
     *
     * @return true when {@link #insertResponses(Connection, List, List)} may use them
     */
    boolean copies() {
        return dialect == Dialect.POSTGRESQL && POSTGRESQL_DRIVER;
    }

    /**
     * Encodes a row for {@code COPY}, ahead of the write.
     *
     * @param row the row
     * @return its binary encoding, or null when it must go through {@code INSERT}
     */
    CopyRow copyRow(ResponseRows.Row row) {
        return CopyRow.of(row, caseFileRule);
    }

    /**
     * Inserts rows as {@link #insertResponses(Connection, List)} does, with their {@code COPY}
     * rows encoded ahead when there are.
     *
     * @param c the connection, in a transaction
     * @param rows the rows
     * @param copyRows per row its {@link #copyRow} (null elements allowed), or null to encode here
     * @throws SQLException from the driver
     */
    void insertResponses(Connection c, List<ResponseRows.Row> rows, List<CopyRow> copyRows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        java.time.LocalDateTime now = FilterSql.utc(Instant.now());
        boolean postgresql = dialect == Dialect.POSTGRESQL;
        if (copies() && rows.size() >= COPY_MIN_ROWS) {
            org.postgresql.copy.CopyManager manager = PgCopy.manager(c);
            if (manager != null) {
                List<CopyRow> encoded = copyRows != null ? copyRows : rows.stream().map(this::copyRow).toList();
                if (encoded.stream().allMatch(java.util.Objects::nonNull)) {
                    PgCopy.copy(manager, table("response"), POSTGRESQL_RESPONSE_COLUMNS, now, encoded);
                    return;
                }
            }
        }
        String columns = postgresql ? POSTGRESQL_RESPONSE_COLUMNS
                : dialect == Dialect.MARIADB ? MARIADB_RESPONSE_COLUMNS : H2_RESPONSE_COLUMNS;
        // one parameter per column
        int parameters = columns.split(",").length;
        for (int start = 0; start < rows.size(); start += ROWS_PER_STATEMENT) {
            int end = Math.min(rows.size(), start + ROWS_PER_STATEMENT);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table("response") + " (" + columns
                    + ") VALUES " + placeholders(end - start, parameters))) {
                int p = 1;
                for (int i = start; i < end; i++) {
                    p = bindResponse(c, ps, p, rows.get(i), now);
                }
                ps.executeUpdate();
            }
        }
        if (postgresql) {
            return;
        }
        List<Object[]> attributes = new ArrayList<>();
        for (ResponseRows.Row row : rows) {
            for (Map.Entry<String, String> e : row.response().respondent().entrySet()) {
                if (ResponseRows.hasAttributeRow(e.getKey())) {
                    attributes.add(new Object[] {row.response().id(), e.getKey(), e.getValue()});
                }
            }
        }
        insertAttributes(c, attributes);
    }

    /**
     * Inserts attribute rows (response id, name, value).
     *
     * @param c the connection
     * @param attributes the rows
     * @throws SQLException from the driver
     */
    void insertAttributes(Connection c, List<Object[]> attributes) throws SQLException {
        for (int start = 0; start < attributes.size(); start += ROWS_PER_STATEMENT * 3) {
            int end = Math.min(attributes.size(), start + ROWS_PER_STATEMENT * 3);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table("response_attribute")
                    + " (response_id, attr_name, attr_value) VALUES " + placeholders(end - start, 3))) {
                int p = 1;
                for (int i = start; i < end; i++) {
                    for (Object o : attributes.get(i)) {
                        ps.setString(p++, (String) o);
                    }
                }
                ps.executeUpdate();
            }
        }
    }

    /**
     * Replaces a stored in-progress response with a new version of it.
     *
     * @param c the connection, in a transaction
     * @param row the new content
     * @return whether a row was replaced (false when it is no longer in progress)
     * @throws SQLException from the driver
     */
    boolean replaceInProgress(Connection c, ResponseRows.Row row) throws SQLException {
        String id = row.response().id();
        int deleted;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table("response")
                + " WHERE response_id = ? AND status = 'IN_PROGRESS'")) {
            ps.setString(1, id);
            deleted = ps.executeUpdate();
        }
        if (deleted == 0) {
            return false;
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table("response_attribute")
                + " WHERE response_id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
        insertResponses(c, List.of(row));
        return true;
    }

    private int bindResponse(Connection c, PreparedStatement ps, int first, ResponseRows.Row row,
            java.time.LocalDateTime now)
            throws SQLException {
        Response r = row.response();
        int p = first;
        ps.setString(p++, r.id());
        ps.setString(p++, r.instrumentId());
        ps.setString(p++, r.instrumentVersion());
        ps.setString(p++, r.status().name());
        ps.setString(p++, r.transaction().caseFileId().orElse(null));
        ps.setString(p++, caseFileRule ? r.transaction().caseFileId().map(Hashing::sha256).orElse(null) : null);
        ps.setString(p++, r.transaction().agency().orElse(null));
        ps.setString(p++, r.transaction().service().orElse(null));
        ps.setString(p++, r.transaction().channel().orElse(null));
        ps.setString(p++, ResponseRows.province(r));
        ps.setObject(p++, ResponseRows.periodInstant(r).map(FilterSql::utc).orElse(null));
        ps.setObject(p++, r.transaction().time().map(FilterSql::utc).orElse(null));
        if (r.weight().isPresent()) {
            ps.setDouble(p++, r.weight().getAsDouble());
        } else {
            ps.setNull(p++, java.sql.Types.DOUBLE);
        }
        bindValues(c, ps, p++, row.values());
        ps.setString(p++, row.statuses());
        ps.setBoolean(p++, false);
        ps.setString(p++, row.contentHash());
        ps.setString(p++, row.document());
        ps.setObject(p++, now);
        if (dialect == Dialect.POSTGRESQL) {
            int[] codes = row.codes();
            Integer[] boxed = new Integer[codes.length];
            for (int j = 0; j < codes.length; j++) {
                boxed[j] = codes[j];
            }
            ps.setArray(p++, c.createArrayOf("int4", boxed));
            ps.setObject(p++, ResponseRows.attributesJson(r), java.sql.Types.OTHER);
        } else if (dialect == Dialect.MARIADB) {
            ps.setString(p++, ResponseRows.codeText(row.codes()));
        }
        return p;
    }

    private void bindValues(Connection c, PreparedStatement ps, int index, Double[] values) throws SQLException {
        switch (dialect) {
            case POSTGRESQL:
                ps.setArray(index, c.createArrayOf("float8", values));
                break;
            case H2:
                ps.setObject(index, values);
                break;
            case MARIADB:
                ps.setString(index, ResponseRows.jsonArray(values));
                break;
            default:
                throw new IllegalStateException("unknown dialect " + dialect);
        }
    }

    /**
     * {@code (?, ?), (?, ?)} for a multi-row insert.
     *
     * @param rows the number of rows
     * @param columns parameters per row
     * @return the VALUES list
     */
    static String placeholders(int rows, int columns) {
        StringBuilder one = new StringBuilder("(");
        for (int j = 0; j < columns; j++) {
            one.append(j == 0 ? "?" : ", ?");
        }
        one.append(')');
        StringBuilder all = new StringBuilder(rows * (one.length() + 2));
        for (int i = 0; i < rows; i++) {
            if (i > 0) {
                all.append(", ");
            }
            all.append(one);
        }
        return all.toString();
    }
}
