package org.civicsurvey.jdbc;

import org.civicsurvey.jdbc.testing.TestDatabase;

/** The store contract on Postgresql. */
class PostgresqlStoreTest extends StoreContract {

    @Override
    protected TestDatabase database() {
        return TestDatabase.postgresql();
    }
}
