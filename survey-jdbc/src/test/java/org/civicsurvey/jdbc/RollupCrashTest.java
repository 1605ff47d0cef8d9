package org.civicsurvey.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.civicsurvey.jdbc.testing.Fixtures;
import org.civicsurvey.jdbc.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * A JVM killed ({@code kill -9}: {@link Process#destroyForcibly()}) in the middle of {@code saveAll}
 * leaves rows and rollup consistent, and a retry of the same batch stores each response once. The
 * child is {@link Child}, started with this test's class path; PostgreSQL and MariaDB (a server
 * outlives the killed client, and each connection's open transaction is rolled back).
 */
class RollupCrashTest {

    static final int BATCH = 30_000;

    /** The child: saves the batch, chunk after chunk, until it is killed. */
    static final class Child {
        private Child() {
        }

        public static void main(String[] args) {
            TestDatabase db = "postgresql".equals(args[0]) ? TestDatabase.postgresql() : TestDatabase.mariadb();
            SurveyStore store = SurveyStore.create(db.dataSource(), StoreOptions.defaults()
                    .withNamespace(StoreNamespace.of(args[1])).withBatchChunkSize(50).withRollupCompactionChunks(5));
            store.saveAll(Fixtures.responses("k", 0, BATCH));
        }
    }

    @Test
    void postgresql() throws Exception {
        killMidBatch(TestDatabase.postgresql());
    }

    @Test
    void mariadb() throws Exception {
        killMidBatch(TestDatabase.mariadb());
    }

    private static long count(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void killMidBatch(TestDatabase db) throws Exception {
        try {
            StoreNamespace ns = db.freshNamespace();
            SurveyStore store = SurveyStore.create(db.dataSource(), StoreOptions.defaults().withNamespace(ns)
                    .withBatchChunkSize(50).withRollupCompactionChunks(5));
            store.putInstrument(Fixtures.instrument());
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), Child.class.getName(),
                    db.dialect() == Dialect.POSTGRESQL ? "postgresql" : "mariadb", ns.prefix())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
                while (count(db, "SELECT COUNT(*) FROM " + ns.table("response")) < 1_500) {
                    assertThat(child.isAlive()).as("the child saves until it is killed").isTrue();
                    assertThat(System.nanoTime()).as("the child stored 1,500 responses in time").isLessThan(deadline);
                    Thread.sleep(20);
                }
            } finally {
                child.destroyForcibly();
                child.waitFor(1, TimeUnit.MINUTES);
            }
            long stored = count(db, "SELECT COUNT(*) FROM " + ns.table("response"));
            assertThat(stored).isBetween(1_500L, BATCH - 1L);
            // after the crash: rows and rollup agree, before and after a compaction
            ResponseFilter f = ResponseFilter.all().instrument("portal-rating", "1.0");
            List<org.civicsurvey.scoring.GroupBy> by = List.of(org.civicsurvey.scoring.GroupBy.respondent("province"));
            StoreContract.assertSameEstimates(store.rollupStatistics(f, by, RollupFallback.FAIL).orElseThrow().statistics(),
                    store.statistics(f, by).orElseThrow().statistics(), "after the crash");
            RollupRebuild check = store.rebuildRollup();
            assertThat(check.agreed()).as(check.differences().toString()).isTrue();
            assertThat(check.responses()).isEqualTo(stored);
            // the retry stores each response once
            BatchResult retry = store.saveAll(Fixtures.responses("k", 0, BATCH));
            assertThat(retry.count(SaveOutcome.STORED) + retry.count(SaveOutcome.DUPLICATE)).isEqualTo(BATCH);
            assertThat(retry.count(SaveOutcome.DUPLICATE)).isEqualTo(stored);
            assertThat(count(db, "SELECT COUNT(*) FROM " + ns.table("response"))).isEqualTo(BATCH);
            assertThat(store.rebuildRollup().agreed()).isTrue();
        } finally {
            db.dropAll();
        }
    }
}
