package org.civicsurvey.jdbc;

import org.civicsurvey.jdbc.testing.TestDatabase;

/** The export contract on PostgreSQL. */
class PostgresqlExportTest extends ExportContract {

    @Override
    protected TestDatabase database() {
        return TestDatabase.postgresql();
    }
}
