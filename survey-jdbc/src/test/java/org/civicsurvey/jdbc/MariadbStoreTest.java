package org.civicsurvey.jdbc;

import org.civicsurvey.jdbc.testing.TestDatabase;

/** The store contract on Mariadb. */
class MariadbStoreTest extends StoreContract {

    @Override
    protected TestDatabase database() {
        return TestDatabase.mariadb();
    }
}
