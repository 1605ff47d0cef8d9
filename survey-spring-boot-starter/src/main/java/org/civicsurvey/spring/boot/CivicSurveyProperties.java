package org.civicsurvey.spring.boot;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.civicsurvey.jdbc.RollupBucket;
import org.civicsurvey.jdbc.StoreNamespace;
import org.civicsurvey.jdbc.StoreOptions;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The starter's settings, under {@code civicsurvey.*} in {@code application.properties}. Every
 * setting has a default; an application that sets none gets a store on its {@code DataSource}
 * with the tables {@code cs_*}, migrated on start, one response per case file, and the rollup
 * compacted every five minutes.
 */
@ConfigurationProperties("civicsurvey")
public class CivicSurveyProperties {
    private final Store store = new Store();
    private final Rollup rollup = new Rollup();
    private final Instruments instruments = new Instruments();

    /** Creates the defaults. */
    public CivicSurveyProperties() {
    }

    /**
     * The store's settings.
     *
     * @return {@code civicsurvey.store.*}
     */
    public Store getStore() {
        return store;
    }

    /**
     * The rollup's settings.
     *
     * @return {@code civicsurvey.rollup.*}
     */
    public Rollup getRollup() {
        return rollup;
    }

    /**
     * The instruments stored on start.
     *
     * @return {@code civicsurvey.instruments.*}
     */
    public Instruments getInstruments() {
        return instruments;
    }

    /**
     * The store options these settings describe.
     *
     * @return the options
     * @throws IllegalArgumentException naming the setting whose value is out of range
     */
    public StoreOptions toStoreOptions() {
        StoreNamespace namespace = store.schema == null || store.schema.isBlank()
            ? StoreNamespace.of(store.tablePrefix) : StoreNamespace.of(store.schema, store.tablePrefix);
        return StoreOptions.defaults().withNamespace(namespace)
            .withOneResponsePerCaseFile(store.oneResponsePerCaseFile)
            .withBatchChunkSize(store.batchChunkSize)
            .withFetchSize(store.fetchSize)
            .withMigrateOnCreate(store.migrate)
            .withMaintainRollup(rollup.maintain)
            .withRollupBucket(rollup.bucket)
            .withRollupZone(rollup.zone)
            .withRollupCompactionChunks(rollup.compactionChunks)
            .withRollupCompactionInBackground(rollup.compactionInBackground)
            .withRollupCrossProducts(rollup.crossProducts)
            .withRollupCells(rollup.cells);
    }

    /** {@code civicsurvey.store.*}: where and how responses are stored. */
    public static class Store {
        /** Whether to apply the store's schema migrations on start; false leaves the schema to the operator (Flyway can run the same scripts). */
        private boolean migrate = true;
        /** Prefix of every table and index name: lower-case letters, digits and underscores, at most 20 characters; may be empty. */
        private String tablePrefix = "cs_";
        /** The schema (PostgreSQL, H2) or database (MariaDB) holding the tables; empty for the connection's current one. */
        private String schema;
        /** Whether the database accepts at most one response per case file and instrument (a unique constraint); a second one is a conflict. */
        private boolean oneResponsePerCaseFile = true;
        /** Responses per transaction in a batch save, 1 to 10000. */
        private int batchChunkSize = 1_000;
        /** Rows fetched per round trip when streaming responses, 1 to 100000. */
        private int fetchSize = 1_000;

        /** Creates the defaults. */
        public Store() {
        }

        /** @return whether to migrate on start */
        public boolean isMigrate() {
            return migrate;
        }

        /** @param migrate whether to migrate on start */
        public void setMigrate(boolean migrate) {
            this.migrate = migrate;
        }

        /** @return the table prefix */
        public String getTablePrefix() {
            return tablePrefix;
        }

        /** @param tablePrefix the table prefix */
        public void setTablePrefix(String tablePrefix) {
            this.tablePrefix = tablePrefix == null ? "" : tablePrefix;
        }

        /** @return the schema, or null */
        public String getSchema() {
            return schema;
        }

        /** @param schema the schema, or null */
        public void setSchema(String schema) {
            this.schema = schema;
        }

        /** @return whether one response per case file is enforced */
        public boolean isOneResponsePerCaseFile() {
            return oneResponsePerCaseFile;
        }

        /** @param oneResponsePerCaseFile whether one response per case file is enforced */
        public void setOneResponsePerCaseFile(boolean oneResponsePerCaseFile) {
            this.oneResponsePerCaseFile = oneResponsePerCaseFile;
        }

        /** @return responses per batch transaction */
        public int getBatchChunkSize() {
            return batchChunkSize;
        }

        /** @param batchChunkSize responses per batch transaction */
        public void setBatchChunkSize(int batchChunkSize) {
            this.batchChunkSize = batchChunkSize;
        }

        /** @return rows per fetch */
        public int getFetchSize() {
            return fetchSize;
        }

        /** @param fetchSize rows per fetch */
        public void setFetchSize(int fetchSize) {
            this.fetchSize = fetchSize;
        }
    }

    /** {@code civicsurvey.rollup.*}: the store's rollup of mergeable sums that dashboards read. */
    public static class Rollup {
        /** Whether every save keeps the rollup (false marks it stale until a rebuild). */
        private boolean maintain = true;
        /** The rollup's time bucket: MONTH or DAY. */
        private RollupBucket bucket = RollupBucket.MONTH;
        /** The zone the rollup's months or days are cut in. */
        private ZoneId zone = ZoneOffset.UTC;
        /** Whether the rollup keeps the cross-products that the standard errors of elements and indices need. */
        private boolean crossProducts = false;
        /** Whether the rollup keeps its finest cells (every agency, service, channel and province combination per bucket). */
        private boolean cells = false;
        /** After this many committed chunks or single saves the store compacts the rollup by itself, 1 to 1000000. */
        private int compactionChunks = 16;
        /** Whether the store's own compactions run on a thread of their own rather than on the saving thread. */
        private boolean compactionInBackground = true;
        /** How often the starter compacts the rollup in the background; 0 turns it off. */
        private Duration compactInterval = Duration.ofMinutes(5);
        /** Whether to rebuild, on start, a rollup that is stale or was kept with other rollup settings. */
        private boolean rebuildOnStart = true;

        /** Creates the defaults. */
        public Rollup() {
        }

        /** @return whether saves keep the rollup */
        public boolean isMaintain() {
            return maintain;
        }

        /** @param maintain whether saves keep the rollup */
        public void setMaintain(boolean maintain) {
            this.maintain = maintain;
        }

        /** @return the time bucket */
        public RollupBucket getBucket() {
            return bucket;
        }

        /** @param bucket the time bucket */
        public void setBucket(RollupBucket bucket) {
            this.bucket = bucket;
        }

        /** @return the zone */
        public ZoneId getZone() {
            return zone;
        }

        /** @param zone the zone */
        public void setZone(ZoneId zone) {
            this.zone = zone;
        }

        /** @return whether cross-products are kept */
        public boolean isCrossProducts() {
            return crossProducts;
        }

        /** @param crossProducts whether cross-products are kept */
        public void setCrossProducts(boolean crossProducts) {
            this.crossProducts = crossProducts;
        }

        /** @return whether the finest cells are kept */
        public boolean isCells() {
            return cells;
        }

        /** @param cells whether the finest cells are kept */
        public void setCells(boolean cells) {
            this.cells = cells;
        }

        /** @return chunks between the store's own compactions */
        public int getCompactionChunks() {
            return compactionChunks;
        }

        /** @param compactionChunks chunks between the store's own compactions */
        public void setCompactionChunks(int compactionChunks) {
            this.compactionChunks = compactionChunks;
        }

        /** @return whether the store's own compactions run on a thread of their own */
        public boolean isCompactionInBackground() {
            return compactionInBackground;
        }

        /** @param compactionInBackground whether the store's own compactions run on a thread of their own */
        public void setCompactionInBackground(boolean compactionInBackground) {
            this.compactionInBackground = compactionInBackground;
        }

        /** @return the background compaction interval; zero for none */
        public Duration getCompactInterval() {
            return compactInterval;
        }

        /** @param compactInterval the background compaction interval; zero for none */
        public void setCompactInterval(Duration compactInterval) {
            this.compactInterval = compactInterval;
        }

        /** @return whether a rollup that is not current is rebuilt on start */
        public boolean isRebuildOnStart() {
            return rebuildOnStart;
        }

        /** @param rebuildOnStart whether a rollup that is not current is rebuilt on start */
        public void setRebuildOnStart(boolean rebuildOnStart) {
            this.rebuildOnStart = rebuildOnStart;
        }
    }

    /** {@code civicsurvey.instruments.*}: the questionnaires put into the store on start. */
    public static class Instruments {
        /** Ids of the standard instruments to store on start, e.g. sipas2017, a11v2. */
        private List<String> standard = new ArrayList<>();
        /** Instrument JSON files to store on start, e.g. classpath:instruments/my-form.json. */
        private List<String> locations = new ArrayList<>();

        /** Creates the defaults. */
        public Instruments() {
        }

        /** @return the standard instrument ids */
        public List<String> getStandard() {
            return standard;
        }

        /** @param standard the standard instrument ids */
        public void setStandard(List<String> standard) {
            this.standard = standard;
        }

        /** @return the instrument file locations */
        public List<String> getLocations() {
            return locations;
        }

        /** @param locations the instrument file locations */
        public void setLocations(List<String> locations) {
            this.locations = locations;
        }
    }
}
