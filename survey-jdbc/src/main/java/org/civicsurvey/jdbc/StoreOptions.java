package org.civicsurvey.jdbc;

import java.util.Objects;

/**
 * How a {@link SurveyStore} behaves.
 *
 * @param namespace where the tables live (schema and prefix)
 * @param oneResponsePerCaseFile when true, the database accepts at most one response per case
 *     file per instrument (all versions), enforced by a unique constraint; a second one fails
 *     with {@link ResponseConflictException}
 * @param batchChunkSize responses per transaction in {@link SurveyStore#saveAll(java.util.List)},
 *     1 to 10,000
 * @param fetchSize rows fetched per round trip when streaming, 1 to 100,000
 * @param migrateOnCreate when true, {@link SurveyStore#create(javax.sql.DataSource, StoreOptions)}
 *     applies missing migrations before returning
 */
public record StoreOptions(StoreNamespace namespace, boolean oneResponsePerCaseFile, int batchChunkSize, int fetchSize,
        boolean migrateOnCreate) {

    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException naming a value outside its range
     */
    public StoreOptions {
        Objects.requireNonNull(namespace, "namespace");
        if (batchChunkSize < 1 || batchChunkSize > 10_000) {
            throw new IllegalArgumentException("batchChunkSize " + batchChunkSize + " is outside 1..10000 responses");
        }
        if (fetchSize < 1 || fetchSize > 100_000) {
            throw new IllegalArgumentException("fetchSize " + fetchSize + " is outside 1..100000 rows");
        }
    }

    /**
     * The defaults: namespace {@link StoreNamespace#DEFAULT}, no case-file rule, chunks of 1,000
     * responses, fetch size 1,000, migrate on create.
     *
     * @return the default options
     */
    public static StoreOptions defaults() {
        return new StoreOptions(StoreNamespace.DEFAULT, false, 1_000, 1_000, true);
    }

    /**
     * @param value the namespace
     * @return a copy with another namespace
     */
    public StoreOptions withNamespace(StoreNamespace value) {
        return new StoreOptions(value, oneResponsePerCaseFile, batchChunkSize, fetchSize, migrateOnCreate);
    }

    /**
     * @param value whether to allow one response per case file per instrument
     * @return a copy with the rule on or off
     */
    public StoreOptions withOneResponsePerCaseFile(boolean value) {
        return new StoreOptions(namespace, value, batchChunkSize, fetchSize, migrateOnCreate);
    }

    /**
     * @param value responses per batch transaction, 1 to 10,000
     * @return a copy with another chunk size
     */
    public StoreOptions withBatchChunkSize(int value) {
        return new StoreOptions(namespace, oneResponsePerCaseFile, value, fetchSize, migrateOnCreate);
    }

    /**
     * @param value rows per round trip when streaming, 1 to 100,000
     * @return a copy with another fetch size
     */
    public StoreOptions withFetchSize(int value) {
        return new StoreOptions(namespace, oneResponsePerCaseFile, batchChunkSize, value, migrateOnCreate);
    }

    /**
     * @param value whether to migrate when the store is created
     * @return a copy
     */
    public StoreOptions withMigrateOnCreate(boolean value) {
        return new StoreOptions(namespace, oneResponsePerCaseFile, batchChunkSize, fetchSize, value);
    }
}
