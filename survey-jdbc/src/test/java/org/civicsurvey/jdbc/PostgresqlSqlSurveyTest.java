package org.civicsurvey.jdbc;

import javax.sql.DataSource;
import org.civicsurvey.jdbc.testing.TestDatabase;

/** {@link SqlSurvey}'s contract on PostgreSQL (127.0.0.1:5432/test; required when {@code CI=true}). */
class PostgresqlSqlSurveyTest extends SqlSurveyContract {

    private TestDatabase db;

    @Override
    protected DataSource open() {
        db = TestDatabase.postgresql();
        return db.dataSource();
    }

    @Override
    protected void closeDatabase() throws Exception {
        if (db != null) {
            db.dropAll();
        }
    }
}
