package org.civicsurvey.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import org.junit.jupiter.api.Test;

/** How the store classifies database errors: retry the transaction, fall back, or fail. */
class JdbcErrorsTest {

    @Test
    void deadlocksAndSerializationFailuresAreTransient() {
        // PostgreSQL: 40P01 deadlock_detected, 40001 serialization_failure (PostgreSQL manual, Appendix A)
        assertThat(Jdbc.isTransientConflict(new SQLException("deadlock detected", "40P01"))).isTrue();
        assertThat(Jdbc.isTransientConflict(new SQLTransactionRollbackException("could not serialize", "40001"))).isTrue();
        // 55P03 lock_not_available: a lock_timeout expired (chunks written ahead set one)
        assertThat(Jdbc.isTransientConflict(new SQLException("canceling statement due to lock timeout", "55P03"))).isTrue();
        // MariaDB: ER_LOCK_DEADLOCK 1213 has SQLState 40001; ER_LOCK_WAIT_TIMEOUT 1205 has HY000
        assertThat(Jdbc.isTransientConflict(new SQLException("Deadlock found when trying to get lock", "40001", 1213))).isTrue();
        assertThat(Jdbc.isTransientConflict(new SQLException("Lock wait timeout exceeded", "HY000", 1205))).isTrue();
    }

    @Test
    void aDeadlockChainedInsideABatchErrorIsFound() {
        BatchUpdateException batch = new BatchUpdateException("batch failed", "HY000", 0, new int[0]);
        batch.setNextException(new SQLException("deadlock detected", "40P01"));
        assertThat(Jdbc.isTransientConflict(batch)).isTrue();
        assertThat(Jdbc.isConstraintViolation(batch)).isFalse();
    }

    @Test
    void constraintViolationsAndOtherErrorsAreNotTransient() {
        SQLException unique = new SQLException("duplicate key value violates unique constraint", "23505");
        assertThat(Jdbc.isTransientConflict(unique)).isFalse();
        assertThat(Jdbc.isConstraintViolation(unique)).isTrue();
        assertThat(Jdbc.isTransientConflict(new SQLException("syntax error", "42601"))).isFalse();
        assertThat(Jdbc.isTransientConflict(new SQLException("other", "HY000", 1064))).isFalse();
        assertThat(Jdbc.isTransientConflict(new SQLException("no state"))).isFalse();
    }
}
