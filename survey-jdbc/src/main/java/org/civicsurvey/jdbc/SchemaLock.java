package org.civicsurvey.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A database-wide lock that serialises migrations of one namespace across processes, held on a
 * connection of its own: a PostgreSQL session advisory lock, a MariaDB {@code GET_LOCK}, or on H2
 * a row lock ({@code SELECT ... FOR UPDATE}) in a one-row lock table, held in an open transaction.
 *
 * <p>Every variant polls with a short sleep until the timeout, so a waiting thread can be
 * interrupted (the flag is restored and the wait ends with an exception). A lock held by a process
 * that dies is released by the database when its connection ends.
 */
final class SchemaLock implements AutoCloseable {

    private static final long POLL_MILLIS = 25;

    private final Connection connection;
    private final Dialect dialect;
    private final String name;
    private final long key;
    private final String lockTable;

    private SchemaLock(Connection connection, Dialect dialect, StoreNamespace namespace) {
        this.connection = connection;
        this.dialect = dialect;
        String hash = Hashing.sha256("civicsurvey-schema:" + namespace.qualifier());
        this.name = "civicsurvey_" + hash.substring(0, 40);
        this.key = Long.parseUnsignedLong(hash.substring(0, 15), 16);
        this.lockTable = namespace.table("schema_lock");
    }

    /**
     * Acquires the lock on the given connection, waiting at most {@code timeout}.
     *
     * @param connection a connection used for nothing else until {@link #close()}
     * @param dialect the database
     * @param namespace the namespace being migrated
     * @param timeout the longest wait
     * @return the held lock; close it to release
     * @throws SurveyStoreException on timeout, interruption or a database error
     */
    static SchemaLock acquire(Connection connection, Dialect dialect, StoreNamespace namespace, Duration timeout) {
        SchemaLock lock = new SchemaLock(connection, dialect, namespace);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            String operation = "migrate " + namespace.qualifier();
            Jdbc.checkInterrupt(operation);
            if (dialect == Dialect.H2) {
                lock.prepareH2LockTable();
            }
            while (!lock.tryAcquire()) {
                Jdbc.checkInterrupt(operation);
                if (System.nanoTime() > deadline) {
                    throw new SurveyStoreException("migrate " + namespace.qualifier()
                            + ": another instance held the schema lock for longer than " + timeout.toMillis() + " ms");
                }
                Jdbc.sleep(POLL_MILLIS, "migrate " + namespace.qualifier());
            }
            return lock;
        } catch (SQLException e) {
            throw new SurveyStoreException("migrate " + namespace.qualifier() + ": cannot acquire the schema lock", e);
        }
    }

    private void prepareH2LockTable() throws SQLException {
        // Two instances may race to create the table or its row; a lost race is retried.
        for (int attempt = 0; ; attempt++) {
            try (Statement s = connection.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS " + lockTable + " (id INT NOT NULL PRIMARY KEY)");
                s.execute("INSERT INTO " + lockTable + " (id) SELECT 1 FROM (VALUES (0)) v WHERE NOT EXISTS (SELECT 1 FROM "
                        + lockTable + " WHERE id = 1)");
                return;
            } catch (SQLException e) {
                if (attempt >= 5) {
                    throw e;
                }
                Jdbc.sleep(POLL_MILLIS, "migrate " + lockTable);
            }
        }
    }

    private boolean tryAcquire() throws SQLException {
        switch (dialect) {
            case POSTGRESQL:
                try (PreparedStatement ps = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                    ps.setLong(1, key);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getBoolean(1);
                    }
                }
            case MARIADB:
                try (PreparedStatement ps = connection.prepareStatement("SELECT GET_LOCK(?, 0)")) {
                    ps.setString(1, name);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getInt(1) == 1;
                    }
                }
            case H2:
                connection.setAutoCommit(false);
                try (Statement s = connection.createStatement()) {
                    s.execute("SET LOCK_TIMEOUT " + POLL_MILLIS);
                    try (ResultSet rs = s.executeQuery("SELECT id FROM " + lockTable + " WHERE id = 1 FOR UPDATE")) {
                        rs.next();
                        return true;
                    }
                } catch (SQLException e) {
                    connection.rollback();
                    if (isH2LockTimeout(e)) {
                        return false;
                    }
                    throw e;
                }
            default:
                throw new IllegalStateException("unknown dialect " + dialect);
        }
    }

    private static boolean isH2LockTimeout(SQLException e) {
        // H2 error codes: 50200 LOCK_TIMEOUT_1, 40001 DEADLOCK_1, 90131 CONCURRENT_UPDATE_1
        int code = e.getErrorCode();
        return code == 50200 || code == 40001 || code == 90131;
    }

    /** Releases the lock (the connection stays open; the caller closes it). */
    @Override
    public void close() {
        try {
            switch (dialect) {
                case POSTGRESQL:
                    try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                        ps.setLong(1, key);
                        ps.execute();
                    }
                    break;
                case MARIADB:
                    try (PreparedStatement ps = connection.prepareStatement("SELECT RELEASE_LOCK(?)")) {
                        ps.setString(1, name);
                        ps.execute();
                    }
                    break;
                case H2:
                    connection.rollback();
                    connection.setAutoCommit(true);
                    break;
                default:
                    throw new IllegalStateException("unknown dialect " + dialect);
            }
        } catch (SQLException e) {
            throw new SurveyStoreException("migrate: cannot release the schema lock " + name, e);
        }
    }
}
