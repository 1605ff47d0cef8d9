package org.civicsurvey.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Brings a namespace's tables to the newest schema version, safely when several application
 * instances start at once.
 *
 * <p>The scripts are class-path resources {@code db/migration/<dialect>/V<n>__<description>.sql}
 * with two placeholders, {@code ${prefix}} (the table qualifier, {@code schema.prefix} or
 * {@code prefix}) and {@code ${index_prefix}} (the unqualified prefix for index and constraint
 * names). A user who runs Flyway can point it at the same location and set both placeholders
 * instead of calling this class; the two must not both manage the same tables.
 *
 * <p>A run: (1) takes the namespace's schema lock on a connection of its own (see
 * {@link #withLockTimeout(Duration)}); (2) creates the version table {@code <prefix>schema_version}
 * if absent; (3) verifies that every applied version's checksum equals its script's SHA-256
 * (a changed script fails the run, naming the version) and that the database is not newer than
 * this library; (4) applies the missing versions in order, each recorded in the version table
 * (on PostgreSQL a script and its record commit together; H2 and MariaDB commit DDL implicitly, so
 * a script failing part-way there leaves a partial change and no record, reported as such);
 * (5) releases the lock. A second instance waits for the lock, then finds nothing to do.
 */
public final class Migrator {

    /** The scripts of every dialect, in version order; each dialect has the same versions. */
    private static final List<String> SCRIPT_NAMES = List.of("V1__create_store.sql", "V2__answer_codes.sql",
            "V3__partial_case_key_index.sql", "V4__answer_code_text.sql", "V5__rollup.sql",
            "V6__rollup_pending.sql", "V7__rollup_pending_table.sql", "V8__rollup_packed.sql",
            "V9__rollup_partial_levels.sql", "V10__rollup_chunk_ids.sql");

    private static final Pattern SCRIPT_NAME = Pattern.compile("V([1-9][0-9]*)__([a-z0-9_]+)\\.sql");

    private final DataSource dataSource;
    private final StoreNamespace namespace;
    private final Duration lockTimeout;

    private Migrator(DataSource dataSource, StoreNamespace namespace, Duration lockTimeout) {
        this.dataSource = dataSource;
        this.namespace = namespace;
        this.lockTimeout = lockTimeout;
    }

    /**
     * A migrator for one namespace, with a lock timeout of 60 seconds.
     *
     * @param dataSource the database
     * @param namespace where the tables live
     * @return the migrator
     */
    public static Migrator create(DataSource dataSource, StoreNamespace namespace) {
        return new Migrator(Objects.requireNonNull(dataSource, "dataSource"), Objects.requireNonNull(namespace, "namespace"),
                Duration.ofSeconds(60));
    }

    /**
     * The same migrator with another lock timeout.
     *
     * @param timeout how long to wait for another instance's migration, at least 1 ms
     * @return a new migrator
     * @throws IllegalArgumentException if the timeout is below 1 ms
     */
    public Migrator withLockTimeout(Duration timeout) {
        if (timeout.toMillis() < 1) {
            throw new IllegalArgumentException("lock timeout " + timeout + " is not allowed: use at least 1 ms");
        }
        return new Migrator(dataSource, namespace, timeout);
    }

    /**
     * The scripts shipped for a dialect, in version order.
     *
     * @param dialect the database
     * @return the scripts
     */
    public static List<MigrationScript> scripts(Dialect dialect) {
        List<MigrationScript> scripts = new ArrayList<>();
        for (String name : SCRIPT_NAMES) {
            Matcher m = SCRIPT_NAME.matcher(name);
            if (!m.matches()) {
                throw new IllegalStateException("migration script name " + name + " does not match V<n>__<description>.sql");
            }
            String resource = "db/migration/" + dialect.resourceDirectory() + "/" + name;
            String sql = read(resource).replace("\r\n", "\n");
            scripts.add(new MigrationScript(Integer.parseInt(m.group(1)), m.group(2).replace('_', ' '), resource, sql,
                    Hashing.sha256(sql)));
        }
        return List.copyOf(scripts);
    }

    /**
     * The newest schema version this library ships.
     *
     * @return the latest version
     */
    public static int latestVersion() {
        return SCRIPT_NAMES.size();
    }

    /**
     * The placeholder values for a namespace, as Flyway users set them.
     *
     * @param namespace the namespace
     * @return {@code prefix} and {@code index_prefix}
     */
    public static Map<String, String> placeholders(StoreNamespace namespace) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("prefix", namespace.qualifier());
        values.put("index_prefix", namespace.prefix());
        return values;
    }

    /**
     * Applies every missing migration.
     *
     * @return what was applied
     * @throws SurveyStoreException on a checksum mismatch (naming the version), a database newer
     *     than the library, a lock timeout, interruption, or a failing script (naming its version)
     */
    public MigrationResult migrate() {
        try (Connection lockConnection = dataSource.getConnection()) {
            Dialect dialect = Dialect.detect(lockConnection);
            SchemaLock lock = SchemaLock.acquire(lockConnection, dialect, namespace, lockTimeout);
            try (Connection connection = dataSource.getConnection()) {
                return migrateLocked(connection, dialect);
            } finally {
                lock.close();
            }
        } catch (SQLException e) {
            throw new SurveyStoreException("migrate " + namespace.qualifier() + ": database error", e);
        }
    }

    /**
     * The applied schema version, without changing anything.
     *
     * @return 0 when the version table is absent or empty
     */
    public int currentVersion() {
        try (Connection connection = dataSource.getConnection()) {
            return applied(connection).keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        } catch (SQLException e) {
            throw new SurveyStoreException("read schema version of " + namespace.qualifier() + ": database error", e);
        }
    }

    private MigrationResult migrateLocked(Connection connection, Dialect dialect) throws SQLException {
        String versionTable = namespace.table("schema_version");
        boolean autoCommit = connection.getAutoCommit();
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + versionTable + " (version INT NOT NULL PRIMARY KEY, "
                    + "description VARCHAR(200) NOT NULL, checksum CHAR(64) NOT NULL, installed_at TIMESTAMP NOT NULL, "
                    + "execution_ms BIGINT NOT NULL)");
        }
        Map<Integer, String> applied = applied(connection);
        List<MigrationScript> scripts = scripts(dialect);
        int previous = applied.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        if (previous > scripts.size()) {
            throw new SurveyStoreException("migrate " + namespace.qualifier() + ": database schema version " + previous
                    + " is newer than this library supports (" + scripts.size() + ")");
        }
        for (MigrationScript script : scripts) {
            String checksum = applied.get(script.version());
            if (checksum != null && !checksum.equals(script.checksum())) {
                throw new SurveyStoreException("migrate " + namespace.qualifier() + ": checksum mismatch for migration V"
                        + script.version() + " (" + script.description() + "): applied " + checksum + ", script "
                        + script.resource() + " now " + script.checksum());
            }
        }
        List<Integer> done = new ArrayList<>();
        Map<String, String> placeholders = placeholders(namespace);
        for (MigrationScript script : scripts) {
            if (applied.containsKey(script.version())) {
                continue;
            }
            long start = System.nanoTime();
            connection.setAutoCommit(dialect != Dialect.POSTGRESQL);
            try {
                try (Statement s = connection.createStatement()) {
                    for (String sql : SqlScript.split(SqlScript.fill(script.sql(), placeholders))) {
                        s.execute(sql);
                    }
                }
                try (PreparedStatement ps = connection.prepareStatement("INSERT INTO " + versionTable
                        + " (version, description, checksum, installed_at, execution_ms) VALUES (?, ?, ?, ?, ?)")) {
                    ps.setInt(1, script.version());
                    ps.setString(2, script.description());
                    ps.setString(3, script.checksum());
                    ps.setTimestamp(4, Timestamp.from(Instant.now()));
                    ps.setLong(5, (System.nanoTime() - start) / 1_000_000);
                    ps.executeUpdate();
                }
                if (!connection.getAutoCommit()) {
                    connection.commit();
                }
            } catch (SQLException e) {
                String partial = dialect == Dialect.POSTGRESQL ? "rolled back"
                        : "may be partly applied (" + dialect + " commits DDL implicitly); repair by hand before retrying";
                if (!connection.getAutoCommit()) {
                    Jdbc.rollbackQuietly(connection, e);
                }
                throw new SurveyStoreException("migrate " + namespace.qualifier() + ": migration V" + script.version()
                        + " (" + script.description() + ") failed and " + partial, e);
            } finally {
                connection.setAutoCommit(autoCommit);
            }
            done.add(script.version());
        }
        // a version missing below the newest applied one (filled above) leaves the newest current
        int current = done.isEmpty() ? previous : Math.max(previous, done.get(done.size() - 1));
        return new MigrationResult(previous, current, done);
    }

    private Map<Integer, String> applied(Connection connection) throws SQLException {
        Map<Integer, String> applied = new TreeMap<>();
        if (!versionTableExists(connection)) {
            return applied;
        }
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, checksum FROM " + namespace.table("schema_version"))) {
            while (rs.next()) {
                applied.put(rs.getInt(1), rs.getString(2).trim());
            }
        }
        return applied;
    }

    private boolean versionTableExists(Connection connection) throws SQLException {
        Dialect dialect = Dialect.detect(connection);
        String table = namespace.prefix() + "schema_version";
        String schema = namespace.schema();
        java.sql.DatabaseMetaData meta = connection.getMetaData();
        ResultSet rs;
        switch (dialect) {
            case H2:
                rs = meta.getTables(null, schema == null ? connection.getSchema() : schema.toUpperCase(java.util.Locale.ROOT),
                        table.toUpperCase(java.util.Locale.ROOT), null);
                break;
            case POSTGRESQL:
                rs = meta.getTables(null, schema == null ? connection.getSchema() : schema, table, null);
                break;
            default:
                rs = meta.getTables(schema == null ? connection.getCatalog() : schema, null, table, null);
                break;
        }
        try (rs) {
            while (rs.next()) {
                if (rs.getString("TABLE_NAME").equalsIgnoreCase(table)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static String read(String resource) {
        ClassLoader loader = Migrator.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("migration script " + resource + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SurveyStoreException("read migration script " + resource, e);
        }
    }
}
