package org.civicsurvey.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/** Small JDBC helpers. */
final class Jdbc {

    private Jdbc() {
    }

    /**
     * Rolls back, adding any failure as suppressed to the error being handled.
     *
     * @param connection the connection in a transaction
     * @param primary the error that caused the rollback
     */
    static void rollbackQuietly(Connection connection, Throwable primary) {
        try {
            connection.rollback();
        } catch (SQLException | RuntimeException e) {
            primary.addSuppressed(e);
        }
    }

    /**
     * Whether an SQL error (or one chained to it) reports an integrity constraint violation
     * (SQLState class 23: unique key, foreign key, not null).
     *
     * @param e the error
     * @return true for a constraint violation
     */
    static boolean isConstraintViolation(SQLException e) {
        return anyInChain(e, x -> x.getSQLState() != null && x.getSQLState().startsWith("23"));
    }

    /**
     * Whether an SQL error (or one chained to it) reports a transaction the database rolled back to
     * resolve a conflict with a concurrent one, so that running it again may succeed: SQLState class
     * 40 (serialization failure 40001, PostgreSQL's deadlock 40P01, H2's and MariaDB's deadlock),
     * PostgreSQL's lock timeout (55P03 lock_not_available), MariaDB's lock wait timeout (error 1205), or
     * H2's concurrent update of one row (error 90131).
     *
     * @param e the error
     * @return true when a retry of the whole transaction may succeed
     */
    static boolean isTransientConflict(SQLException e) {
        // H2 90131: a concurrent transaction updated the same row (two inserts of one case file key
        // racing before either commits); the statement wrote nothing, like a deadlock victim
        return anyInChain(e, x -> x.getSQLState() != null
                && (x.getSQLState().startsWith("40") || "55P03".equals(x.getSQLState()))
                || x.getErrorCode() == 1205 && "HY000".equals(x.getSQLState())
                || x.getErrorCode() == 90131);
    }

    /**
     * Whether a statement gave up waiting for a row lock: H2's lock timeout (error 50200),
     * PostgreSQL's {@code lock_timeout} (55P03), MariaDB's {@code innodb_lock_wait_timeout} (1205).
     * The statement wrote nothing; the transaction is rolled back before a retry.
     *
     * @param e the failure
     * @return whether it is a lock wait timeout
     */
    static boolean isLockTimeout(SQLException e) {
        return anyInChain(e, x -> x.getErrorCode() == 50200 || "55P03".equals(x.getSQLState())
                || x.getErrorCode() == 1205);
    }

    private static boolean anyInChain(SQLException e, java.util.function.Predicate<SQLException> test) {
        java.util.ArrayDeque<Throwable> todo = new java.util.ArrayDeque<>();
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        todo.add(e);
        while (!todo.isEmpty()) {
            Throwable t = todo.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (t instanceof SQLException) {
                SQLException x = (SQLException) t;
                if (test.test(x)) {
                    return true;
                }
                if (x.getNextException() != null) {
                    todo.add(x.getNextException());
                }
            }
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
        }
        return false;
    }

    /**
     * Sleeps, restoring the interrupt flag and reporting the interruption as an exception.
     *
     * @param millis how long
     * @param operation the operation waiting, for the message
     * @throws SurveyStoreException if interrupted
     */
    static void sleep(long millis, String operation) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SurveyStoreException(operation + ": interrupted while waiting", e);
        }
    }

    /**
     * Throws if the current thread has been interrupted, keeping the interrupt flag set.
     *
     * @param operation the operation, for the message
     * @throws SurveyStoreException if interrupted
     */
    static void checkInterrupt(String operation) {
        if (Thread.currentThread().isInterrupted()) {
            throw new SurveyStoreException(operation + ": interrupted while waiting");
        }
    }
}
