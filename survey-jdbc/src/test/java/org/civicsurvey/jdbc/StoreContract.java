package org.civicsurvey.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.civicsurvey.jdbc.internal.SchemaLock;
import org.civicsurvey.jdbc.schema.MigrationResult;
import org.civicsurvey.jdbc.schema.Migrator;
import org.civicsurvey.jdbc.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store's contract, run on every database: H2 always, PostgreSQL and MariaDB when reachable
 * (always when {@code CI=true}). Subclasses only say which database.
 */
abstract class StoreContract {

    protected TestDatabase db;

    /** The database under test, created once per test. */
    protected abstract TestDatabase database();

    @BeforeEach
    void openDatabase() {
        db = database();
    }

    @AfterEach
    void dropTables() throws SQLException {
        db.dropAll();
    }

    protected int count(String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    protected void execute(String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    // ---------------------------------------------------------------- dialect and migrations

    @Test
    void detectsTheDialectFromConnectionMetadata() throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            assertThat(Dialect.detect(c)).isEqualTo(db.dialect());
        }
    }

    @Test
    void migratesFromEmptyThenReRunIsANoOp() throws SQLException {
        StoreNamespace ns = db.freshNamespace();
        Migrator migrator = Migrator.create(db.dataSource(), ns);
        assertThat(migrator.currentVersion()).isZero();

        MigrationResult first = migrator.migrate();
        assertThat(first.previousVersion()).isZero();
        assertThat(first.applied()).containsExactly(1);
        assertThat(first.currentVersion()).isEqualTo(Migrator.latestVersion());
        assertThat(count("SELECT COUNT(*) FROM " + ns.table("response"))).isZero();
        assertThat(count("SELECT COUNT(*) FROM " + ns.table("schema_version"))).isEqualTo(Migrator.latestVersion());

        MigrationResult second = migrator.migrate();
        assertThat(second.upToDate()).isTrue();
        assertThat(second.previousVersion()).isEqualTo(Migrator.latestVersion());
        assertThat(count("SELECT COUNT(*) FROM " + ns.table("schema_version"))).isEqualTo(Migrator.latestVersion());
    }

    @Test
    void aChangedScriptFailsNamingTheVersion() throws SQLException {
        StoreNamespace ns = db.freshNamespace();
        Migrator migrator = Migrator.create(db.dataSource(), ns);
        migrator.migrate();
        // as if the V1 script had been edited after it was applied
        execute("UPDATE " + ns.table("schema_version") + " SET checksum = '"
                + "0".repeat(64) + "' WHERE version = 1");
        assertThatThrownBy(migrator::migrate)
                .isInstanceOf(SurveyStoreException.class)
                .hasMessageContaining("checksum mismatch for migration V1")
                .hasMessageContaining("0".repeat(64));
    }

    @Test
    void aDatabaseNewerThanTheLibraryFails() throws SQLException {
        StoreNamespace ns = db.freshNamespace();
        Migrator migrator = Migrator.create(db.dataSource(), ns);
        migrator.migrate();
        execute("INSERT INTO " + ns.table("schema_version")
                + " (version, description, checksum, installed_at, execution_ms) VALUES (99, 'future', '"
                + "1".repeat(64) + "', CURRENT_TIMESTAMP, 0)");
        assertThatThrownBy(migrator::migrate)
                .isInstanceOf(SurveyStoreException.class)
                .hasMessageContaining("schema version 99 is newer than this library supports");
    }

    @Test
    void concurrentStartsApplyEachMigrationOnce() throws Exception {
        StoreNamespace ns = db.freshNamespace();
        int threads = 4;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<MigrationResult>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<MigrationResult> task = () -> {
                    start.await();
                    return Migrator.create(db.dataSource(), ns).migrate();
                };
                results.add(pool.submit(task));
            }
            start.countDown();
            int appliedRuns = 0;
            for (Future<MigrationResult> f : results) {
                MigrationResult r = f.get(60, TimeUnit.SECONDS);
                assertThat(r.currentVersion()).isEqualTo(Migrator.latestVersion());
                if (!r.upToDate()) {
                    appliedRuns++;
                    assertThat(r.applied()).containsExactly(1);
                }
            }
            assertThat(appliedRuns).isEqualTo(1);
            assertThat(count("SELECT COUNT(*) FROM " + ns.table("schema_version"))).isEqualTo(Migrator.latestVersion());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aHeldLockMakesAnotherMigrationTimeOut() throws SQLException {
        StoreNamespace ns = db.freshNamespace();
        try (Connection holder = db.dataSource().getConnection()) {
            SchemaLock lock = SchemaLock.acquire(holder, db.dialect(), ns, Duration.ofSeconds(5));
            try {
                assertThatThrownBy(() -> Migrator.create(db.dataSource(), ns).withLockTimeout(Duration.ofMillis(300)).migrate())
                        .isInstanceOf(SurveyStoreException.class)
                        .hasMessageContaining("schema lock");
            } finally {
                lock.close();
            }
        }
        assertThat(Migrator.create(db.dataSource(), ns).migrate().applied()).containsExactly(1);
    }

    @Test
    void anInterruptedWaitForTheLockRestoresTheFlag() throws Exception {
        StoreNamespace ns = db.freshNamespace();
        try (Connection holder = db.dataSource().getConnection()) {
            SchemaLock lock = SchemaLock.acquire(holder, db.dialect(), ns, Duration.ofSeconds(5));
            try {
                Thread.currentThread().interrupt();
                assertThatThrownBy(() -> Migrator.create(db.dataSource(), ns).migrate())
                        .isInstanceOf(SurveyStoreException.class)
                        .hasMessageContaining("interrupted");
                assertThat(Thread.interrupted()).isTrue();
            } finally {
                Thread.interrupted();
                lock.close();
            }
        }
    }
}
