package org.civicsurvey.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.PGStatement;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * Writes response rows with PostgreSQL's {@code COPY ... FROM STDIN} (binary format, rows encoded
 * by {@link CopyRow}) instead of multi-row {@code INSERT}s: the server parses no statement and binds
 * no parameter per row. Used only when the connection unwraps to the PostgreSQL driver's {@link
 * PGConnection}; this class is the only one that refers to the driver, and it is loaded only after
 * {@link Tables} has found the driver on the class path.
 *
 * <p>A constraint violation (a concurrent save of the same id or case file) fails the whole
 * {@code COPY} with SQLState 23505, like a failed {@code INSERT}, so the caller's transaction
 * handling is the same for both.
 */
final class PgCopy {

    /** Bytes sent to the server at a time. */
    private static final int FLUSH = 1 << 20;

    private PgCopy() {
    }

    /**
     * The connection's copy API, if it is a PostgreSQL driver connection.
     *
     * @param c the connection (a pool's wrapper is unwrapped)
     * @return the copy manager, or null
     * @throws SQLException from the driver
     */
    static CopyManager manager(Connection c) throws SQLException {
        return c.isWrapperFor(PGConnection.class) ? c.unwrap(PGConnection.class).getCopyAPI() : null;
    }

    /**
     * Makes a statement be planned at each execution with its parameters' values, never as a
     * generic plan of a server-side prepared statement: a statement given row addresses as an array
     * is then a TID scan whatever the table's statistics.
     *
     * @param ps a statement of a PostgreSQL driver connection (a pool's wrapper is unwrapped)
     * @return the same statement
     * @throws SQLException from the driver
     */
    static PreparedStatement oneShot(PreparedStatement ps) throws SQLException {
        if (ps.isWrapperFor(PGStatement.class)) {
            ps.unwrap(PGStatement.class).setPrepareThreshold(0);
        }
        return ps;
    }

    /**
     * Makes a statement's results come in PostgreSQL's binary format: the statement is prepared on
     * the server at its first execution and its result columns described first, so that {@code
     * bytea} arrives as its bytes instead of hexadecimal text (half the bytes, no decoding). Planned
     * as {@link #oneShot} plans for its first executions; its row addresses or cell hashes select
     * by a TID scan or the primary key whatever plan the server keeps.
     *
     * @param ps a statement of a PostgreSQL driver connection (a pool's wrapper is unwrapped)
     * @return the same statement
     * @throws SQLException from the driver
     */
    static PreparedStatement binaryResults(PreparedStatement ps) throws SQLException {
        if (ps.isWrapperFor(PGStatement.class)) {
            // a negative threshold is the driver's switch for binary transfer from the first execution
            ps.unwrap(PGStatement.class).setPrepareThreshold(-1);
        }
        return ps;
    }

    /**
     * Copies the rows into the response table (respondent attributes included, as JSON), in the
     * caller's transaction.
     *
     * @param manager the copy API of the caller's connection
     * @param responseTable the qualified response table
     * @param columns the response columns, in {@link CopyRow}'s order
     * @param storedAt the stored-at time of every row
     * @param rows the encoded rows
     * @throws SQLException from the driver, for example a unique violation
     */
    static void copy(CopyManager manager, String responseTable, String columns, LocalDateTime storedAt,
            List<CopyRow> rows) throws SQLException {
        byte[] stored = CopyRow.timestampField(storedAt);
        CopyIn in = manager.copyIn("COPY " + responseTable + " (" + columns + ") FROM STDIN WITH (FORMAT binary)");
        try {
            Buffer buffer = new Buffer(in);
            buffer.write(CopyRow.HEADER);
            for (CopyRow row : rows) {
                buffer.write(row.head());
                buffer.write(stored);
                buffer.write(row.tail());
            }
            buffer.write(CopyRow.TRAILER);
            buffer.flush();
            in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }

    /**
     * Copies rows already encoded in PostgreSQL's binary {@code COPY} format (header, tuples,
     * trailer), in the caller's transaction.
     *
     * @param manager the copy API of the caller's connection
     * @param table the qualified table
     * @param columns the columns, in the tuples' order
     * @param encoded the whole binary stream
     * @throws SQLException from the driver
     */
    static void copy(CopyManager manager, String table, String columns, byte[] encoded) throws SQLException {
        CopyIn in = manager.copyIn("COPY " + table + " (" + columns + ") FROM STDIN WITH (FORMAT binary)");
        try {
            in.writeToCopy(encoded, 0, encoded.length);
            in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }

    /** Gathers small writes into large ones. */
    private static final class Buffer {
        private final CopyIn in;
        private final byte[] bytes = new byte[FLUSH];
        private int size;

        Buffer(CopyIn in) {
            this.in = in;
        }

        void write(byte[] b) throws SQLException {
            if (size + b.length > bytes.length) {
                flush();
            }
            if (b.length > bytes.length) {
                in.writeToCopy(b, 0, b.length);
                return;
            }
            System.arraycopy(b, 0, bytes, size, b.length);
            size += b.length;
        }

        void flush() throws SQLException {
            if (size > 0) {
                in.writeToCopy(bytes, 0, size);
                size = 0;
            }
        }
    }
}
