package org.civicsurvey.jdbc;

import org.civicsurvey.jdbc.testing.TestDatabase;

/** The rollup contract on PostgreSQL. */
class PostgresqlRollupTest extends RollupContract {

    @Override
    protected TestDatabase database() {
        return TestDatabase.postgresql();
    }
}
