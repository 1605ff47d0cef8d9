package org.civicsurvey.jdbc;

import org.civicsurvey.jdbc.testing.TestDatabase;

/** The rollup contract on MariaDB. */
class MariadbRollupTest extends RollupContract {

    @Override
    protected TestDatabase database() {
        return TestDatabase.mariadb();
    }
}
