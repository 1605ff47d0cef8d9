package org.civicsurvey.jdbc;

import org.civicsurvey.jdbc.testing.TestDatabase;

/** The export contract on H2. */
class H2ExportTest extends ExportContract {

    @Override
    protected TestDatabase database() {
        return TestDatabase.h2();
    }
}
