package org.civicsurvey.jdbc;

import org.civicsurvey.jdbc.testing.TestDatabase;

/** The rollup contract on H2. */
class H2RollupTest extends RollupContract {

    @Override
    protected TestDatabase database() {
        return TestDatabase.h2();
    }
}
