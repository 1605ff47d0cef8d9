package org.civicsurvey.jdbc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import javax.sql.DataSource;

import org.civicsurvey.io.csv.CsvExporter;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.Progress;
import org.civicsurvey.response.Response;
import org.civicsurvey.response.ResponseStatus;
import org.civicsurvey.scoring.GroupBy;

/**
 * A durable store of instruments and responses in any JDBC database: H2 (embedded by default),
 * PostgreSQL, MariaDB or MySQL, detected from the connection.
 *
 * <pre>{@code
 * SurveyStore store = SurveyStore.create(dataSource);           // migrates on create
 * store.putInstrument(instrument);
 * store.save(response);                                          // validated, idempotent by id
 * try (Stream<Response> s = store.stream(ResponseFilter.all().instrument("sipas", "2017"))) { ... }
 * }</pre>
 *
 * <p><b>Connections.</b> Every operation borrows a connection from the data source and returns it
 * before the method returns (a stream returns it when closed); give the store a pooled data source
 * in production. The store is thread-safe.
 *
 * <p><b>Saving.</b> {@link #save(Response)} validates the response against its stored instrument
 * version first, so nothing invalid is ever written; then writes the response row, its respondent
 * attributes and its answers in one transaction. It is idempotent by response id: the same content
 * again is {@link SaveOutcome#DUPLICATE} and changes nothing; different content under an id that
 * is stored {@code complete} is a {@link ResponseConflictException}; a stored {@code in_progress}
 * response is replaced ({@link SaveOutcome#UPDATED}) until it is complete. "Same content" means the
 * same SHA-256 of the response's compact JSON ({@link org.civicsurvey.io.json.ResponseJson#writeCompact},
 * which is also the stored document; rows stored by schema version 1 hold the hash of the indented
 * JSON and are recognised too). The database's primary key arbitrates concurrent saves of one
 * id, so exactly one of them stores it.
 *
 * <p><b>Batches.</b> {@link #saveAll(List)} commits in chunks of
 * {@link StoreOptions#batchChunkSize()} responses, one transaction per chunk. <em>Guarantee when a
 * batch fails half-way</em> (a database error other than a constraint violation, e.g. a lost
 * connection): every chunk before the failing one is committed, the failing chunk is rolled back,
 * no later chunk is committed (on PostgreSQL, where a batch without repeated ids or case files has
 * the next chunk written on a second connection while a chunk is written, that next chunk is
 * rolled back), and {@link BatchFailedException} reports the committed results and
 * the index to resume from; re-sending the whole batch is safe, as committed responses come back
 * as duplicates. When a chunk hits a constraint violation (a concurrent save of the same id, or a
 * case file that already has a response) it is rolled back and its responses are saved one by one,
 * each in its own transaction, so each gets its precise result; if the database fails during that
 * one-by-one phase, the responses of the chunk before the failing one stay committed and are
 * reported as such.
 *
 * <p><b>Erasure.</b> {@link #erase(String)} deletes a response with its attributes, so every
 * aggregate afterwards is exactly the aggregate of the remaining responses. {@link
 * #anonymise(String)} keeps what aggregates use (answers to non-text questions, weight, agency,
 * service, channel, province, period, status) and removes the respondent attributes, free text
 * (text answers and the "other" text of choices) and the case file id; aggregates by agency,
 * service, channel, province or period are unchanged, and in groupings by another respondent
 * attribute the response moves to the "attribute absent" group. The case-file uniqueness key (a
 * SHA-256 of the case file id) is kept so the case file still cannot be rated twice.
 */
public final class SurveyStore {

    private final DataSource dataSource;
    private final StoreOptions options;
    private final Dialect dialect;
    private final InstrumentRepository instruments;
    private final ResponseWriter writer;
    private final ResponseReader reader;
    private final StoreAggregation aggregation;
    private final Erasure erasure;
    private final Rollup rollup;
    private final RollupRead rollupRead;
    private final StoreExport export;

    /** @return the store's rollup keeping (for tests in this package) */
    Rollup rollup() {
        return rollup;
    }

    private SurveyStore(DataSource dataSource, StoreOptions options, Dialect dialect) {
        this.dataSource = dataSource;
        this.options = options;
        this.dialect = dialect;
        Tables tables = new Tables(dialect, options.namespace(), options.oneResponsePerCaseFile());
        this.instruments = new InstrumentRepository(dataSource, tables);
        this.rollup = new Rollup(dataSource, dialect, options, tables, instruments);
        this.writer = new ResponseWriter(dataSource, options, dialect, tables, instruments, rollup);
        this.reader = new ResponseReader(dataSource, options, dialect, tables);
        this.aggregation = new StoreAggregation(dataSource, dialect, options.namespace(), instruments);
        this.erasure = new Erasure(dataSource, dialect, tables, rollup);
        this.rollupRead = new RollupRead(dataSource, options, tables, instruments, rollup, aggregation);
        this.export = new StoreExport(reader);
    }

    /**
     * A store on a data source with the {@linkplain StoreOptions#defaults() default options}
     * (migrates on create).
     *
     * @param dataSource the database
     * @return the store
     * @throws SurveyStoreException if the database cannot be reached or migrated
     */
    public static SurveyStore create(DataSource dataSource) {
        return create(dataSource, StoreOptions.defaults());
    }

    /**
     * A store on a data source.
     *
     * @param dataSource the database (H2, PostgreSQL, MariaDB or MySQL)
     * @param options the options
     * @return the store
     * @throws SurveyStoreException if the database cannot be reached, is not supported, or cannot be
     *     migrated
     */
    public static SurveyStore create(DataSource dataSource, StoreOptions options) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(options, "options");
        Dialect dialect;
        try (Connection c = dataSource.getConnection()) {
            dialect = Dialect.detect(c);
        } catch (SQLException e) {
            throw new SurveyStoreException("open store " + options.namespace().qualifier() + ": cannot connect", e);
        }
        if (dialect == Dialect.MARIADB) {
            DriverLogging.quietMariadbErrors(dataSource.getClass().getClassLoader());
        }
        SurveyStore store = new SurveyStore(dataSource, options, dialect);
        if (options.migrateOnCreate()) {
            store.migrate();
        }
        return store;
    }

    /**
     * The embedded default: an H2 file database {@code civicsurvey.mv.db} in a directory, no server
     * needed; created and migrated on first use. H2 is an optional dependency of survey-jdbc: add
     * {@code com.h2database:h2} to use it.
     *
     * @param directory the directory holding the database files (created if absent)
     * @return the store
     * @throws SurveyStoreException if the database cannot be opened
     */
    public static SurveyStore embedded(Path directory) {
        return embedded(directory, StoreOptions.defaults());
    }

    /**
     * The embedded default with options.
     *
     * @param directory the directory holding the database files (created if absent)
     * @param options the options
     * @return the store
     * @throws SurveyStoreException if the database cannot be opened
     * @throws IllegalStateException if H2 is not on the class path, saying which dependency to add
     */
    public static SurveyStore embedded(Path directory, StoreOptions options) {
        Objects.requireNonNull(directory, "directory");
        DriverLogging.requireH2();
        String path = directory.toAbsolutePath().resolve("civicsurvey").toString();
        if (path.indexOf(';') >= 0) {
            throw new IllegalArgumentException("directory " + directory + " is not allowed: its path contains ';'");
        }
        return create(new UrlDataSource("jdbc:h2:file:" + path, null, null), options);
    }

    /**
     * The detected database.
     *
     * @return the dialect
     */
    public Dialect dialect() {
        return dialect;
    }

    /**
     * The options.
     *
     * @return the options
     */
    public StoreOptions options() {
        return options;
    }

    /**
     * Applies missing schema migrations (also done on create unless disabled).
     *
     * @return what was applied
     */
    public MigrationResult migrate() {
        return Migrator.create(dataSource, options.namespace()).migrate();
    }


    // ------------------------------------------------------------------------------ instruments

    /**
     * Stores an instrument version, or replaces it while no response to it is stored.
     *
     * @param instrument the instrument
     * @return {@link SaveOutcome#STORED} (new), {@link SaveOutcome#UPDATED} (content replaced) or
     *     {@link SaveOutcome#DUPLICATE} (identical content already stored)
     * @throws InstrumentInUseException if the version has responses and the content differs
     */
    public SaveOutcome putInstrument(Instrument instrument) {
        return instruments.put(instrument);
    }

    /**
     * Reads an instrument version.
     *
     * @param id the instrument id
     * @param version the version
     * @return the instrument, if stored
     */
    public Optional<Instrument> findInstrument(String id, String version) {
        return instruments.find(id, version);
    }

    // -------------------------------------------------------------------------------- responses

    /**
     * Validates and stores one response, idempotently by its id (see the class description).
     *
     * @param response the response
     * @return {@link SaveOutcome#STORED}, {@link SaveOutcome#UPDATED} or {@link SaveOutcome#DUPLICATE}
     * @throws ResponseValidationException if the response breaks a rule of its instrument, or the
     *     instrument version is not stored; nothing is written
     * @throws ResponseConflictException if the id is stored with different complete content, or the
     *     case file already has a response (with the case-file rule)
     * @throws SurveyStoreException on a database error, chaining it
     */
    public SaveOutcome save(Response response) {
        return writer.save(response);
    }

    /**
     * Validates and stores many responses, one transaction per chunk, with a result per response;
     * see the class description for what is committed when the batch fails half-way. Invalid
     * responses and conflicts do not stop the batch: they get {@link SaveOutcome#INVALID} or
     * {@link SaveOutcome#CONFLICT} with their problems.
     *
     * <p>The instrument versions the batch refers to are read once, at the start. While a chunk is
     * written, the next two are validated and encoded on other threads (the store's own daemon
     * threads, not the common pool); that work
     * touches no database, so the results are those of a sequential run, and a programming error
     * in a later chunk (a {@code null} response) is thrown only after the chunks before it are
     * committed.
     *
     * @param responses the responses, in any mix of instruments
     * @return one result per response, in order
     * @throws BatchFailedException on a database error, or when the thread is interrupted (checked
     *     between chunks; the flag stays set), reporting what was committed
     */
    public BatchResult saveAll(List<Response> responses) {
        return writer.saveAll(responses);
    }

    /**
     * As {@link #saveAll(List)}, reporting {@link Progress.Phase#SAVE} progress: the batch is saved in
     * parts of ten chunks ({@link StoreOptions#batchChunkSize()} responses each), each part as
     * {@link #saveAll(List)} saves a batch, and the listener hears after each part how many responses
     * are committed. The guarantee when a part fails is the same, with indices in the whole batch.
     *
     * @param responses the responses, in any mix of instruments
     * @param progress the listener (an exception it throws stops the batch after a committed part)
     * @return one result per response, in order
     * @throws BatchFailedException on a database error, or when the thread is interrupted, reporting
     *     what was committed
     */
    public BatchResult saveAll(List<Response> responses, Progress progress) {
        Objects.requireNonNull(responses, "responses");
        Objects.requireNonNull(progress, "progress");
        int n = responses.size();
        int part = Math.max(1, options.batchChunkSize()) * 10;
        List<BatchItem> items = new ArrayList<>(n);
        progress.update(Progress.Phase.SAVE, 0, n);
        for (int from = 0; from < n; from += part) {
            int to = Math.min(n, from + part);
            BatchResult r;
            try {
                r = writer.saveAll(responses.subList(from, to));
            } catch (BatchFailedException e) {
                List<BatchItem> committed = new ArrayList<>(items);
                shift(e.committed().items(), from, committed);
                int first = from + e.firstUncommitted();
                throw new BatchFailedException("save batch: failed in responses " + from + ".." + (to - 1) + " ("
                    + e.getMessage() + ", counted within that part); responses 0.." + (first - 1) + " are committed, "
                    + first + " onwards are not", new BatchResult(committed), first, e.getCause());
            }
            shift(r.items(), from, items);
            progress.update(Progress.Phase.SAVE, to, n);
        }
        return new BatchResult(items);
    }

    private static void shift(List<BatchItem> part, int offset, List<BatchItem> into) {
        for (BatchItem item : part) {
            into.add(new BatchItem(item.index() + offset, item.responseId(), item.outcome(), item.problems()));
        }
    }

    // ---------------------------------------------------------------------------------- reading

    /**
     * Reads one response.
     *
     * @param responseId the id
     * @return the response as stored (anonymised if it was), if any
     */
    public Optional<Response> findResponse(String responseId) {
        return reader.findResponse(responseId);
    }

    /**
     * Counts the responses a filter selects.
     *
     * @param filter the filter
     * @return the count
     */
    public long count(ResponseFilter filter) {
        return reader.count(filter);
    }

    /**
     * Streams the responses a filter selects, in no particular order, with memory independent of
     * their number: rows arrive {@link StoreOptions#fetchSize()} at a time through a database
     * cursor (PostgreSQL: a transaction with autocommit off; MariaDB: a streaming result set; H2:
     * lazy fetching). The stream holds a connection until closed: always use it in
     * try-with-resources.
     *
     * @param filter the filter
     * @return the responses; close it
     */
    public Stream<Response> stream(ResponseFilter filter) {
        return reader.stream(filter);
    }

    /**
     * Exports the responses a filter selects as a wide CSV table (one row per response, one column per
     * question; see {@link CsvExporter}), streamed through {@link #stream(ResponseFilter)}: memory does
     * not grow with the number of responses. Erased responses are gone from the store and are not
     * exported; anonymised ones are exported as stored (without attributes, text and case file id).
     * Unless the exporter fixes the attribute columns ({@link CsvExporter#withAttributes}) a first pass
     * collects the keys in use. Progress goes to the exporter's listener ({@link CsvExporter#withProgress}).
     *
     * <pre>{@code
     * CsvExporter exporter = CsvExporter.create(store.findInstrument("sipas2017", "1.0").orElseThrow());
     * ExportSummary s = store.exportWide(ResponseFilter.all().instrument("sipas2017", "1.0"), exporter, writer);
     * exporter.writeCodebook(s.attributes(), codebookWriter);
     * }</pre>
     *
     * @param filter the responses; must name the exporter's instrument id and version
     * @param exporter the exporter of that instrument version
     * @param out where the CSV goes (not closed)
     * @return how many responses and rows were written, and the attribute columns
     * @throws IllegalArgumentException if the filter names another instrument or version
     * @throws SurveyStoreException on a database or write error, naming the operation
     */
    public ExportSummary exportWide(ResponseFilter filter, CsvExporter exporter, Appendable out) {
        return export.export(Objects.requireNonNull(filter, "filter"), Objects.requireNonNull(exporter, "exporter"), true,
            Objects.requireNonNull(out, "out"));
    }

    /**
     * As {@link #exportWide(ResponseFilter, CsvExporter, Appendable)}, as a tidy long table (one row per answer).
     *
     * @param filter the responses; must name the exporter's instrument id and version
     * @param exporter the exporter of that instrument version
     * @param out where the CSV goes (not closed)
     * @return how many responses and rows were written, and the attribute columns
     * @throws IllegalArgumentException if the filter names another instrument or version
     * @throws SurveyStoreException on a database or write error, naming the operation
     */
    public ExportSummary exportLong(ResponseFilter filter, CsvExporter exporter, Appendable out) {
        return export.export(Objects.requireNonNull(filter, "filter"), Objects.requireNonNull(exporter, "exporter"), false,
            Objects.requireNonNull(out, "out"));
    }

    /**
     * As {@link #exportWide(ResponseFilter, CsvExporter, Appendable)}, as a Parquet file written by
     * {@link ParquetExporter} (typed columns; DuckDB, {@code org.duckdb:duckdb_jdbc}, on the class path):
     * streamed, erased responses absent, the file whole or not there. Write the codebook beside it with
     * {@code exporter.writeCodebook(summary.attributes(), out)}.
     *
     * @param filter the responses; must name the exporter's instrument id and version
     * @param exporter the exporter of that instrument version
     * @param file the Parquet file (replaced if it exists)
     * @return how many responses and rows were written, and the attribute columns
     * @throws IllegalArgumentException if the filter names another instrument or version
     * @throws IllegalStateException if DuckDB is not on the class path
     * @throws SurveyStoreException on a database or write error, naming the operation and the file
     */
    public ExportSummary exportWideParquet(ResponseFilter filter, CsvExporter exporter, java.nio.file.Path file) {
        ParquetExporter.create(Objects.requireNonNull(exporter, "exporter")).target(file, "wide");
        return export.export(Objects.requireNonNull(filter, "filter"), exporter,
            (e, it, total) -> ParquetExporter.create(e).writeWide(it, total, file));
    }

    /**
     * As {@link #exportWideParquet(ResponseFilter, CsvExporter, java.nio.file.Path)}, as a tidy long table
     * (one row per answer).
     *
     * @param filter the responses; must name the exporter's instrument id and version
     * @param exporter the exporter of that instrument version
     * @param file the Parquet file (replaced if it exists)
     * @return how many responses and rows were written, and the attribute columns
     * @throws IllegalArgumentException if the filter names another instrument or version
     * @throws IllegalStateException if DuckDB is not on the class path
     * @throws SurveyStoreException on a database or write error, naming the operation and the file
     */
    public ExportSummary exportLongParquet(ResponseFilter filter, CsvExporter exporter, java.nio.file.Path file) {
        ParquetExporter.create(Objects.requireNonNull(exporter, "exporter")).target(file, "long");
        return export.export(Objects.requireNonNull(filter, "filter"), exporter,
            (e, it, total) -> ParquetExporter.create(e).writeLong(it, total, file));
    }

    // ------------------------------------------------------------------------------ aggregation

    /**
     * Computes, inside the database, the estimation engine's sufficient statistics of the
     * responses a filter selects, grouped into domains; no response row leaves the database.
     * Estimating them with {@link org.civicsurvey.stats.Estimator} gives the estimates of the same
     * responses collected in memory (equal up to floating-point summation order).
     *
     * <p>The filter must name one instrument version. Variables: every rating and NPS question as
     * {@link org.civicsurvey.stats.Variable#scale(String, int, int)} on its scale, every number
     * question as {@link org.civicsurvey.stats.Variable#numeric(String)}, named by question id;
     * choice and text questions are not aggregated. Each response's weight is its stored weight,
     * or 1 without one. Layout: unclustered, one stratum (code 0), so the variance is that of a
     * with-replacement sample with these weights; excluded answers are counted by reason (don't
     * know, not applicable, refused, missing, hidden). In-progress responses count unless the
     * filter asks for {@link ResponseStatus#COMPLETE}.
     *
     * @param filter which responses; must name the instrument id and version
     * @param groupings the domains (none: one domain 0), the same groupings as in memory, e.g.
     *     {@code GroupBy.respondent("province")}, then {@code GroupBy.period(Period.QUARTER, zone)}: the
     *     transaction's agency, service or channel, a respondent attribute, or a day, week, month,
     *     quarter, US fiscal quarter or year of the transaction's time (else the submission time) in a
     *     zone of fixed offset; not {@code GroupBy.answer} or {@code GroupBy.of}, which need the
     *     responses in memory
     * @return the statistics and the labels of their domain codes; empty when the filter selects
     *     no response (the engine's statistics need at least one row)
     * @throws IllegalArgumentException if the filter does not name an instrument version, or naming a
     *     grouping the database cannot compute
     * @throws SurveyStoreException if the instrument version is not stored, or on a database error
     */
    public Optional<GroupedStatistics> statistics(ResponseFilter filter, List<GroupBy> groupings) {
        return statistics(filter, groupings, false);
    }

    /**
     * As {@link #statistics(ResponseFilter, List)}, optionally with the cross-products between
     * items that the engine needs for the standard error of a composite of items (an element's
     * average, a SIPAS or SDG index, a change of an index): for every pair of rating/NPS questions
     * {@code a < b} answered validly in the same response, Σw² per domain and pair of values
     * ({@code docs/estimation.md}, Q5). Without them the statistics estimate items only, and
     * roll-ups and reports refuse them.
     *
     * <p>Cost: the database joins each response's answers with themselves, about n·k(k−1)/2 pair
     * rows for n responses and k rating questions, grouped into at most domains · k(k−1)/2 · s²
     * result rows for s-point scales (timed in {@code docs/performance.md}).
     *
     * @param filter which responses; must name the instrument id and version
     * @param groupings the domains (none: one domain 0), as {@link #statistics(ResponseFilter, List)}
     * @param crossProducts whether to compute and keep the cross-products
     * @return the statistics (with cross-products when asked) and the labels of their domain
     *     codes; empty when the filter selects no response
     * @throws IllegalArgumentException if the filter does not name an instrument version
     * @throws SurveyStoreException if the instrument version is not stored, or on a database error
     */
    public Optional<GroupedStatistics> statistics(ResponseFilter filter, List<GroupBy> groupings, boolean crossProducts) {
        return aggregation.statistics(filter, groupings, crossProducts);
    }

    // ----------------------------------------------------------------------------------- rollup

    /**
     * Reads the engine's sufficient statistics from the store's rollup: the mergeable sums that every
     * save, draft replacement and erasure keeps in its own transaction, so a dashboard reads a few
     * thousand rows instead of every stored answer. The numbers are those of {@link
     * #statistics(ResponseFilter, List, boolean)} on the same responses: counts exactly, weight sums
     * up to floating-point summation order; the domains are numbered alike.
     *
     * <p>What the rollup answers: a filter by instrument version (required), status, agency, service,
     * channel, province (also as {@code attribute("province", ...)}) and a period whose ends are starts
     * of {@linkplain StoreOptions#rollupBucket() buckets} in the {@linkplain StoreOptions#rollupZone()
     * rollup zone} (a period filter, as always, reads the submission time, else the transaction time);
     * groupings by agency, service, channel, {@code GroupBy.respondent("province")} and periods in
     * the rollup zone: month, quarter, US fiscal quarter and year, also day and week with day buckets
     * (a period grouping, as always, reads the transaction time, else the submission time); the
     * cross-products only when {@link StoreOptions#rollupCrossProducts()} keeps them. Anything else
     * (another respondent attribute, a period not aligned to buckets, an answer grouping) is answered
     * as {@code fallback} says, as is a stale rollup (see {@link #rebuildRollup()}).
     *
     * <p>Layout as {@link #statistics(ResponseFilter, List)}: unclustered, one stratum; the variance is
     * that of a with-replacement sample with the stored weights, which is what census-style portal
     * ratings need. Design-based standard errors of stratified, clustered samples need the responses'
     * strata and clusters: use the full aggregation or the in-memory engine.
     *
     * @param filter which responses; must name the instrument id and version
     * @param groupings the domains (none: one domain 0)
     * @param crossProducts whether to return the cross-products between rating questions
     * @param fallback what to do with a query the rollup cannot answer, or a stale rollup
     * @return the statistics and the labels of their domain codes; empty when no response is selected
     * @throws IllegalArgumentException if the filter does not name an instrument version, or with
     *     {@link RollupFallback#FAIL}, naming the filter field or grouping the rollup does not keep
     * @throws SurveyStoreException with {@link RollupFallback#FAIL} when the rollup is stale or kept
     *     with other rollup options; when the instrument version is not stored; on a database error
     */
    public Optional<GroupedStatistics> rollupStatistics(ResponseFilter filter, List<GroupBy> groupings,
            boolean crossProducts, RollupFallback fallback) {
        return rollupRead.statistics(filter, groupings, crossProducts, RollupWeights.STORED, fallback);
    }

    /**
     * As {@link #rollupStatistics(ResponseFilter, List, boolean, RollupFallback)}, with a choice of
     * weights: {@link RollupWeights#EACH_RESPONSE_ONCE} gives the statistics of the same responses with
     * every weight 1 (what a portal's census of ratings needs; see there what it cannot answer).
     *
     * @param filter which responses; must name the instrument id and version
     * @param groupings the domains (none: one domain 0)
     * @param crossProducts whether to return the cross-products between rating questions
     * @param weights the stored weights, or each response once
     * @param fallback what to do with a query the rollup cannot answer, or a stale rollup (never used
     *     with {@link RollupWeights#EACH_RESPONSE_ONCE}, which then fails)
     * @return the statistics and the labels of their domain codes; empty when no response is selected
     * @throws IllegalArgumentException as {@link #rollupStatistics(ResponseFilter, List, boolean, RollupFallback)},
     *     and for a number question with {@link RollupWeights#EACH_RESPONSE_ONCE}
     * @throws SurveyStoreException as {@link #rollupStatistics(ResponseFilter, List, boolean, RollupFallback)}
     */
    public Optional<GroupedStatistics> rollupStatistics(ResponseFilter filter, List<GroupBy> groupings,
            boolean crossProducts, RollupWeights weights, RollupFallback fallback) {
        return rollupRead.statistics(filter, groupings, crossProducts, weights, fallback);
    }

    /**
     * As {@link #rollupStatistics(ResponseFilter, List, boolean, RollupFallback)} without cross-products.
     *
     * @param filter which responses; must name the instrument id and version
     * @param groupings the domains (none: one domain 0)
     * @param fallback what to do with a query the rollup cannot answer, or a stale rollup
     * @return the statistics and the labels of their domain codes; empty when no response is selected
     */
    public Optional<GroupedStatistics> rollupStatistics(ResponseFilter filter, List<GroupBy> groupings,
            RollupFallback fallback) {
        return rollupRead.statistics(filter, groupings, false, RollupWeights.STORED, fallback);
    }

    /**
     * Whether rollup reads are answered from the rollup: it is not stale and is kept with this store's
     * rollup options (bucket, zone, cross-products). When false, {@link #rebuildRollup()} makes it so.
     *
     * @return whether the rollup is current
     * @throws SurveyStoreException on a database error
     */
    public boolean rollupIsCurrent() {
        return rollup.isCurrent();
    }

    /**
     * Merges the rollup's partial rows (one set per saved chunk, erasure and draft replacement) into
     * its compacted rows, exactly (counts are integers; weight sums are added). The store also does
     * this by itself after every {@link StoreOptions#rollupCompactionChunks()} committed chunks or
     * single saves. Writers never wait for it: they only append partial rows, and a reader sums both
     * kinds of rows, so results are the same before and after. Compactions run one at a time.
     *
     * @return the partial rows merged
     * @throws SurveyStoreException on a database error (nothing is changed)
     */
    public long compactRollup() {
        return rollup.compact();
    }

    /**
     * Recomputes the rollup from the stored response rows, compares it with what the rollup held,
     * and replaces it: for a store whose responses were stored before schema version 5 (or by a store
     * without rollup maintenance, or with other rollup options: the rollup is then marked stale and
     * rollup reads refuse it or fall back), and as the check that the rollup agrees with the rows.
     * It runs in one transaction; writers wait for it (on PostgreSQL the response table is locked in
     * share mode, on MariaDB the rows read are share-locked; H2 holds off this store's own writes).
     * Memory grows with the rollup rows of one instrument version and period bucket, not with the
     * number of responses.
     *
     * @return the counted responses, the rows written and whether the rollup agreed
     * @throws SurveyStoreException on a database error (nothing is changed)
     */
    public RollupRebuild rebuildRollup() {
        return rollup.rebuild();
    }

    /**
     * The ids of the responses stored for a case file (before any anonymisation).
     *
     * @param caseFileId the case file id
     * @return the response ids, sorted
     */
    public List<String> responseIdsForCaseFile(String caseFileId) {
        return reader.responseIdsForCaseFile(caseFileId);
    }

    // ---------------------------------------------------------------------------------- erasure

    /**
     * Deletes a response and its respondent attributes.
     *
     * @param responseId the id
     * @return whether it was stored
     */
    public boolean erase(String responseId) {
        return erasure.erase(responseId);
    }

    /**
     * Anonymises a response: removes its respondent attributes, free text and case file id, and
     * keeps what aggregates use (see the class description).
     *
     * @param responseId the id
     * @return whether it was stored
     */
    public boolean anonymise(String responseId) {
        return erasure.anonymise(responseId);
    }
}
