package org.civicsurvey.jdbc;

import java.time.ZoneId;
import java.time.ZoneOffset;
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
 * @param maintainRollup when true (the default), every save and erasure appends its partial rollup
 *     rows in its own transaction; when false the store writes no rollup rows and marks the rollup
 *     stale, so rollup reads refuse (or fall back) until {@link SurveyStore#rebuildRollup()} is run
 *     by a store that maintains it
 * @param rollupBucket the rollup's time bucket
 * @param rollupZone the zone the rollup's buckets are cut in (any zone, daylight-saving time included)
 * @param rollupCompactionChunks after this many committed chunks or single saves, the store compacts
 *     the rollup's partial rows, 1 to 1,000,000 (see {@code rollupCompactionInBackground})
 * @param rollupCrossProducts when true, the rollup also keeps the cross-products (Σw² per pair of valid
 *     answers of two rating questions in one response) that the standard errors of an element or index
 *     need; they cost k(k−1)/2 rollup entries per response for k rating questions
 * @param rollupCells when true, the rollup also keeps its finest cells (every combination of agency,
 *     service, channel and province in a bucket), so that a query combining two or more of these
 *     besides agency with service is read from the rollup; when false (the default) it keeps the sums
 *     of each one of them (agency with its services) per bucket, and such a query is summed from the
 *     stored rows of its period. The finest cells are about as many as the responses when these
 *     dimensions have many values (a national portal's provinces, agencies and services): keeping them
 *     costs a compaction several times what the save cost, and reads of them are no faster than the rows
 * @param rollupCompactionInBackground when true (the default), the store's own compactions run on a
 *     daemon thread of their own, so that no save waits for one; that thread first waits while a save
 *     or batch of the store is running (at most 10 seconds, and not once twice {@code
 *     rollupCompactionChunks} are pending), so that it runs in the writers' pauses rather than
 *     competing with them for the processors. When false, the store starts no thread: the thread
 *     whose save or batch reached {@code rollupCompactionChunks} compacts once its last commit is done
 *     (the save's results are already final) and its call returns after the compaction
 */
public record StoreOptions(StoreNamespace namespace, boolean oneResponsePerCaseFile, int batchChunkSize, int fetchSize,
        boolean migrateOnCreate, boolean maintainRollup, RollupBucket rollupBucket, ZoneId rollupZone,
        int rollupCompactionChunks, boolean rollupCrossProducts, boolean rollupCells,
        boolean rollupCompactionInBackground) {

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
        Objects.requireNonNull(rollupBucket, "rollupBucket");
        Objects.requireNonNull(rollupZone, "rollupZone");
        if (rollupZone.getId().length() > 64) {
            throw new IllegalArgumentException("rollupZone " + rollupZone.getId() + " is longer than 64 characters");
        }
        if (rollupCompactionChunks < 1 || rollupCompactionChunks > 1_000_000) {
            throw new IllegalArgumentException("rollupCompactionChunks " + rollupCompactionChunks
                    + " is outside 1..1000000 chunks");
        }
    }

    /**
     * The defaults: namespace {@link StoreNamespace#DEFAULT}, no case-file rule, chunks of 1,000
     * responses, fetch size 1,000, migrate on create, the rollup maintained by month in UTC,
     * compacted every 16 chunks on a thread of the store's own, without cross-products or the finest cells.
     *
     * @return the default options
     */
    public static StoreOptions defaults() {
        return new StoreOptions(StoreNamespace.DEFAULT, false, 1_000, 1_000, true, true, RollupBucket.MONTH, ZoneOffset.UTC,
                16, false, false, true);
    }

    /**
     * @param value the namespace
     * @return a copy with another namespace
     */
    public StoreOptions withNamespace(StoreNamespace value) {
        return new StoreOptions(value, oneResponsePerCaseFile, batchChunkSize, fetchSize, migrateOnCreate, maintainRollup, rollupBucket, rollupZone, rollupCompactionChunks, rollupCrossProducts, rollupCells, rollupCompactionInBackground);
    }

    /**
     * @param value whether to allow one response per case file per instrument
     * @return a copy with the rule on or off
     */
    public StoreOptions withOneResponsePerCaseFile(boolean value) {
        return new StoreOptions(namespace, value, batchChunkSize, fetchSize, migrateOnCreate, maintainRollup, rollupBucket, rollupZone, rollupCompactionChunks, rollupCrossProducts, rollupCells, rollupCompactionInBackground);
    }

    /**
     * @param value responses per batch transaction, 1 to 10,000
     * @return a copy with another chunk size
     */
    public StoreOptions withBatchChunkSize(int value) {
        return new StoreOptions(namespace, oneResponsePerCaseFile, value, fetchSize, migrateOnCreate, maintainRollup, rollupBucket, rollupZone, rollupCompactionChunks, rollupCrossProducts, rollupCells, rollupCompactionInBackground);
    }

    /**
     * @param value rows per round trip when streaming, 1 to 100,000
     * @return a copy with another fetch size
     */
    public StoreOptions withFetchSize(int value) {
        return new StoreOptions(namespace, oneResponsePerCaseFile, batchChunkSize, value, migrateOnCreate, maintainRollup, rollupBucket, rollupZone, rollupCompactionChunks, rollupCrossProducts, rollupCells, rollupCompactionInBackground);
    }

    /**
     * @param value whether to migrate when the store is created
     * @return a copy
     */
    public StoreOptions withMigrateOnCreate(boolean value) {
        return new StoreOptions(namespace, oneResponsePerCaseFile, batchChunkSize, fetchSize, value, maintainRollup, rollupBucket, rollupZone, rollupCompactionChunks, rollupCrossProducts, rollupCells, rollupCompactionInBackground);
    }
    /**
     * @param value whether saves and erasures maintain the rollup (see {@link #maintainRollup()})
     * @return a copy
     */
    public StoreOptions withMaintainRollup(boolean value) {
        return new StoreOptions(namespace, oneResponsePerCaseFile, batchChunkSize, fetchSize, migrateOnCreate, value, rollupBucket, rollupZone, rollupCompactionChunks, rollupCrossProducts, rollupCells, rollupCompactionInBackground);
    }

    /**
     * @param value the rollup's time bucket
     * @return a copy
     */
    public StoreOptions withRollupBucket(RollupBucket value) {
        return new StoreOptions(namespace, oneResponsePerCaseFile, batchChunkSize, fetchSize, migrateOnCreate, maintainRollup, value, rollupZone, rollupCompactionChunks, rollupCrossProducts, rollupCells, rollupCompactionInBackground);
    }

    /**
     * @param value the zone the rollup's buckets are cut in, e.g. {@code ZoneId.of("Asia/Ho_Chi_Minh")}
     * @return a copy
     */
    public StoreOptions withRollupZone(ZoneId value) {
        return new StoreOptions(namespace, oneResponsePerCaseFile, batchChunkSize, fetchSize, migrateOnCreate, maintainRollup, rollupBucket, value, rollupCompactionChunks, rollupCrossProducts, rollupCells, rollupCompactionInBackground);
    }

    /**
     * @param value committed chunks (or single saves) between automatic compactions, 1 to 1,000,000
     * @return a copy
     */
    public StoreOptions withRollupCompactionChunks(int value) {
        return new StoreOptions(namespace, oneResponsePerCaseFile, batchChunkSize, fetchSize, migrateOnCreate, maintainRollup, rollupBucket, rollupZone, value, rollupCrossProducts, rollupCells, rollupCompactionInBackground);
    }

    /**
     * @param value whether the rollup keeps the cross-products between rating questions
     * @return a copy
     */
    public StoreOptions withRollupCrossProducts(boolean value) {
        return new StoreOptions(namespace, oneResponsePerCaseFile, batchChunkSize, fetchSize, migrateOnCreate, maintainRollup, rollupBucket, rollupZone, rollupCompactionChunks, value, rollupCells, rollupCompactionInBackground);
    }

    /**
     * @param value whether the rollup keeps its finest cells (see {@link #rollupCells()})
     * @return a copy
     */
    public StoreOptions withRollupCells(boolean value) {
        return new StoreOptions(namespace, oneResponsePerCaseFile, batchChunkSize, fetchSize, migrateOnCreate, maintainRollup, rollupBucket, rollupZone, rollupCompactionChunks, rollupCrossProducts, value, rollupCompactionInBackground);
    }

    /**
     * @param value whether the store's own compactions run on a thread of their own (see {@link
     *     #rollupCompactionInBackground()})
     * @return a copy
     */
    public StoreOptions withRollupCompactionInBackground(boolean value) {
        return new StoreOptions(namespace, oneResponsePerCaseFile, batchChunkSize, fetchSize, migrateOnCreate, maintainRollup, rollupBucket, rollupZone, rollupCompactionChunks, rollupCrossProducts, rollupCells, value);
    }
}
