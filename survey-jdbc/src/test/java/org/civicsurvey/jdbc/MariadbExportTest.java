package org.civicsurvey.jdbc;

import org.civicsurvey.jdbc.testing.TestDatabase;

/** The export contract on MariaDB. */
class MariadbExportTest extends ExportContract {

    @Override
    protected TestDatabase database() {
        return TestDatabase.mariadb();
    }
}
