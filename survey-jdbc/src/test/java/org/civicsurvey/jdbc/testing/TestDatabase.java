package org.civicsurvey.jdbc.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.civicsurvey.jdbc.Dialect;
import org.civicsurvey.jdbc.StoreNamespace;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Assumptions;
import org.mariadb.jdbc.MariaDbDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A database the contract suite runs on. H2 is in-memory and always there; PostgreSQL and MariaDB
 * are the local test servers, skipped when unreachable unless {@code CI=true}, when an unreachable
 * server fails the suite. Every test gets its own random table prefix, so parallel runs by other
 * engineers on the same servers never collide, and {@link #dropAll()} removes the tables.
 */
public final class TestDatabase {

    private static final List<String> TABLES = List.of("response_attribute", "response", "instrument",
            "schema_version", "schema_lock", "rollup", "rollup_delta", "rollup_state", "rollup_pending");

    private final Dialect dialect;
    private final DataSource dataSource;
    private final List<StoreNamespace> created = new ArrayList<>();

    private TestDatabase(Dialect dialect, DataSource dataSource) {
        this.dialect = dialect;
        this.dataSource = dataSource;
    }

    public static TestDatabase h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:cs" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
        return new TestDatabase(Dialect.H2, ds);
    }

    public static TestDatabase postgresql() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"127.0.0.1"});
        ds.setPortNumbers(new int[] {5432});
        ds.setDatabaseName("test");
        ds.setUser("postgres");
        ds.setConnectTimeout(3);
        ds.setReWriteBatchedInserts(true);
        return reachable(new TestDatabase(Dialect.POSTGRESQL, new TinyPool(ds)), "PostgreSQL at 127.0.0.1:5432/test");
    }

    public static TestDatabase mariadb() {
        MariaDbDataSource ds = new MariaDbDataSource();
        try {
            ds.setUrl("jdbc:mariadb://127.0.0.1:3306/test?user=root&connectTimeout=3000");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return reachable(new TestDatabase(Dialect.MARIADB, new TinyPool(ds)), "MariaDB at 127.0.0.1:3306/test");
    }

    private static TestDatabase reachable(TestDatabase db, String what) {
        try (Connection c = db.dataSource.getConnection()) {
            c.isValid(3);
            return db;
        } catch (SQLException e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(what + " is unreachable and CI=true requires it: " + e.getMessage(), e);
            }
            Assumptions.abort(what + " is unreachable; skipped (set CI=true to make this a failure): " + e.getMessage());
            throw new AssertionError("unreachable");
        }
    }

    public Dialect dialect() {
        return dialect;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** A fresh random prefix for one test; its tables are dropped by {@link #dropAll()}. */
    public StoreNamespace freshNamespace() {
        String prefix = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toLowerCase(Locale.ROOT) + "_";
        StoreNamespace ns = StoreNamespace.of(prefix);
        created.add(ns);
        return ns;
    }

    public void dropAll() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (StoreNamespace ns : created) {
                for (String table : TABLES) {
                    s.execute("DROP TABLE IF EXISTS " + ns.table(table));
                }
            }
        }
        created.clear();
        if (dataSource instanceof TinyPool) {
            ((TinyPool) dataSource).close();
        }
    }
}
