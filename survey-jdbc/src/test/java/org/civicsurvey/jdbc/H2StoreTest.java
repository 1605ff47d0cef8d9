package org.civicsurvey.jdbc;

import org.civicsurvey.jdbc.testing.TestDatabase;

/** The store contract on H2. */
class H2StoreTest extends StoreContract {

    @Override
    protected TestDatabase database() {
        return TestDatabase.h2();
    }
}
