package org.civicsurvey.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import org.civicsurvey.jdbc.testing.Fixtures;
import org.civicsurvey.jdbc.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/** The rollup contract on PostgreSQL. */
class PostgresqlRollupTest extends RollupContract {

    @Override
    protected TestDatabase database() {
        return TestDatabase.postgresql();
    }

    @Test
    void aCompactionLeavesThePartialRowTableEmptyOnDiskNotFullOfDeadRows() throws SQLException {
        // automatic compactions off: the explicit one merges every partial row
        SurveyStore store = store(StoreOptions.defaults().withBatchChunkSize(10).withRollupCompactionChunks(1_000));
        String delta = store.options().namespace().table("rollup_delta");
        String size = "SELECT pg_relation_size('" + delta + "')";
        store.saveAll(Fixtures.responses("v", 0, 200));
        assertThat(count(size)).isPositive();
        assertThat(store.compactRollup()).isPositive();
        // deleted rows stay in the table until a vacuum, which autovacuum may run late or never
        assertThat(count(size)).isZero();
        assertRollupEqualsRows(store, Fixtures.instrument(), FILTERS, GROUPINGS, false, "compacted and vacuumed");
        assertThat(store.rollupStatistics(FILTERS.get(0), List.of(), RollupFallback.FAIL)).isPresent();
    }
}
