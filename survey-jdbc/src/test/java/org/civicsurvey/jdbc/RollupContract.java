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
        rollupEqualsRowsThroughEveryChange(StoreOptions.defaults().withRollupCells(true));
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
    void aSaveWritesNoRollupRowAndAnErasureSubtractsOnlyWhatWasCounted() throws SQLException {
        // no automatic compaction: what each step writes is seen alone
        SurveyStore store = store(StoreOptions.defaults().withBatchChunkSize(20).withRollupCompactionChunks(1_000));
        String response = store.options().namespace().table("response");
        String delta = store.options().namespace().table("rollup_delta");
        String pending = "SELECT COUNT(*) FROM " + store.options().namespace().table("rollup_pending");
        List<Response> first = portalResponses("p", 150);
        List<Response> second = portalResponses("q", 150);
        store.saveAll(first);
        store.save(Fixtures.response("one", 1));
        // the saved rows are their own pending contributions: no partial row, no compacted row
        assertThat(count(pending)).isEqualTo(first.size() + 1);
        assertThat(count("SELECT COUNT(*) FROM " + delta)).isZero();
        assertThat(count("SELECT COUNT(*) FROM " + store.options().namespace().table("rollup"))).isZero();
        assertRollupEqualsRows(store, Fixtures.instrument(), FILTERS, GROUPINGS, false, "pending rows only");
        // a pending row takes its contribution along when erased
        assertThat(store.erase("p3")).isTrue();
        assertThat(count("SELECT COUNT(*) FROM " + delta)).isZero();
        assertThat(store.compactRollup()).isEqualTo(first.size());
        assertThat(count(pending)).isZero();
        assertRollupEqualsRows(store, Fixtures.instrument(), FILTERS, GROUPINGS, false, "compacted");
        // a counted row leaves a negative partial row; new rows are pending beside the compacted ones
        assertThat(store.erase("p4")).isTrue();
        assertThat(count("SELECT COUNT(*) FROM " + delta)).isPositive();
        store.saveAll(second);
        assertThat(count(pending)).isEqualTo(second.size());
        assertRollupEqualsRows(store, Fixtures.instrument(), FILTERS, GROUPINGS, false, "compacted, partial and pending");
        RollupRebuild rebuild = store.rebuildRollup();
        assertThat(rebuild.agreed()).as(rebuild.differences().toString()).isTrue();
        assertThat(rebuild.responses()).isEqualTo(first.size() + second.size() - 1);
        // the rebuild leaves pending rows pending and merges the partial rows
        assertThat(count(pending)).isEqualTo(second.size());
        assertThat(count("SELECT COUNT(*) FROM " + delta)).isZero();
        assertRollupEqualsRows(store, Fixtures.instrument(), FILTERS, GROUPINGS, false, "rebuilt");
        // a store that does not maintain the rollup writes rows the rollup does not count yet
        SurveyStore plain = SurveyStore.create(db.dataSource(), StoreOptions.defaults()
                .withNamespace(store.options().namespace()).withMaintainRollup(false));
        plain.save(Fixtures.response("plain", 1));
        assertThat(count(pending)).isEqualTo(second.size());
        assertThat(plain.rollupIsCurrent()).isFalse();
    }

    @Test
    void version7MovesTheRowsFlaggedPendingToTheirOwnTable() throws SQLException {
        SurveyStore store = store(StoreOptions.defaults().withBatchChunkSize(20).withRollupCompactionChunks(1_000));
        StoreNamespace ns = store.options().namespace();
        store.saveAll(portalResponses("m", 150));
        store.compactRollup();
        List<Response> pending = portalResponses("n", 150);
        store.saveAll(pending);
        // the store as schema version 6 left it: the pending rows flagged, no table of them
        String response = ns.table("response");
        String list = ns.table("rollup_pending");
        boolean postgresql = db.dialect() == Dialect.POSTGRESQL;
        execute("ALTER TABLE " + response + " ADD COLUMN rollup_pending BOOLEAN DEFAULT FALSE NOT NULL");
        execute("CREATE INDEX " + ns.prefix() + "response_rollup_pending_ix ON " + response
                + (postgresql ? " (instrument_id, instrument_version) WHERE rollup_pending"
                        : " (rollup_pending, instrument_id, instrument_version)"));
        execute("UPDATE " + response + " SET rollup_pending = TRUE WHERE response_id IN (SELECT response_id FROM " + list + ")");
        execute("DROP TABLE " + list);
        execute("DELETE FROM " + ns.table("schema_version") + " WHERE version = 7");
        assertThat(Migrator.create(db.dataSource(), ns).migrate().applied()).containsExactly(7);
        assertThat(count("SELECT COUNT(*) FROM " + list)).isEqualTo(pending.size());
        try (Connection c = db.dataSource().getConnection();
             ResultSet rs = c.getMetaData().getColumns(null, null, "%", "%")) {
            while (rs.next()) {
                assertThat(rs.getString("TABLE_NAME") + "." + rs.getString("COLUMN_NAME"))
                        .doesNotContainIgnoringCase(ns.prefix() + "response.rollup_pending");
            }
        }
        assertRollupEqualsRows(store, Fixtures.instrument(), FILTERS, GROUPINGS, false, "migrated to version 7");
        assertThat(store.compactRollup()).isEqualTo(pending.size());
        assertRollupEqualsRows(store, Fixtures.instrument(), FILTERS, GROUPINGS, false, "migrated and compacted");
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
