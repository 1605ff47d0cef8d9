package org.civicsurvey.jdbc;

import static java.util.stream.Collectors.toList;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.civicsurvey.instruments.StandardInstruments;
import org.civicsurvey.jdbc.testing.Fixtures;
import org.civicsurvey.jdbc.testing.TestDatabase;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.SpecialStatus;
import org.civicsurvey.response.Answer;
import org.civicsurvey.response.Response;
import org.civicsurvey.response.ResponseStatus;
import org.civicsurvey.response.Transaction;
import org.civicsurvey.scoring.GroupBy;
import org.civicsurvey.scoring.Period;
import org.civicsurvey.scoring.RollUp;
import org.civicsurvey.scoring.RollUpResult;
import org.civicsurvey.stats.Estimator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rollup's contract, run on every database: statistics read from the rollup equal the full
 * aggregation of the stored rows and the in-memory engine's (counts exactly, values to 1e-12), after
 * batches in small chunks, single saves, draft replacements, erasures, automatic and explicit
 * compactions and a rebuild; queries it cannot answer fail clearly or fall back, as asked.
 */
abstract class RollupContract {

    protected TestDatabase db;

    protected abstract TestDatabase database();

    @BeforeEach
    void openDatabase() {
        db = database();
    }

    @AfterEach
    void dropTables() throws SQLException {
        db.dropAll();
    }

    protected SurveyStore store(StoreOptions options) {
        SurveyStore store = SurveyStore.create(db.dataSource(), options.withNamespace(db.freshNamespace()));
        store.putInstrument(Fixtures.instrument());
        return store;
    }

    /** A store in chunks of 20 whose rollup no automatic compaction touches: what each step writes is seen alone. */
    protected SurveyStore storeCompactedWhenAsked() {
        return store(StoreOptions.defaults().withBatchChunkSize(20).withRollupCompactionChunks(1_000));
    }

    protected long count(String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static final String ID = "portal-rating";
    static final String VERSION = "1.0";

    /** Responses with every kind of edge: no weight, no time, in progress, hostile labels, a transaction in another month. */
    static List<Response> portalResponses(String prefix, int n) {
        List<Response> all = new ArrayList<>(Fixtures.responses(prefix, 0, n));
        all.add(Response.builder(prefix + "edge1", ID, VERSION).answer("q1", 3).build());
        all.add(Response.builder(prefix + "edge3", ID, VERSION).answer("q1", 4)
                .submittedAt(Instant.parse("2024-03-31T20:00:00Z")).build());
        all.add(Response.builder(prefix + "edge5", ID, VERSION).answer("q1", 5)
                .transaction(Transaction.of("HS-" + prefix + "edge5", StoreContract.HOSTILE.get(1), StoreContract.HOSTILE.get(4),
                        StoreContract.HOSTILE.get(6), Instant.parse("2024-06-30T23:00:00Z")))
                .submittedAt(Instant.parse("2024-07-02T08:00:00Z")).build());
        all.add(Response.builder(prefix + "edge2", ID, VERSION).status(ResponseStatus.IN_PROGRESS)
                .answer("q2", Answer.special(SpecialStatus.DONT_KNOW)).respondent("province", StoreContract.HOSTILE.get(1))
                .submittedAt(Instant.parse("2024-05-05T05:05:05Z")).build());
        // the last millisecond of a month
        all.add(Response.builder(prefix + "edge6", ID, VERSION).answer("q1", 2).weight(1.75)
                .submittedAt(Instant.parse("2024-04-30T23:59:59.999Z")).build());
        return all;
    }

    static final List<List<GroupBy>> GROUPINGS = List.of(
            List.of(),
            List.of(GroupBy.respondent("province")),
            List.of(GroupBy.channel()),
            List.of(GroupBy.agency(), GroupBy.period(Period.QUARTER, ZoneOffset.UTC)),
            List.of(GroupBy.period(Period.MONTH, ZoneOffset.UTC), GroupBy.service()),
            List.of(GroupBy.period(Period.YEAR, ZoneOffset.UTC), GroupBy.service(), GroupBy.channel()),
            List.of(GroupBy.period(Period.US_FISCAL_QUARTER, ZoneOffset.UTC), GroupBy.agency()),
            List.of(GroupBy.respondent("province"), GroupBy.agency(), GroupBy.service(), GroupBy.channel(),
                    GroupBy.period(Period.MONTH, ZoneOffset.UTC)));

    static final List<ResponseFilter> FILTERS = List.of(
            ResponseFilter.all().instrument(ID, VERSION),
            ResponseFilter.all().instrument(ID, VERSION).status(ResponseStatus.COMPLETE)
                    .period(Instant.parse("2024-02-01T00:00:00Z"), Instant.parse("2024-10-01T00:00:00Z"))
                    .agency(Fixtures.AGENCIES.get(0)),
            ResponseFilter.all().instrument(ID, VERSION).attribute("province", Fixtures.PROVINCES.get(1)).service(
                    Fixtures.SERVICES.get(2)).channel("online"));

    /** Rollup = full aggregation = in-memory engine, for every filter and grouping. */
    void assertRollupEqualsRows(SurveyStore store, Instrument instrument, List<ResponseFilter> filters,
            List<List<GroupBy>> groupings, boolean crossProducts, String when) {
        assertRollupEqualsRows(store, instrument, filters, groupings, crossProducts, when, true);
    }

    /**
     * As above; {@code memory} false after an anonymisation, whose response keeps its province
     * column (aggregates) but loses the attribute (the document the in-memory engine reads).
     */
    void assertRollupEqualsRows(SurveyStore store, Instrument instrument, List<ResponseFilter> filters,
            List<List<GroupBy>> groupings, boolean crossProducts, String when, boolean memory) {
        for (ResponseFilter f : filters) {
            List<Response> selected;
            try (Stream<Response> s = store.stream(f)) {
                selected = s.collect(toList());
            }
            for (List<GroupBy> g : groupings) {
                String what = when + ": " + f + " by " + g;
                var full = store.statistics(f, g, crossProducts);
                var rolled = store.rollupStatistics(f, g, crossProducts, RollupFallback.FAIL);
                assertThat(rolled.isPresent()).as(what).isEqualTo(full.isPresent());
                if (full.isEmpty()) {
                    continue;
                }
                assertThat(rolled.get().domains()).as(what + " domains").isEqualTo(full.get().domains());
                StoreContract.assertSameEstimates(rolled.get().statistics(), full.get().statistics(), what + " (full)");
                if (memory) {
                    StoreContract.assertSameEstimates(rolled.get().statistics(),
                        StoreContract.inMemory(instrument, selected, g, rolled.get(), crossProducts), what + " (memory)");
                }
                for (var v : full.get().statistics().variables()) {
                    if (v.isCategorical()) {
                        for (int d : full.get().statistics().domains()) {
                            assertThat(rolled.get().statistics().categoryCounts(v.name(), d)).as(what + " counts " + v.name())
                                    .containsExactly(full.get().statistics().categoryCounts(v.name(), d));
                        }
                    }
                }
            }
        }
    }

    @Test
    void theRollupEqualsTheFullAggregationAndTheInMemoryEngine() throws SQLException {
        // queries of two or more of agency, service, channel and province summed from the rows
        rollupEqualsRowsThroughEveryChange(StoreOptions.defaults());
    }

    @Test
    void theRollupKeepingItsFinestCellsEqualsTheFullAggregationToo() throws SQLException {
        // the same queries read from the compacted cells (level 0)
        // and compacted by the saving thread instead of one of the store's own
        rollupEqualsRowsThroughEveryChange(StoreOptions.defaults().withRollupCells(true)
                .withRollupCompactionInBackground(false));
        SurveyStore cells = store(StoreOptions.defaults().withRollupCells(true).withRollupCompactionChunks(1_000));
        cells.saveAll(portalResponses("c", 150));
        cells.compactRollup();
        String rollup = cells.options().namespace().table("rollup");
        assertThat(count("SELECT COUNT(*) FROM " + rollup + " WHERE rollup_level = 0")).isPositive();
        // a store without the cells cannot read a rollup kept with them, nor the reverse, until a rebuild
        SurveyStore without = SurveyStore.create(db.dataSource(), StoreOptions.defaults()
                .withNamespace(cells.options().namespace()));
        assertThatThrownBy(() -> without.rollupStatistics(FILTERS.get(0), List.of(), RollupFallback.FAIL))
                .hasMessageContaining("MONTH+C").hasMessageContaining("rebuildRollup");
        RollupRebuild rebuilt = without.rebuildRollup();
        assertThat(rebuilt.agreed()).as(rebuilt.differences().toString()).isTrue();
        assertThat(count("SELECT COUNT(*) FROM " + rollup + " WHERE rollup_level = 0")).isZero();
        assertRollupEqualsRows(without, Fixtures.instrument(), FILTERS, GROUPINGS, false, "rebuilt without the cells");
    }

    @Test
    void theSaveThatReachesTheCompactionCountReturnsCompactedWhenCompactionsDoNotRunInTheBackground() throws Exception {
        SurveyStore inline = store(StoreOptions.defaults().withBatchChunkSize(10).withRollupCompactionChunks(3)
                .withRollupCompactionInBackground(false));
        String delta = "SELECT COUNT(*) FROM " + inline.options().namespace().table("rollup_delta");
        inline.saveAll(Fixtures.responses("a", 0, 20));
        assertThat(count(delta)).as("two chunks of three").isPositive();
        inline.saveAll(Fixtures.responses("a", 20, 30));
        assertThat(count(delta)).as("the third chunk's batch returns compacted").isZero();
        inline.save(Fixtures.response("one", 1));
        inline.save(Fixtures.response("two", 2));
        assertThat(count(delta)).isPositive();
        inline.save(Fixtures.response("three", 3));
        assertThat(count(delta)).as("the third single save returns compacted").isZero();
        // an explicit compaction starts the count again
        inline.saveAll(Fixtures.responses("b", 0, 20));
        inline.compactRollup();
        inline.saveAll(Fixtures.responses("b", 20, 40));
        assertThat(count(delta)).as("two chunks since the explicit compaction").isPositive();
        assertRollupEqualsRows(inline, Fixtures.instrument(), FILTERS, GROUPINGS, false, "compacted inline");

        SurveyStore background = store(StoreOptions.defaults().withBatchChunkSize(10).withRollupCompactionChunks(3));
        String backgroundDelta = "SELECT COUNT(*) FROM " + background.options().namespace().table("rollup_delta");
        background.saveAll(Fixtures.responses("c", 0, 30));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (count(backgroundDelta) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(count(backgroundDelta)).as("compacted by the store's own thread").isZero();
        assertRollupEqualsRows(background, Fixtures.instrument(), FILTERS, GROUPINGS, false, "compacted in the background");
    }

    @Test
    void aBackgroundCompactionWaitsForTheStoresSavesToPauseButNotForLong() throws Exception {
        SurveyStore store = store(StoreOptions.defaults().withBatchChunkSize(10).withRollupCompactionChunks(3));
        String delta = "SELECT COUNT(*) FROM " + store.options().namespace().table("rollup_delta");
        // a save of the store running (its lock held) while a batch reaches the count
        store.rollup().writeLock().lock();
        try {
            store.saveAll(Fixtures.responses("a", 0, 30));
            Thread.sleep(500);
            assertThat(count(delta)).as("waits while a save runs").isPositive();
        } finally {
            store.rollup().writeLock().unlock();
        }
        awaitZero(delta, "compacted once the saves paused");
        // a long batch: once twice the count is pending, the compaction runs while the saves go on
        store.rollup().writeLock().lock();
        try {
            store.saveAll(Fixtures.responses("b", 0, 30));
            Thread.sleep(300);
            assertThat(count(delta)).isPositive();
            store.saveAll(Fixtures.responses("b", 30, 60));
            awaitZero(delta, "compacted with the saves still running");
        } finally {
            store.rollup().writeLock().unlock();
        }
        RollupRebuild rebuild = store.rebuildRollup();
        assertThat(rebuild.agreed()).as(rebuild.differences().toString()).isTrue();
        assertThat(rebuild.responses()).isEqualTo(90);
    }

    private void awaitZero(String countSql, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (count(countSql) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(count(countSql)).as(what).isZero();
    }

    private void rollupEqualsRowsThroughEveryChange(StoreOptions options) throws SQLException {
        // chunks of 7, compacted every 3 chunks: many partial rows, several automatic compactions
        SurveyStore store = store(options.withBatchChunkSize(7).withRollupCompactionChunks(3));
        Instrument instrument = Fixtures.instrument();
        List<Response> all = portalResponses("g", 150);
        store.saveAll(all);
        // the same batch again changes nothing
        store.saveAll(all.subList(0, 40));
        // single saves, a draft replaced twice and then completed, erasures
        store.save(Fixtures.response("single", 1));
        store.save(Response.builder("draft", ID, VERSION).status(ResponseStatus.IN_PROGRESS).answer("q1", 1)
                .respondent("province", "HN").submittedAt(Instant.parse("2024-02-10T00:00:00Z")).build());
        store.save(Response.builder("draft", ID, VERSION).status(ResponseStatus.IN_PROGRESS).answer("q1", 2).answer("q2", 5)
                .respondent("province", "DN").submittedAt(Instant.parse("2024-03-10T00:00:00Z")).weight(2).build());
        store.save(Response.builder("draft", ID, VERSION).answer("q1", 5).answer("q3", 4).respondent("province", "DN")
                .submittedAt(Instant.parse("2024-03-11T00:00:00Z")).build());
        assertThat(store.erase("g7")).isTrue();
        assertThat(store.erase("gedge5")).isTrue();
        assertThat(store.erase("g7")).isFalse();
        assertRollupEqualsRows(store, instrument, FILTERS, GROUPINGS, false, "with partial rows");
        store.compactRollup();
        assertThat(count("SELECT COUNT(*) FROM " + store.options().namespace().table("rollup_delta"))).isZero();
        assertRollupEqualsRows(store, instrument, FILTERS, GROUPINGS, false, "compacted");
        assertThat(store.anonymise("g8")).isTrue();
        assertRollupEqualsRows(store, instrument, FILTERS, GROUPINGS, false, "anonymised", false);
        RollupRebuild rebuild = store.rebuildRollup();
        assertThat(rebuild.agreed()).as(rebuild.differences().toString()).isTrue();
        assertThat(rebuild.wasStale()).isFalse();
        assertThat(rebuild.responses()).isEqualTo(store.count(ResponseFilter.all()));
        assertRollupEqualsRows(store, instrument, FILTERS, GROUPINGS, false, "rebuilt", false);
        // erasing everything leaves no domain
        for (Response r : all) {
            store.erase(r.id());
        }
        store.erase("single1");
        store.erase("draft");
        assertThat(store.rollupStatistics(FILTERS.get(0), List.of(), RollupFallback.FAIL)).isEmpty();
        store.compactRollup();
        assertThat(count("SELECT COUNT(*) FROM " + store.options().namespace().table("rollup"))).isZero();
    }

    @Test
    void aSaveAppendsOnePackedRowPerCellAndLevelAndAnErasureSubtracts() throws SQLException {
        // no automatic compaction: what each step writes is seen alone
        SurveyStore store = storeCompactedWhenAsked();
        StoreNamespace ns = store.options().namespace();
        String delta = "SELECT COUNT(*) FROM " + ns.table("rollup_delta");
        String compacted = "SELECT COUNT(*) FROM " + ns.table("rollup");
        List<Response> first = portalResponses("p", 150);
        List<Response> second = portalResponses("q", 150);
        store.saveAll(first);
        // one partial row per cell a chunk touches at the service, channel and province levels (the
        // agency's and no dimension's are their sums): far fewer than the (cell, code) pairs
        assertThat(count(delta + " WHERE rollup_level IN (" + Rollup.LEVEL_AGENCY + ", " + Rollup.LEVEL_NONE + ")"))
                .isZero();
        long partials = count(delta);
        assertThat(partials).isPositive().isLessThan(first.size() * 5L);
        assertThat(count(compacted)).isZero();
        assertRollupEqualsRows(store, Fixtures.instrument(), FILTERS, GROUPINGS, false, "partial rows only");
        assertThat(store.compactRollup()).isEqualTo(partials);
        assertThat(count(delta)).isZero();
        // the province level holds one row per status, province, period month and submission month
        String month = "EXTRACT(YEAR FROM %1$s) * 100 + EXTRACT(MONTH FROM %1$s)";
        String period = String.format(month, "COALESCE(transaction_at, submitted_at)");
        String submitted = String.format(month, "submitted_at");
        assertThat(count(compacted + " WHERE rollup_level = " + Rollup.LEVEL_PROVINCE)).isEqualTo(count(
                "SELECT COUNT(*) FROM (SELECT DISTINCT status, province, " + period + " AS p, " + submitted + " AS s FROM "
                + ns.table("response") + ") t"));
        assertRollupEqualsRows(store, Fixtures.instrument(), FILTERS, GROUPINGS, false, "compacted");
        // an erasure appends the negative of what leaves; a draft replaced appends both
        assertThat(store.erase("p4")).isTrue();
        assertThat(count(delta)).isEqualTo(3);
        store.saveAll(second);
        assertRollupEqualsRows(store, Fixtures.instrument(), FILTERS, GROUPINGS, false, "compacted and partial");
        RollupRebuild rebuild = store.rebuildRollup();
        assertThat(rebuild.agreed()).as(rebuild.differences().toString()).isTrue();
        assertThat(rebuild.responses()).isEqualTo(first.size() + second.size() - 1);
        assertThat(count(delta)).isZero();
        assertRollupEqualsRows(store, Fixtures.instrument(), FILTERS, GROUPINGS, false, "rebuilt");
        // a store that does not maintain the rollup writes rows the rollup does not count
        SurveyStore plain = SurveyStore.create(db.dataSource(), StoreOptions.defaults()
                .withNamespace(ns).withMaintainRollup(false));
        plain.save(Fixtures.response("plain", 1));
        assertThat(count(delta)).isZero();
        assertThat(plain.rollupIsCurrent()).isFalse();
    }

    @Test
    void aTimeWithinAMillisecondOfAMonthCountsInTheBucketItIsStoredIn() {
        // the period column keeps milliseconds: PostgreSQL and H2 round 23:59:59.9996 up to the next
        // month, MariaDB cuts it; the rollup counts the row where a query of the rows finds it
        SurveyStore store = store(StoreOptions.defaults().withBatchChunkSize(40).withRollupCompactionChunks(1_000));
        List<Response> all = new ArrayList<>(portalResponses("t", 150));
        // three of each, so no month is a domain of one response (whose standard error is undefined)
        for (int k = 0; k < 3; k++) {
            all.add(Response.builder("tsub1-" + k, ID, VERSION).answer("q1", 1 + k).respondent("province", "HN")
                    .submittedAt(Instant.parse("2024-08-31T23:59:59.999600Z")).build());
            all.add(Response.builder("tsub2-" + k, ID, VERSION).answer("q1", 4 - k).weight(3 + k)
                    .transaction(Transaction.of("HS-tsub2-" + k, "agency-x", "service-y", "online",
                            Instant.parse("2024-09-30T23:59:59.999999999Z")))
                    .submittedAt(Instant.parse("2024-10-01T00:00:00.000400Z")).build());
        }
        store.saveAll(all);
        for (int k = 0; k < 3; k++) {
            store.save(Response.builder("tsub3-" + k, ID, VERSION).answer("q1", 5 - k)
                    .submittedAt(Instant.parse("2024-11-30T23:59:59.9995Z")).build());
        }
        List<List<GroupBy>> byMonth = List.of(List.of(GroupBy.period(Period.MONTH, ZoneOffset.UTC)),
                List.of(GroupBy.period(Period.MONTH, ZoneOffset.UTC), GroupBy.agency()));
        assertRollupEqualsRows(store, Fixtures.instrument(), FILTERS, byMonth, false, "partial", false);
        store.compactRollup();
        assertRollupEqualsRows(store, Fixtures.instrument(), FILTERS, byMonth, false, "compacted", false);
        assertThat(store.erase("tsub1-0")).isTrue();
        assertThat(store.erase("tsub3-1")).isTrue();
        assertRollupEqualsRows(store, Fixtures.instrument(), FILTERS, byMonth, false, "erased", false);
        RollupRebuild rebuild = store.rebuildRollup();
        assertThat(rebuild.agreed()).as(rebuild.differences().toString()).isTrue();
    }

    @Test
    void version9MarksAStoreHoldingPartialRowsOfTheAgencyOrNoDimensionStale() throws SQLException {
        SurveyStore store = storeCompactedWhenAsked();
        StoreNamespace ns = store.options().namespace();
        String delta = ns.table("rollup_delta");
        store.saveAll(portalResponses("n", 150));
        // version 8 appended the agency's partial rows beside the services'
        execute("INSERT INTO " + delta + " (" + Rollup.KEY_COLUMNS + ", " + Rollup.VALUE_COLUMNS + ")"
                + " SELECT instrument_id, instrument_version, status, agency, NULL, NULL, NULL,"
                + " period_bucket, submitted_bucket, " + Rollup.LEVEL_AGENCY + ", sums FROM " + delta
                + " WHERE rollup_level = " + Rollup.LEVEL_SERVICE);
        execute("DELETE FROM " + ns.table("schema_version") + " WHERE version = 9");
        assertThat(Migrator.create(db.dataSource(), ns).migrate().applied()).containsExactly(9);
        SurveyStore reopened = SurveyStore.create(db.dataSource(), store.options());
        assertThat(reopened.rollupIsCurrent()).isFalse();
        RollupRebuild rebuild = reopened.rebuildRollup();
        assertThat(rebuild.wasStale()).isTrue();
        assertThat(count("SELECT COUNT(*) FROM " + delta)).isZero();
        assertRollupEqualsRows(reopened, Fixtures.instrument(), FILTERS, GROUPINGS, false, "migrated to version 9, rebuilt");
        // partial rows of the kept levels only: the store stays current
        reopened.saveAll(portalResponses("o", 40));
        execute("DELETE FROM " + ns.table("schema_version") + " WHERE version = 9");
        assertThat(Migrator.create(db.dataSource(), ns).migrate().applied()).containsExactly(9);
        assertThat(reopened.rollupIsCurrent()).isTrue();
        assertRollupEqualsRows(reopened, Fixtures.instrument(), FILTERS, GROUPINGS, false, "version 9 again");
    }

    @Test
    void version8MarksAStoreWithResponsesStaleAndTheRebuildRecomputesIt() throws SQLException {
        SurveyStore store = storeCompactedWhenAsked();
        StoreNamespace ns = store.options().namespace();
        store.saveAll(portalResponses("m", 150));
        store.compactRollup();
        // the store as schema version 7 left it, as far as version 8 looks: its rollup tables and
        // the list of pending rows; versions 9 and 10 change what version 8 makes
        execute("CREATE TABLE " + ns.table("rollup_pending") + " (response_id VARCHAR(128) NOT NULL)");
        execute("DELETE FROM " + ns.table("schema_version") + " WHERE version >= 8");
        assertThat(Migrator.create(db.dataSource(), ns).migrate().applied()).containsExactly(8, 9, 10);
        assertThat(count("SELECT COUNT(*) FROM " + ns.table("rollup"))).isZero();
        try (Connection c = db.dataSource().getConnection();
             ResultSet rs = c.getMetaData().getTables(null, null, "%", null)) {
            while (rs.next()) {
                assertThat(rs.getString("TABLE_NAME")).doesNotContainIgnoringCase(ns.prefix() + "rollup_pending");
            }
        }
        SurveyStore reopened = SurveyStore.create(db.dataSource(), store.options());
        assertThat(reopened.rollupIsCurrent()).isFalse();
        assertThatThrownBy(() -> reopened.rollupStatistics(FILTERS.get(0), List.of(), RollupFallback.FAIL))
                .hasMessageContaining("stale").hasMessageContaining("rebuildRollup");
        RollupRebuild rebuild = reopened.rebuildRollup();
        assertThat(rebuild.wasStale()).isTrue();
        assertThat(rebuild.responses()).isEqualTo(150 + 5);
        assertThat(reopened.rollupIsCurrent()).isTrue();
        assertRollupEqualsRows(reopened, Fixtures.instrument(), FILTERS, GROUPINGS, false, "migrated to version 8, rebuilt");
        // an empty store is not stale after the migration
        SurveyStore empty = store(StoreOptions.defaults());
        execute("CREATE TABLE " + empty.options().namespace().table("rollup_pending") + " (response_id VARCHAR(128))");
        execute("DELETE FROM " + empty.options().namespace().table("schema_version") + " WHERE version >= 8");
        Migrator.create(db.dataSource(), empty.options().namespace()).migrate();
        assertThat(empty.rollupIsCurrent()).isTrue();
    }

    @Test
    void aCompactionMergesTheChunksItsStoreCommittedFromWhatItHoldsAndReadsBackTheRest() throws SQLException {
        SurveyStore writer = storeCompactedWhenAsked();
        StoreNamespace ns = writer.options().namespace();
        String delta = "SELECT COUNT(*) FROM " + ns.table("rollup_delta");
        writer.saveAll(portalResponses("h", 150));
        long chunkRows = count(delta);
        // every partial row of a batch names its chunk, and the store holds each chunk it committed
        assertThat(count(delta + " WHERE chunk_id IS NULL OR chunk_part IS NULL")).isZero();
        assertThat(writer.rollup().heldChunks()).isEqualTo(
                count("SELECT COUNT(DISTINCT chunk_id) FROM " + ns.table("rollup_delta"))).isGreaterThan(1);
        // a single save and an erasure append rows of no chunk, which are read back
        writer.save(Fixtures.response("single", 1));
        assertThat(writer.erase("h3")).isTrue();
        long others = count(delta + " WHERE chunk_id IS NULL");
        assertThat(others).isPositive();
        assertThat(writer.compactRollup()).isEqualTo(chunkRows + others);
        assertThat(writer.rollup().heldRowsMerged()).isEqualTo(chunkRows);
        assertThat(writer.rollup().heldChunks()).isZero();
        assertThat(count(delta)).isZero();
        assertRollupEqualsRows(writer, Fixtures.instrument(), FILTERS, GROUPINGS, false, "merged from what was held");

        // another store on the same tables holds nothing: it reads the writer's chunks back ...
        SurveyStore compactor = SurveyStore.create(db.dataSource(), StoreOptions.defaults().withNamespace(ns));
        writer.saveAll(portalResponses("k", 150));
        assertThat(writer.rollup().heldChunks()).isGreaterThan(1);
        long rows = count(delta);
        assertThat(compactor.compactRollup()).isEqualTo(rows);
        assertThat(compactor.rollup().heldRowsMerged()).isZero();
        assertRollupEqualsRows(compactor, Fixtures.instrument(), FILTERS, GROUPINGS, false, "read back by another store");
        // ... and the writer, finding them gone, counts nothing of them and lets them go
        writer.saveAll(portalResponses("m", 60));
        long more = count(delta);
        long mergedBefore = writer.rollup().heldRowsMerged();
        assertThat(writer.compactRollup()).isEqualTo(more);
        assertThat(writer.rollup().heldRowsMerged() - mergedBefore).isEqualTo(more);
        assertThat(writer.rollup().heldChunks()).isZero();
        assertRollupEqualsRows(writer, Fixtures.instrument(), FILTERS, GROUPINGS, false, "after another store's compaction");
        RollupRebuild rebuild = writer.rebuildRollup();
        assertThat(rebuild.agreed()).as(rebuild.differences().toString()).isTrue();
    }

    @Test
    void aHeldChunkWhoseRowsAreNotTheOnesItsStoreCommittedIsReadBack() throws SQLException {
        SurveyStore store = storeCompactedWhenAsked();
        String table = store.options().namespace().table("rollup_delta");
        store.saveAll(portalResponses("d", 150));
        // a second row under one chunk id and place, as a chunk that drew the same id would write
        long id = count("SELECT MIN(chunk_id) FROM " + table);
        String columns = Rollup.KEY_COLUMNS + ", " + Rollup.VALUE_COLUMNS + ", chunk_id, chunk_part";
        execute("INSERT INTO " + table + " (" + columns + ") SELECT " + columns + " FROM " + table + " WHERE chunk_id = " + id
                + " AND chunk_part = 0");
        long rows = count("SELECT COUNT(*) FROM " + table);
        assertThat(store.compactRollup()).as("every row read back").isEqualTo(rows);
        assertThat(store.rollup().heldRowsMerged()).isZero();
        assertThat(store.rollup().heldChunks()).isZero();
        // the copy counts, as every partial row does: the rebuild finds it and recomputes the rollup
        RollupRebuild rebuild = store.rebuildRollup();
        assertThat(rebuild.agreed()).isFalse();
        assertThat(rebuild.differences()).isNotEmpty();
        assertRollupEqualsRows(store, Fixtures.instrument(), FILTERS, GROUPINGS, false, "rebuilt");
    }

    @Test
    void aCompactionThatFailsInJavaLeavesEveryPartialRowAndTheCompactedRows() throws SQLException {
        SurveyStore store = storeCompactedWhenAsked();
        StoreNamespace ns = store.options().namespace();
        String table = ns.table("rollup_delta");
        store.saveAll(portalResponses("f", 60));
        store.compactRollup();
        store.saveAll(portalResponses("g", 60));
        // a partial row of no chunk, read back, whose sums are of a format no version wrote
        long id = count("SELECT MIN(chunk_id) FROM " + table);
        String keys = Rollup.KEY_COLUMNS + ", rollup_level";
        execute("INSERT INTO " + table + " (" + keys + ", sums) SELECT " + keys + ", "
                + (db.dialect() == Dialect.POSTGRESQL ? "'\\x02'::bytea" : "X'02'") + " FROM " + table
                + " WHERE chunk_id = " + id + " AND chunk_part = 0");
        long partial = count("SELECT COUNT(*) FROM " + table);
        long compacted = count("SELECT COUNT(*) FROM " + ns.table("rollup"));
        int held = store.rollup().heldChunks();
        assertThatThrownBy(store::compactRollup).hasMessageContaining("unknown format 2");
        // rolled back: the held chunks' rows, deleted in the same transaction, are back, and still held
        assertThat(count("SELECT COUNT(*) FROM " + table)).isEqualTo(partial);
        assertThat(count("SELECT COUNT(*) FROM " + ns.table("rollup"))).isEqualTo(compacted);
        assertThat(store.rollup().heldChunks()).isEqualTo(held).isPositive();
        execute("DELETE FROM " + table + " WHERE chunk_id IS NULL");
        assertThat(store.compactRollup()).isEqualTo(partial - 1);
        assertThat(store.rollup().heldChunks()).isZero();
        assertRollupEqualsRows(store, Fixtures.instrument(), FILTERS, GROUPINGS, false, "compacted after the failure");
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void dayBucketsInAZoneWithItsOwnCalendarGiveDaysAndWeeks() {
        ZoneId vietnam = ZoneId.of("Asia/Ho_Chi_Minh");
        SurveyStore store = store(StoreOptions.defaults().withBatchChunkSize(50).withRollupBucket(RollupBucket.DAY)
                .withRollupZone(vietnam));
        store.saveAll(portalResponses("d", 120));
        store.erase("d3");
        List<List<GroupBy>> groupings = List.of(
                List.of(GroupBy.period(Period.DAY, vietnam)),
                List.of(GroupBy.period(Period.WEEK, vietnam), GroupBy.agency()),
                List.of(GroupBy.period(Period.QUARTER, vietnam), GroupBy.respondent("province")));
        List<ResponseFilter> filters = List.of(ResponseFilter.all().instrument(ID, VERSION),
                ResponseFilter.all().instrument(ID, VERSION).period(Instant.parse("2024-03-04T17:00:00Z"),
                        Instant.parse("2024-05-20T17:00:00Z")));
        assertRollupEqualsRows(store, Fixtures.instrument(), filters, groupings, false, "day buckets");
        // a UTC calendar is not the rollup's
        assertThatThrownBy(() -> store.rollupStatistics(filters.get(0), List.of(GroupBy.period(Period.DAY, ZoneOffset.UTC)),
                RollupFallback.FAIL)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Asia/Ho_Chi_Minh");
    }

    @Test
    void crossProductsKeptInTheRollupGiveTheIndexAndItsStandardError() {
        Instrument sipas = StandardInstruments.sipas2017();
        SurveyStore store = SurveyStore.create(db.dataSource(), StoreOptions.defaults().withNamespace(db.freshNamespace())
                .withBatchChunkSize(40).withRollupCrossProducts(true).withRollupCompactionChunks(2));
        store.putInstrument(sipas);
        List<Response> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            all.add(Fixtures.sipasResponse(sipas, "s", i));
        }
        store.saveAll(all);
        store.erase("s5");
        List<ResponseFilter> filters = List.of(ResponseFilter.all().instrument(sipas.id(), sipas.version()));
        List<List<GroupBy>> groupings = List.of(List.of(), List.of(GroupBy.respondent("province")));
        assertRollupEqualsRows(store, sipas, filters, groupings, true, "cross-products");
        Estimator est = Estimator.withDefaults();
        var rolled = store.rollupStatistics(filters.get(0), groupings.get(1), true, RollupFallback.FAIL).orElseThrow();
        var full = store.statistics(filters.get(0), groupings.get(1), true).orElseThrow();
        Map<Integer, RollUpResult> a = RollUp.sipas().evaluateByDomain(sipas, rolled.statistics(), est);
        Map<Integer, RollUpResult> b = RollUp.sipas().evaluateByDomain(sipas, full.statistics(), est);
        for (int d : b.keySet()) {
            StoreContract.assertSameRollUp(a.get(d), b.get(d), "domain " + d);
        }
    }

    @Test
    void whatTheRollupCannotAnswerFailsClearlyOrFallsBack() {
        SurveyStore store = store(StoreOptions.defaults().withBatchChunkSize(50));
        store.saveAll(portalResponses("u", 60));
        ResponseFilter all = FILTERS.get(0);
        assertThatThrownBy(() -> store.rollupStatistics(all.attribute("sex", "female"), List.of(), RollupFallback.FAIL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("respondent attribute 'sex'");
        assertThatThrownBy(() -> store.rollupStatistics(all, List.of(GroupBy.respondent("sex")), RollupFallback.FAIL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'sex'");
        assertThatThrownBy(() -> store.rollupStatistics(all, List.of(GroupBy.answer("q4")), RollupFallback.FAIL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("q4");
        assertThatThrownBy(() -> store.rollupStatistics(all, List.of(GroupBy.of("x", r -> "y")), RollupFallback.FAIL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GroupBy.of");
        assertThatThrownBy(() -> store.rollupStatistics(all, List.of(GroupBy.period(Period.DAY, ZoneOffset.UTC)),
                RollupFallback.FAIL)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DAY");
        assertThatThrownBy(() -> store.rollupStatistics(all.period(Instant.parse("2024-02-03T00:00:00Z"),
                Instant.parse("2024-03-01T00:00:00Z")), List.of(), RollupFallback.FAIL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2024-02-03T00:00:00Z");
        assertThatThrownBy(() -> store.rollupStatistics(all, List.of(), true, RollupFallback.FAIL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cross-products");
        assertThatThrownBy(() -> store.rollupStatistics(ResponseFilter.all(), List.of(), RollupFallback.FAIL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("instrument");
        assertThatThrownBy(() -> store.rollupStatistics(all, null, RollupFallback.FAIL)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> store.rollupStatistics(all, List.of(), null)).isInstanceOf(NullPointerException.class);
        // the fallback gives the full aggregation's numbers
        for (var q : List.of(List.<GroupBy>of(GroupBy.respondent("sex")), List.<GroupBy>of(GroupBy.agency()))) {
            var fell = store.rollupStatistics(all.attribute("sex", "female"), q, RollupFallback.FULL_AGGREGATION).orElseThrow();
            var full = store.statistics(all.attribute("sex", "female"), q).orElseThrow();
            assertThat(fell.domains()).isEqualTo(full.domains());
            StoreContract.assertSameEstimates(fell.statistics(), full.statistics(), "fallback " + q);
        }
        // an instrument version that is not stored
        assertThatThrownBy(() -> store.rollupStatistics(ResponseFilter.all().instrument("nope", "1"), List.of(),
                RollupFallback.FAIL)).isInstanceOf(SurveyStoreException.class).hasMessageContaining("not stored");
    }

    @Test
    void hostileFilterValuesAreOnlyValues() throws SQLException {
        SurveyStore store = store(StoreOptions.defaults().withBatchChunkSize(50));
        store.saveAll(portalResponses("h", 60));
        long rollupRows = count("SELECT COUNT(*) FROM " + store.options().namespace().table("rollup_delta"));
        for (String hostile : StoreContract.HOSTILE) {
            ResponseFilter f = ResponseFilter.all().instrument(ID, VERSION).agency(hostile);
            var rolled = store.rollupStatistics(f, List.of(GroupBy.service()), RollupFallback.FAIL);
            var full = store.statistics(f, List.of(GroupBy.service()));
            assertThat(rolled.isPresent()).as(hostile).isEqualTo(full.isPresent());
            rolled.ifPresent(r -> {
                assertThat(r.domains()).isEqualTo(full.orElseThrow().domains());
                assertThat(r.statistics().rows()).isEqualTo(full.orElseThrow().statistics().rows());
            });
            assertThatThrownBy(() -> store.rollupStatistics(ResponseFilter.all().instrument(hostile, hostile), List.of(),
                    RollupFallback.FULL_AGGREGATION)).isInstanceOf(SurveyStoreException.class)
                    .hasMessageContaining("is not stored");
            ResponseFilter byProvince = ResponseFilter.all().instrument(ID, VERSION).attribute("province", hostile);
            assertThat(store.rollupStatistics(byProvince, List.of(), RollupFallback.FAIL).map(r -> r.statistics().rows()))
                    .as(hostile).isEqualTo(store.statistics(byProvince, List.of()).map(r -> r.statistics().rows()));
        }
        // the hostile labels stored in the edge responses come back as labels
        var byAgency = store.rollupStatistics(FILTERS.get(0), List.of(GroupBy.agency(), GroupBy.service(), GroupBy.channel()),
                RollupFallback.FAIL).orElseThrow();
        assertThat(byAgency.domainOf(StoreContract.HOSTILE.get(1), StoreContract.HOSTILE.get(4), StoreContract.HOSTILE.get(6)))
                .isPresent();
        // nothing was written by reading, and the rollup's tables are still there
        assertThat(count("SELECT COUNT(*) FROM " + store.options().namespace().table("rollup_delta"))).isEqualTo(rollupRows);
        assertThat(count("SELECT COUNT(*) FROM " + store.options().namespace().table("response"))).isEqualTo(65);
    }

    @Test
    void aStaleRollupIsRefusedOrBypassedUntilRebuilt() throws SQLException {
        StoreNamespace ns = db.freshNamespace();
        SurveyStore plain = SurveyStore.create(db.dataSource(), StoreOptions.defaults().withNamespace(ns)
                .withMaintainRollup(false));
        plain.putInstrument(Fixtures.instrument());
        plain.saveAll(portalResponses("p", 80));
        assertThat(count("SELECT COUNT(*) FROM " + ns.table("rollup_delta"))).isZero();
        SurveyStore store = SurveyStore.create(db.dataSource(), StoreOptions.defaults().withNamespace(ns));
        ResponseFilter f = FILTERS.get(0);
        assertThatThrownBy(() -> store.rollupStatistics(f, List.of(), RollupFallback.FAIL))
                .isInstanceOf(SurveyStoreException.class).hasMessageContaining("stale").hasMessageContaining("rebuildRollup");
        var fell = store.rollupStatistics(f, List.of(GroupBy.agency()), RollupFallback.FULL_AGGREGATION).orElseThrow();
        StoreContract.assertSameEstimates(fell.statistics(), store.statistics(f, List.of(GroupBy.agency())).orElseThrow()
                .statistics(), "fallback");
        RollupRebuild rebuild = store.rebuildRollup();
        assertThat(rebuild.wasStale()).isTrue();
        assertThat(rebuild.agreed()).isFalse();
        assertThat(rebuild.differences()).isNotEmpty();
        assertThat(rebuild.responses()).isEqualTo(85);
        assertRollupEqualsRows(store, Fixtures.instrument(), FILTERS, GROUPINGS, false, "after the rebuild");
        assertThat(store.rebuildRollup().agreed()).isTrue();
        // a store opened with another bucket marks it stale again
        SurveyStore days = SurveyStore.create(db.dataSource(), StoreOptions.defaults().withNamespace(ns)
                .withRollupBucket(RollupBucket.DAY));
        days.save(Fixtures.response("after", 1));
        assertThatThrownBy(() -> store.rollupStatistics(f, List.of(), RollupFallback.FAIL))
                .isInstanceOf(SurveyStoreException.class);
        assertThat(days.rebuildRollup().wasStale()).isTrue();
        assertRollupEqualsRows(days, Fixtures.instrument(), FILTERS,
                List.of(List.of(GroupBy.period(Period.DAY, ZoneOffset.UTC))), false, "by days");
    }

    @Test
    void eightRacingWritersWithErasuresAndCompactionsLoseNothingAndCountNothingTwice() throws Exception {
        SurveyStore store = store(StoreOptions.defaults().withOneResponsePerCaseFile(true).withBatchChunkSize(25)
                .withRollupCompactionChunks(4));
        List<Response> shared = Fixtures.responses("c", 0, 300);
        Set<String> saved = ConcurrentHashMap.newKeySet();
        Set<String> erased = ConcurrentHashMap.newKeySet();
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService threads = Executors.newFixedThreadPool(9);
        try {
            Future<?> compactor = threads.submit(() -> {
                while (writing.get()) {
                    store.compactRollup();
                    Thread.sleep(3);
                }
                return null;
            });
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                int writer = w;
                writers.add(threads.submit(() -> {
                    for (int round = 0; round < 4; round++) {
                        List<Response> batch = new ArrayList<>();
                        List<Response> rivals = new ArrayList<>();
                        for (int k = 0; k < 60; k++) {
                            Response r = shared.get((writer * 37 + round * 53 + k) % shared.size());
                            batch.add(r);
                            if (k % 6 == 0) {
                                // another response for a case file the others are saving: one of them wins
                                rivals.add(Response.builder("rival" + writer + "-" + round + "-" + k, ID, VERSION)
                                        .answer("q1", 1 + k % 5).transaction(r.transaction()).submittedAt(r.submittedAt().orElseThrow())
                                        .respondent("province", "HN").build());
                            }
                        }
                        for (int attempt = 0; attempt < 2; attempt++) {
                            // the same ids again, as a client retrying after a timeout
                            record(store.saveAll(batch), saved);
                        }
                        record(store.saveAll(rivals), saved);
                        for (int k = writer; k < 60; k += 13) {
                            String id = batch.get(k).id();
                            if (store.erase(id)) {
                                erased.add(id);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : writers) {
                f.get(5, TimeUnit.MINUTES);
            }
            writing.set(false);
            compactor.get(1, TimeUnit.MINUTES);
        } finally {
            writing.set(false);
            threads.shutdownNow();
        }
        // no lost write: every response some writer was told is stored is there, unless it was erased since
        for (String id : saved) {
            if (!erased.contains(id)) {
                assertThat(store.findResponse(id)).as(id).isPresent();
            }
        }
        assertRollupEqualsRows(store, Fixtures.instrument(), FILTERS, GROUPINGS, false, "after the race, partial rows");
        store.compactRollup();
        assertRollupEqualsRows(store, Fixtures.instrument(), FILTERS, GROUPINGS, false, "after the race, compacted");
        RollupRebuild rebuild = store.rebuildRollup();
        assertThat(rebuild.agreed()).as(rebuild.differences().toString()).isTrue();
    }

    private static void record(BatchResult result, Set<String> saved) {
        for (BatchItem item : result.items()) {
            if (item.outcome() == SaveOutcome.STORED || item.outcome() == SaveOutcome.DUPLICATE
                    || item.outcome() == SaveOutcome.UPDATED) {
                saved.add(item.responseId());
            }
        }
    }
}
