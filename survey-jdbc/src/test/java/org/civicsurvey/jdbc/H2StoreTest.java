package org.civicsurvey.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.civicsurvey.jdbc.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/** The store contract on H2, plus a migrator case that needs a script H2 can run twice. */
class H2StoreTest extends StoreContract {

    @Override
    protected TestDatabase database() {
        return TestDatabase.h2();
    }

    @Test
    void aVersionMissingBelowTheNewestIsAppliedAndTheNewestStaysCurrent() throws SQLException {
        StoreNamespace ns = db.freshNamespace();
        Migrator.create(db.dataSource(), ns).migrate();
        // version 3 changes nothing on H2 (a comment), so its row can go without undoing anything
        execute("DELETE FROM " + ns.table("schema_version") + " WHERE version = 3");
        MigrationResult result = Migrator.create(db.dataSource(), ns).migrate();
        assertThat(result.applied()).containsExactly(3);
        assertThat(result.previousVersion()).isEqualTo(Migrator.latestVersion());
        assertThat(result.currentVersion()).isEqualTo(Migrator.latestVersion());
        assertThat(Migrator.create(db.dataSource(), ns).migrate().applied()).isEmpty();
    }
}
