package org.civicsurvey.jdbc;

import javax.sql.DataSource;
import org.civicsurvey.jdbc.testing.TestDatabase;

/** {@link SqlSurvey}'s contract on H2 (in memory). */
class H2SqlSurveyTest extends SqlSurveyContract {

    @Override
    protected DataSource open() {
        return TestDatabase.h2().dataSource();
    }

    @Override
    protected void closeDatabase() {
        // the in-memory database goes with the JVM; the tables are dropped
    }
}
