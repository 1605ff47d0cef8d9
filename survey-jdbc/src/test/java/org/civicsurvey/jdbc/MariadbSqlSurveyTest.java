package org.civicsurvey.jdbc;

import javax.sql.DataSource;
import org.civicsurvey.jdbc.testing.TestDatabase;

/** {@link SqlSurvey}'s contract on MariaDB (127.0.0.1:3306/test; required when {@code CI=true}). */
class MariadbSqlSurveyTest extends SqlSurveyContract {

    private TestDatabase db;

    @Override
    protected DataSource open() {
        db = TestDatabase.mariadb();
        return db.dataSource();
    }

    @Override
    protected void closeDatabase() throws Exception {
        if (db != null) {
            db.dropAll();
        }
    }
}
