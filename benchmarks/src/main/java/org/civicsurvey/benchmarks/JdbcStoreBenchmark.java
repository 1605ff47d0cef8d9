package org.civicsurvey.benchmarks;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.civicsurvey.io.json.InstrumentJson;
import org.civicsurvey.io.json.ResponseJson;
import org.civicsurvey.jdbc.BatchResult;
import org.civicsurvey.jdbc.GroupedStatistics;
import org.civicsurvey.jdbc.ResponseFilter;
import org.civicsurvey.jdbc.RollupFallback;
import org.civicsurvey.jdbc.RollupRebuild;
import org.civicsurvey.jdbc.SaveOutcome;
import org.civicsurvey.jdbc.StoreNamespace;
import org.civicsurvey.jdbc.StoreOptions;
import org.civicsurvey.jdbc.SurveyStore;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.Question;
import org.civicsurvey.model.QuestionKind;
import org.civicsurvey.model.SpecialStatus;
import org.civicsurvey.response.Answer;
import org.civicsurvey.response.AnswerColumns;
import org.civicsurvey.response.Response;
import org.civicsurvey.response.Transaction;
import org.civicsurvey.scoring.GroupBy;
import org.civicsurvey.scoring.Period;
import org.civicsurvey.scoring.RollUp;
import org.civicsurvey.stats.Estimator;
import org.civicsurvey.stats.Statistic;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.postgresql.PGConnection;

/**
 * The issue-7 targets for the JDBC store: batch save of SIPAS-shaped responses (22 rating items,
 * 63 provinces) beside PostgreSQL {@code COPY} of the same encoded rows, the full SIPAS
 * aggregation (22 items x 63 provinces) pushed into SQL, and streaming every stored response.
 *
 * <p>The table is loaded once per trial: {@code load} responses through {@code saveAll}, then
 * replicated inside the database (new ids, same content) up to {@code stored} rows. Tables use the
 * prefix {@code jmh_} and are dropped at the end. Databases as in the tests (PostgreSQL
 * 127.0.0.1:5432/test, MariaDB 127.0.0.1:3306/test, H2 a file under /tmp).
 *
 * <p>Issue 18 (the rollup): after the load, the rollup is rebuilt from the replicated rows (not timed),
 * and the portal's dashboard queries run against the rollup and against the full aggregation on the
 * same data ({@code dashboard*Rollup} beside {@code dashboard*Full}): the SIPAS top-2-box shares by
 * province for a quarter, A-11's counts per scale point by service for a quarter, and one agency's
 * trend by month. {@link #saveAll()} maintains the rollup; {@link #saveAllWithoutRollup()} saves the same
 * kind of batch through a store without rollup maintenance, and {@link #copyIndexed()} is a raw binary
 * {@code COPY} of the same rows into a copy of the response table (its columns, indexes and rows): the
 * two ceilings of issue 18's throughput targets. Each timed batch holds the next week's ratings
 * ({@code -p timeOrdered=false}: ratings spread over a year). {@link #saveAllAndCompact()} adds the compaction that merges the saved rows
 * into the rollup, which a store otherwise runs on a thread of its own.
 *
 * <p>The dashboard queries are timed as averages of repeated (warm) calls, the rest as single shots.
 * With {@code -p keep=true} the tables stay after a trial and the next fork reuses them while they hold
 * {@code stored} responses and a current rollup, so the read-only benchmarks share one load.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar JdbcStoreBenchmark -p database=postgresql}
 * ({@code copy} runs only on PostgreSQL). The forks run with a 2 GB heap, as a portal server's
 * would be, except {@link #streamAll}, whose fork has 256 MB to show that streaming a million
 * responses needs no more.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class JdbcStoreBenchmark {

    static final int ITEMS = 22;
    static final int PROVINCES = 63;

    @Param({"postgresql"})
    String database;

    /** Responses in the table for aggregation and streaming. */
    @Param({"1000000"})
    int stored;

    /** Responses loaded through saveAll before replication. */
    @Param({"50000"})
    int load;

    /** Responses per timed saveAll / COPY. */
    @Param({"20000"})
    int batch;

    /**
     * Keep the loaded tables after the trial and reuse them in the next fork when they hold at least
     * {@code stored} responses, rebuilding the rollup when a store without it marked it stale (the
     * benchmarks then share one load; saves add to it).
     */
    @Param({"false"})
    boolean keep;

    DataSource dataSource;
    SurveyStore store;
    /** The same tables, written without rollup maintenance (it marks the rollup stale when it first writes). */
    SurveyStore storeWithoutRollup;
    /** The next batch as binary {@code COPY} rows of {@code jmh_copy_ix}, encoded by the database (not timed). */
    byte[] nextBinary;
    Instrument instrument;
    List<Response> next;
    int round;
    /** This fork's tag in the ids of the timed batches. */
    static final String RUN = Long.toString(System.currentTimeMillis(), 36);
    final StoreNamespace namespace = StoreNamespace.of("jmh_");

    static String instrumentJson() {
        StringBuilder q = new StringBuilder();
        for (int i = 1; i <= ITEMS; i++) {
            q.append(i > 1 ? "," : "").append("{\"id\":\"c").append(i).append("\",\"type\":\"rating\",\"scale\":\"sat5\","
                    + "\"text\":{\"vi\":\"Tiêu chí ").append(i).append("\",\"en\":\"Criterion ").append(i).append("\"}}");
        }
        return "{\"id\":\"sipas\",\"version\":\"2017\",\"languages\":[\"vi\",\"en\"],\"title\":{\"vi\":\"SIPAS\",\"en\":\"SIPAS\"},"
                + "\"scales\":[{\"id\":\"sat5\",\"min\":1,\"max\":5,\"positiveThreshold\":4,\"specialCodes\":[{\"code\":9,"
                + "\"status\":\"dont_know\",\"label\":{\"vi\":\"Không biết\",\"en\":\"Don't know\"}}]}],"
                + "\"sections\":[{\"id\":\"s\",\"title\":{\"vi\":\"S\",\"en\":\"S\"},\"questions\":[" + q + "]}]}";
    }

    static Response response(String id, long seed) {
        return response(id, seed, Instant.parse("2024-01-01T00:00:00Z"), 365L * 86400);
    }

    /** A response submitted at a random time in {@code [start, start + seconds)}. */
    static Response response(String id, long seed, Instant start, long seconds) {
        SplittableRandom rng = new SplittableRandom(seed);
        Response.Builder b = Response.builder(id, "sipas", "2017");
        for (int k = 1; k <= ITEMS; k++) {
            int x = rng.nextInt(20);
            if (x == 0) {
                b.answer("c" + k, Answer.special(SpecialStatus.DONT_KNOW));
            } else {
                b.answer("c" + k, 1 + Math.min(4, x / 4));
            }
        }
        Instant t = start.plusSeconds(rng.nextLong(seconds));
        // each of the 50 services belongs to one of the 20 agencies, as a public service does
        int service = rng.nextInt(50);
        b.transaction(Transaction.of("HS-" + id, "agency" + service % 20, "svc" + service, "online", t));
        b.respondent("province", "P" + rng.nextInt(PROVINCES)).respondent("sex", rng.nextBoolean() ? "f" : "m");
        return b.weight(0.5 + rng.nextInt(10) * 0.1).submittedAt(t).build();
    }

    static List<Response> responses(String prefix, int n) {
        List<Response> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(response(prefix + i, prefix.hashCode() * 31L + i));
        }
        return out;
    }

    /**
     * Whether each timed batch holds the next week's ratings, as a portal ingests them (20,000 a week
     * is a million a year), rather than ratings spread over a whole year.
     */
    @Param({"true"})
    boolean timeOrdered;

    /** Saves each batch before the timing, so that {@link #copyIndexed} copies exactly the rows saveAll writes. */
    SurveyStore scratch;
    final StoreNamespace scratchNamespace = StoreNamespace.of("jmh_scratch_");

    /** Creates and loads the table (not timed). */
    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        HikariConfig pool = new HikariConfig();
        pool.setMaximumPoolSize(4);
        switch (database) {
            case "postgresql":
                pool.setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
                break;
            case "mariadb":
                pool.setJdbcUrl("jdbc:mariadb://127.0.0.1:3306/test?user=root");
                break;
            case "h2":
                pool.setJdbcUrl("jdbc:h2:file:/tmp/civicsurvey-jmh/h2");
                break;
            default:
                throw new IllegalArgumentException("database " + database + " is not one of h2, postgresql, mariadb");
        }
        dataSource = new HikariDataSource(pool);
        StoreOptions options = StoreOptions.defaults().withNamespace(namespace).withBatchChunkSize(2000).withFetchSize(2000);
        instrument = InstrumentJson.read(instrumentJson());
        if (keep && loaded()) {
            store = SurveyStore.create(dataSource, options);
            storeWithoutRollup = SurveyStore.create(dataSource, options.withMaintainRollup(false));
            copyTable();
            if (store.count(ResponseFilter.all()) >= stored) {
                if (!store.rollupIsCurrent()) {
                    // saveAllWithoutRollup marked it stale
                    store.rebuildRollup();
                }
                // what an earlier trial's saves left pending, merged before this one's timing
                store.compactRollup();
                vacuumRollup();
                return;
            }
        }
        dropTables();
        store = SurveyStore.create(dataSource, options);
        storeWithoutRollup = SurveyStore.create(dataSource, options.withMaintainRollup(false));
        store.putInstrument(instrument);
        for (int start = 0; start < load; start += 10_000) {
            store.saveAll(responses("L" + start + "-", Math.min(10_000, load - start)));
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            String t = namespace.table("response");
            for (int k = 1; (long) k * load < stored; k++) {
                int rows = (int) Math.min(load, stored - (long) k * load);
                s.execute("INSERT INTO " + t + " SELECT CONCAT(response_id, 'x" + k + "'), instrument_id, instrument_version,"
                        + " status, case_file, case_key, agency, service, channel, province, submitted_at, transaction_at,"
                        + " weight, answer_values, answer_status, anonymised, content_hash, document, stored_at"
                        + ("postgresql".equals(database) ? ", answer_codes, attributes"
                                : "mariadb".equals(database) ? ", answer_codes" : "") + " FROM " + t
                        + " WHERE response_id NOT LIKE '%x%' ORDER BY response_id" + " LIMIT " + rows);
            }
            if ("postgresql".equals(database)) {
                // at rest, as autovacuum leaves a loaded table (otherwise it runs during the timing)
                s.execute("VACUUM ANALYZE " + t);
                s.execute("CREATE TABLE IF NOT EXISTS jmh_copy (response_id VARCHAR(128), instrument_id VARCHAR(64),"
                        + " instrument_version VARCHAR(32), status VARCHAR(12), case_file VARCHAR(200), agency VARCHAR(200),"
                        + " service VARCHAR(200), channel VARCHAR(200), province VARCHAR(200), submitted_at TIMESTAMP(3),"
                        + " weight DOUBLE PRECISION, answer_values DOUBLE PRECISION[], answer_status TEXT, content_hash CHAR(64),"
                        + " document TEXT, answer_codes INTEGER[], attributes JSONB)");
            }
        }
        copyTable();
        // the replicated rows bypassed saveAll: the rollup is recomputed from them (not timed)
        RollupRebuild rebuilt = store.rebuildRollup();
        if (rebuilt.responses() != stored) {
            throw new IllegalStateException("rebuilt the rollup from " + rebuilt.responses() + " of " + stored + " responses");
        }
        vacuumRollup();
    }

    /**
     * On PostgreSQL, {@code jmh_copy_ix}: a copy of the response table with its columns, indexes and
     * rows (not timed), made unless a previous trial left one.
     */
    private void copyTable() throws SQLException {
        if (!"postgresql".equals(database)) {
            return;
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            // made by this version: with the case key, without schema version 6's pending flag
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.columns WHERE table_name = 'jmh_copy_ix'"
                    + " AND column_name IN ('case_key', 'rollup_pending')")) {
                rs.next();
                if (rs.getInt(1) == 1) {
                    return;
                }
            }
            String t = namespace.table("response");
            s.execute("DROP TABLE IF EXISTS jmh_copy_ix");
            s.execute("CREATE TABLE jmh_copy_ix (LIKE " + t + " INCLUDING ALL)");
            s.execute("INSERT INTO jmh_copy_ix SELECT * FROM " + t);
            s.execute("VACUUM ANALYZE jmh_copy_ix");
        }
    }

    /**
     * On PostgreSQL, the rollup tables as autovacuum leaves them: the partial rows that compaction
     * deleted no longer scanned, statistics for the planner (not timed).
     */
    private void vacuumRollup() throws SQLException {
        if ("postgresql".equals(database)) {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("VACUUM ANALYZE " + namespace.table("rollup_delta"));
                s.execute("VACUUM ANALYZE " + namespace.table("rollup"));
            }
        }
    }

    /** A fresh batch of new ids for the next timed save, and its binary COPY rows (not timed). */
    @Setup(Level.Iteration)
    public void nextBatch() throws Exception {
        // ids new to tables that a previous fork kept (see keep)
        String prefix = "B" + RUN + "-" + round + "-";
        Instant week = Instant.parse("2025-01-01T00:00:00Z").plusSeconds(round * 7L * 86400);
        round++;
        next = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            next.add(timeOrdered ? response(prefix + i, prefix.hashCode() * 31L + i, week, 7L * 86400)
                    : response(prefix + i, prefix.hashCode() * 31L + i));
        }
        if ("postgresql".equals(database)) {
            // the rows saveAll writes, saved in a scratch store and copied out in binary
            String t = scratchNamespace.table("response");
            if (scratch == null) {
                scratch = SurveyStore.create(dataSource, StoreOptions.defaults().withNamespace(scratchNamespace)
                        .withMaintainRollup(false).withBatchChunkSize(2000));
                scratch.putInstrument(instrument);
                try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                    s.execute("TRUNCATE " + t);
                }
            }
            scratch.saveAll(next);
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
                 Statement s = c.createStatement()) {
                var out = new java.io.ByteArrayOutputStream();
                c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY " + t + " TO STDOUT WITH (FORMAT binary)", out);
                nextBinary = out.toByteArray();
                s.execute("TRUNCATE " + t);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        if (!keep) {
            dropTables();
        }
        ((HikariDataSource) dataSource).close();
    }

    /** Whether a previous trial left its tables (see {@link #keep}). */
    private boolean loaded() throws SQLException {
        try (Connection c = dataSource.getConnection();
             ResultSet rs = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                if (rs.getString("TABLE_NAME").equalsIgnoreCase(namespace.table("rollup_state"))) {
                    return true;
                }
            }
        }
        return false;
    }

    void dropTables() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String t : List.of("response_attribute", "response", "instrument", "schema_version", "schema_lock",
                    "rollup", "rollup_delta", "rollup_state", "rollup_pending")) {
                s.execute("DROP TABLE IF EXISTS " + namespace.table(t));
            }
            for (String t : List.of("response_attribute", "response", "instrument", "schema_version", "schema_lock",
                    "rollup", "rollup_delta", "rollup_state", "rollup_pending")) {
                s.execute("DROP TABLE IF EXISTS " + scratchNamespace.table(t));
            }
            s.execute("DROP TABLE IF EXISTS jmh_copy");
            s.execute("DROP TABLE IF EXISTS jmh_copy_ix");
        }
    }

    /** saveAll of {@code batch} new responses: validation, encoding and chunked transactions. */
    @Benchmark
    public BatchResult saveAll() {
        BatchResult result = store.saveAll(next);
        if (result.count(SaveOutcome.STORED) != batch) {
            throw new IllegalStateException("stored " + result.count(SaveOutcome.STORED) + " of " + batch);
        }
        return result;
    }

    /**
     * saveAll of {@code batch} new responses, then a compaction that merges them (and whatever an
     * automatic compaction left) into the rollup: the whole cost of keeping the rollup, on one thread.
     */
    @Benchmark
    public long saveAllAndCompact() {
        BatchResult result = store.saveAll(next);
        if (result.count(SaveOutcome.STORED) != batch) {
            throw new IllegalStateException("stored " + result.count(SaveOutcome.STORED) + " of " + batch);
        }
        return store.compactRollup();
    }

    /** saveAll of {@code batch} new responses through a store that does not maintain the rollup. */
    @Benchmark
    public BatchResult saveAllWithoutRollup() {
        BatchResult result = storeWithoutRollup.saveAll(next);
        if (result.count(SaveOutcome.STORED) != batch) {
            throw new IllegalStateException("stored " + result.count(SaveOutcome.STORED) + " of " + batch);
        }
        return result;
    }

    /**
     * A raw binary {@code COPY} of the same rows (the rows saveAll writes, encoded by the database
     * beforehand, not timed) into a copy of the response table: the same columns, indexes and rows.
     */
    @Benchmark
    public long copyIndexed() throws Exception {
        if (!"postgresql".equals(database)) {
            return 0;
        }
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test?user=postgres")) {
            return c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY jmh_copy_ix FROM STDIN WITH (FORMAT binary)",
                    new java.io.ByteArrayInputStream(nextBinary));
        }
    }

    /** The dashboard's quarter: 2024-Q2 in UTC, the store's rollup zone. */
    static final ResponseFilter QUARTER = ResponseFilter.all().instrument("sipas", "2017")
            .period(Instant.parse("2024-04-01T00:00:00Z"), Instant.parse("2024-07-01T00:00:00Z"));

    private GroupedStatistics dashboard(ResponseFilter filter, List<GroupBy> by, boolean rollup) {
        return (rollup ? store.rollupStatistics(filter, by, RollupFallback.FAIL) : store.statistics(filter, by)).orElseThrow();
    }

    private static void shares(GroupedStatistics g, Blackhole bh) {
        Estimator est = Estimator.withDefaults();
        for (int k = 1; k <= ITEMS; k++) {
            bh.consume(est.byDomain(g.statistics(), Statistic.proportion("c" + k, 4, 5)));
        }
    }

    private static void counts(GroupedStatistics g, Blackhole bh) {
        for (int d : g.statistics().domains()) {
            for (int k = 1; k <= ITEMS; k++) {
                bh.consume(g.statistics().categoryCounts("c" + k, d));
                bh.consume(g.statistics().excluded("c" + k, d));
            }
        }
    }

    /** Dashboard: the SIPAS items' top-2-box shares by province for a quarter, from the rollup. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public void dashboardSipasByProvinceRollup(Blackhole bh) {
        shares(dashboard(QUARTER, List.of(GroupBy.respondent("province")), true), bh);
    }

    /** The same from the full aggregation of the stored rows. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public void dashboardSipasByProvinceFull(Blackhole bh) {
        shares(dashboard(QUARTER, List.of(GroupBy.respondent("province")), false), bh);
    }

    /** Dashboard: A-11's counts per scale point (and left out) by service for a quarter, from the rollup. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public void dashboardA11CountsByServiceRollup(Blackhole bh) {
        counts(dashboard(QUARTER, List.of(GroupBy.service()), true), bh);
    }

    /** The same from the full aggregation. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public void dashboardA11CountsByServiceFull(Blackhole bh) {
        counts(dashboard(QUARTER, List.of(GroupBy.service()), false), bh);
    }

    /** Dashboard: one agency's trend by month (every item's top-2-box share), from the rollup. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public void dashboardAgencyTrendRollup(Blackhole bh) {
        shares(dashboard(ResponseFilter.all().instrument("sipas", "2017").agency("agency3"),
                List.of(GroupBy.period(Period.MONTH, java.time.ZoneOffset.UTC)), true), bh);
    }

    /** The same from the full aggregation. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public void dashboardAgencyTrendFull(Blackhole bh) {
        shares(dashboard(ResponseFilter.all().instrument("sipas", "2017").agency("agency3"),
                List.of(GroupBy.period(Period.MONTH, java.time.ZoneOffset.UTC)), false), bh);
    }

    /**
     * PostgreSQL {@code COPY} of the same rows (encoded as the store encodes them, without
     * validation; see {@link #storedRows}) into an unindexed table: the ingest ceiling beside
     * {@link #saveAll()}.
     */
    @Benchmark
    public long copy() throws Exception {
        if (!"postgresql".equals(database)) {
            return 0;
        }
        String csv = storedRows(instrument, next);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test?user=postgres")) {
            return c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY jmh_copy FROM STDIN WITH (FORMAT csv)",
                    new StringReader(csv));
        }
    }

    /**
     * The columns of {@code jmh_copy} for each response, as CSV, computed as the store computes its
     * response row ({@code docs/jdbc.md}, "Storage layout") from public API only, since the store's
     * encoder is internal: the compact JSON ({@link ResponseJson#writeCompact}) and its SHA-256, the
     * answer values and status digits in question order ({@link AnswerColumns}), the answer codes
     * (position · 4096 + slot: 8 + value + 1024 for a valid integer value from −1024 to 3063, else the
     * status digit) and the respondent attributes but {@code province} as JSON.
     */
    static String storedRows(Instrument instrument, List<Response> responses) throws NoSuchAlgorithmException {
        AnswerColumns columns = AnswerColumns.of(instrument, responses);
        List<Question> questions = instrument.questions();
        int k = questions.size();
        double[][] values = new double[k][];
        byte[][] statuses = new byte[k][];
        for (int j = 0; j < k; j++) {
            Question q = questions.get(j);
            values[j] = q.kind() == QuestionKind.TEXT ? null : columns.values(q.id());
            statuses[j] = columns.statuses(q.id());
        }
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        StringBuilder csv = new StringBuilder(responses.size() * 1200);
        for (int i = 0; i < responses.size(); i++) {
            Response r = responses.get(i);
            String document = ResponseJson.writeCompact(r);
            String hash = HexFormat.of().formatHex(sha256.digest(document.getBytes(StandardCharsets.UTF_8)));
            StringBuilder array = new StringBuilder("{");
            StringBuilder status = new StringBuilder(k);
            StringBuilder codes = new StringBuilder("{");
            for (int j = 0; j < k; j++) {
                double x = values[j] == null ? Double.NaN : values[j][i];
                array.append(j == 0 ? "" : ",").append(Double.isNaN(x) ? "null" : Double.toString(x));
                status.append((char) ('0' + statuses[j][i]));
                int slot = statuses[j][i];
                if (slot == 0 && x == Math.rint(x) && x >= -1024 && x <= 3063) {
                    slot = 8 + (int) x + 1024;
                }
                codes.append(j == 0 ? "" : ",").append((j + 1) * 4096 + slot);
            }
            StringBuilder attributes = new StringBuilder("{");
            r.respondent().forEach((name, value) -> {
                if (!"province".equals(name)) {
                    attributes.append(attributes.length() > 1 ? "," : "").append(json(name)).append(':').append(json(value));
                }
            });
            csv.append(r.id()).append(',').append(r.instrumentId()).append(',').append(r.instrumentVersion()).append(',')
                    .append(r.status().name()).append(',').append(quote(r.transaction().caseFileId().orElse(""))).append(',')
                    .append(quote(r.transaction().agency().orElse(""))).append(',')
                    .append(quote(r.transaction().service().orElse(""))).append(',')
                    .append(quote(r.transaction().channel().orElse(""))).append(',')
                    .append(quote(r.respondent().getOrDefault("province", ""))).append(',')
                    .append(r.submittedAt().orElseThrow()).append(',').append(r.weight().orElse(1)).append(',')
                    .append(quote(array.append('}').toString())).append(',')
                    .append(status).append(',').append(hash).append(',').append(quote(document)).append(',')
                    .append(quote(codes.append('}').toString())).append(',')
                    .append(quote(attributes.append('}').toString())).append('\n');
        }
        return csv.toString();
    }

    /** A JSON string (the generated attributes are plain ASCII; quotes and backslashes escaped anyway). */
    private static String json(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String quote(String s) {
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /** The full SIPAS aggregation in SQL: 22 items x 63 provinces, then every top-2-box share. */
    @Benchmark
    public void sipasByProvince(Blackhole bh) {
        GroupedStatistics g = store.statistics(ResponseFilter.all().instrument("sipas", "2017"),
                List.of(GroupBy.respondent("province"))).orElseThrow();
        Estimator est = Estimator.withDefaults();
        for (int k = 1; k <= ITEMS; k++) {
            bh.consume(est.byDomain(g.statistics(), Statistic.proportion("c" + k, 4, 5)));
        }
    }

    /**
     * The same aggregation with the cross-products between the 22 items (Q5, 231 pairs per
     * response), then the index (mean of the 22 top-2-box shares) with its standard error per
     * province.
     */
    @Benchmark
    public void sipasIndexByProvince(Blackhole bh) {
        GroupedStatistics g = store.statistics(ResponseFilter.all().instrument("sipas", "2017"),
                List.of(GroupBy.respondent("province")), true).orElseThrow();
        bh.consume(RollUp.sipas().evaluateByDomain(instrument, g.statistics(), Estimator.withDefaults()));
    }

    /** Only the statistics with cross-products (Q1-Q5 in SQL and filling the builder), no estimate. */
    @Benchmark
    public GroupedStatistics crossProductStatistics() {
        return store.statistics(ResponseFilter.all().instrument("sipas", "2017"),
                List.of(GroupBy.respondent("province")), true).orElseThrow();
    }

    /** Streams every stored response (within the fork's -Xmx256m heap). */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-Xmx256m"})
    public long streamAll(Blackhole bh) {
        long n = 0;
        try (Stream<Response> s = store.stream(ResponseFilter.all().instrument("sipas", "2017"))) {
            for (var it = s.iterator(); it.hasNext(); n++) {
                bh.consume(it.next());
            }
        }
        return n;
    }
}
