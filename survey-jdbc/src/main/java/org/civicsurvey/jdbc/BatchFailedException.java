package org.civicsurvey.jdbc;

import java.util.Objects;

/**
 * A batch save stopped by a database error. Every chunk before the failing one is committed (its
 * results are in {@link #committed()}); the failing chunk is rolled back and no later chunk was
 * attempted, so the caller can resume from {@link #firstUncommitted()}.
 */
public final class BatchFailedException extends SurveyStoreException {

    private static final long serialVersionUID = 1L;

    private final transient BatchResult committed;
    private final int firstUncommitted;

    /**
     * @param message what failed
     * @param committed the results of the committed chunks
     * @param firstUncommitted index of the first response not committed
     * @param cause the database error
     */
    public BatchFailedException(String message, BatchResult committed, int firstUncommitted, Throwable cause) {
        super(message, cause);
        this.committed = Objects.requireNonNull(committed, "committed");
        this.firstUncommitted = firstUncommitted;
    }

    /**
     * The results of the responses in committed chunks.
     *
     * @return their results, in batch order
     */
    public BatchResult committed() {
        return committed;
    }

    /**
     * The batch index of the first response that was not committed.
     *
     * @return the index to resume from
     */
    public int firstUncommitted() {
        return firstUncommitted;
    }
}
