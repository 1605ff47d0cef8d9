package org.civicsurvey.jdbc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.sql.DataSource;
import org.civicsurvey.jdbc.internal.CopyRow;
import org.civicsurvey.jdbc.internal.FilterSql;
import org.civicsurvey.jdbc.internal.Hashing;
import org.civicsurvey.jdbc.internal.Jdbc;
import org.civicsurvey.jdbc.internal.ResponseRows;
import org.civicsurvey.jdbc.internal.StoreValidation;
import org.civicsurvey.jdbc.internal.Tables;
import org.civicsurvey.jdbc.schema.MigrationResult;
import org.civicsurvey.jdbc.schema.Migrator;
import org.civicsurvey.io.json.InstrumentJson;
import org.civicsurvey.io.json.ResponseJson;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.response.Answer;
import org.civicsurvey.response.Response;
import org.civicsurvey.response.ResponseStatus;
import org.civicsurvey.response.Transaction;

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
    private final Tables tables;

    private SurveyStore(DataSource dataSource, StoreOptions options, Dialect dialect) {
        this.dataSource = dataSource;
        this.options = options;
        this.dialect = dialect;
        this.tables = new Tables(dialect, options.namespace(), options.oneResponsePerCaseFile());
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
        SurveyStore store = new SurveyStore(dataSource, options, dialect);
        if (options.migrateOnCreate()) {
            store.migrate();
        }
        return store;
    }

    /**
     * The embedded default: an H2 file database {@code civicsurvey.mv.db} in a directory, no server
     * needed; created and migrated on first use.
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
     */
    public static SurveyStore embedded(Path directory, StoreOptions options) {
        Objects.requireNonNull(directory, "directory");
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
        Objects.requireNonNull(instrument, "instrument");
        String op = "store instrument " + instrument.id() + " version " + instrument.version();
        String json = InstrumentJson.write(instrument);
        String hash = Hashing.sha256(json);
        String table = tables.table("instrument");
        try (Connection c = dataSource.getConnection()) {
            for (int attempt = 0; attempt < 3; attempt++) {
                Optional<String> stored = instrumentHash(c, instrument.id(), instrument.version());
                if (stored.isPresent() && stored.get().equals(hash)) {
                    return SaveOutcome.DUPLICATE;
                }
                if (stored.isPresent()) {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE " + table
                            + " SET document = ?, content_hash = ?, stored_at = ? WHERE instrument_id = ? AND version = ?"
                            + " AND NOT EXISTS (SELECT 1 FROM " + tables.table("response")
                            + " r WHERE r.instrument_id = ? AND r.instrument_version = ?)")) {
                        ps.setString(1, json);
                        ps.setString(2, hash);
                        ps.setTimestamp(3, Timestamp.from(Instant.now()));
                        ps.setString(4, instrument.id());
                        ps.setString(5, instrument.version());
                        ps.setString(6, instrument.id());
                        ps.setString(7, instrument.version());
                        if (ps.executeUpdate() == 1) {
                            return SaveOutcome.UPDATED;
                        }
                    }
                    throw new InstrumentInUseException(op + ": the version has stored responses and is immutable;"
                            + " publish the change as a new version");
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
                        + " (instrument_id, version, document, content_hash, stored_at) VALUES (?, ?, ?, ?, ?)")) {
                    ps.setString(1, instrument.id());
                    ps.setString(2, instrument.version());
                    ps.setString(3, json);
                    ps.setString(4, hash);
                    ps.setTimestamp(5, Timestamp.from(Instant.now()));
                    ps.executeUpdate();
                    return SaveOutcome.STORED;
                } catch (SQLException e) {
                    if (!Jdbc.isConstraintViolation(e)) {
                        throw e;
                    }
                    // stored concurrently by another instance: look again
                }
            }
            throw new SurveyStoreException(op + ": gave up after 3 concurrent attempts");
        } catch (SQLException e) {
            throw new SurveyStoreException(op + ": database error", e);
        }
    }

    /**
     * Reads an instrument version.
     *
     * @param id the instrument id
     * @param version the version
     * @return the instrument, if stored
     */
    public Optional<Instrument> findInstrument(String id, String version) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        try (Connection c = dataSource.getConnection()) {
            return loadInstrument(c, id, version);
        } catch (SQLException e) {
            throw new SurveyStoreException("read instrument " + id + " version " + version + ": database error", e);
        }
    }

    private Optional<String> instrumentHash(Connection c, String id, String version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT content_hash FROM " + tables.table("instrument")
                + " WHERE instrument_id = ? AND version = ?")) {
            ps.setString(1, id);
            ps.setString(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1).trim()) : Optional.empty();
            }
        }
    }

    private Optional<Instrument> loadInstrument(Connection c, String id, String version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT document FROM " + tables.table("instrument")
                + " WHERE instrument_id = ? AND version = ?")) {
            ps.setString(1, id);
            ps.setString(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(InstrumentJson.read(rs.getString(1))) : Optional.empty();
            }
        }
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
        Objects.requireNonNull(response, "response");
        String op = "save response " + response.id();
        try (Connection c = dataSource.getConnection()) {
            Instrument instrument = loadInstrument(c, response.instrumentId(), response.instrumentVersion())
                    .orElseThrow(() -> unknownInstrument(op, response));
            List<String> problems = StoreValidation.problems(instrument, response);
            if (!problems.isEmpty()) {
                throw invalid(op, problems);
            }
            return saveRow(c, ResponseRows.encode(instrument, List.of(response)).get(0));
        } catch (SQLException e) {
            throw new SurveyStoreException(op + ": database error", e);
        }
    }

    private static ResponseValidationException unknownInstrument(String op, Response r) {
        String problem = "instrumentVersion: instrument " + r.instrumentId() + " version " + r.instrumentVersion()
                + " is not stored";
        return new ResponseValidationException(op + ": " + problem, List.of(problem));
    }

    private static ResponseValidationException invalid(String op, List<String> problems) {
        return new ResponseValidationException(op + ": " + problems.size()
                + (problems.size() == 1 ? " violation at " : " violations at ") + StoreValidation.paths(problems),
                problems);
    }

    /** Stores one encoded row in its own transaction. */
    private SaveOutcome saveRow(Connection c, ResponseRows.Row row) throws SQLException {
        String op = "save response " + row.response().id();
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            for (int attempt = 0; attempt < 5; attempt++) {
                try {
                    SaveOutcome outcome = saveRowOnce(c, row);
                    c.commit();
                    return outcome;
                } catch (SQLException e) {
                    Jdbc.rollbackQuietly(c, e);
                    if (Jdbc.isTransientConflict(e)) {
                        // the database rolled this transaction back to resolve a deadlock with a
                        // concurrent save: nothing was written, so run it again
                        Jdbc.sleep(5L << attempt, op);
                        continue;
                    }
                    if (!Jdbc.isConstraintViolation(e)) {
                        throw e;
                    }
                    if (existing(c, List.of(row.response().id())).isEmpty()) {
                        c.commit();
                        throw caseFileConflict(c, row, op);
                    }
                    c.commit();
                    // a concurrent save of the same id won: look at what it stored
                } catch (RuntimeException e) {
                    Jdbc.rollbackQuietly(c, e);
                    throw e;
                }
            }
            throw new SurveyStoreException(op + ": gave up after 5 conflicting concurrent attempts");
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private SaveOutcome saveRowOnce(Connection c, ResponseRows.Row row) throws SQLException {
        Stored stored = existing(c, List.of(row.response().id())).get(row.response().id());
        if (stored != null) {
            return decideExisting(c, row, stored);
        }
        tables.insertResponses(c, List.of(row));
        return SaveOutcome.STORED;
    }

    private SaveOutcome decideExisting(Connection c, ResponseRows.Row row, Stored stored) throws SQLException {
        // rows stored by schema version 1 hold the hash of the indented JSON
        if (stored.contentHash.equals(row.contentHash())
                || stored.contentHash.equals(ResponseRows.legacyContentHash(row.response()))) {
            return SaveOutcome.DUPLICATE;
        }
        if (stored.status == ResponseStatus.IN_PROGRESS && tables.replaceInProgress(c, row)) {
            return SaveOutcome.UPDATED;
        }
        throw new ResponseConflictException("save response " + row.response().id()
                + ": the id is already stored with different content and is complete");
    }

    private ResponseConflictException caseFileConflict(Connection c, ResponseRows.Row row, String op) throws SQLException {
        Response r = row.response();
        String other = "another response";
        if (options.oneResponsePerCaseFile() && r.transaction().caseFileId().isPresent()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT response_id FROM " + tables.table("response")
                    + " WHERE instrument_id = ? AND case_key = ?")) {
                ps.setString(1, r.instrumentId());
                ps.setString(2, Hashing.sha256(r.transaction().caseFileId().get()));
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        other = "response " + rs.getString(1);
                    }
                }
            }
            c.commit();
        }
        return new ResponseConflictException(op + ": its case file already has " + other + " to instrument "
                + r.instrumentId() + " (one response per case file)");
    }

    private static final class Stored {
        final String contentHash;
        final ResponseStatus status;

        Stored(String contentHash, ResponseStatus status) {
            this.contentHash = contentHash;
            this.status = status;
        }
    }

    private Map<String, Stored> existing(Connection c, List<String> ids) throws SQLException {
        Map<String, Stored> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        String marks = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
        try (PreparedStatement ps = c.prepareStatement("SELECT response_id, content_hash, status FROM "
                + tables.table("response") + " WHERE response_id IN (" + marks + ")")) {
            for (int i = 0; i < ids.size(); i++) {
                ps.setString(i + 1, ids.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getString(1), new Stored(rs.getString(2).trim(), ResponseStatus.valueOf(rs.getString(3))));
                }
            }
        }
        return found;
    }

    /**
     * Validates and stores many responses, one transaction per chunk, with a result per response;
     * see the class description for what is committed when the batch fails half-way. Invalid
     * responses and conflicts do not stop the batch: they get {@link SaveOutcome#INVALID} or
     * {@link SaveOutcome#CONFLICT} with their problems.
     *
     * <p>The instrument versions the batch refers to are read once, at the start. While a chunk is
     * written, the next one is validated and encoded on another thread ({@link
     * java.util.concurrent.CompletableFuture#supplyAsync(java.util.function.Supplier)}'s default
     * executor); that work
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
        Objects.requireNonNull(responses, "responses");
        List<BatchItem> done = new ArrayList<>(responses.size());
        int chunk = options.batchChunkSize();
        Map<String, Optional<Instrument>> instruments;
        try (Connection c = dataSource.getConnection()) {
            instruments = instrumentsOf(c, responses);
        } catch (SQLException e) {
            throw new BatchFailedException("save batch: database error reading the instruments before the first chunk;"
                    + " no response is committed", new BatchResult(done), 0, e);
        }
        // Chunk k+1 is validated and encoded on another thread while chunk k is written.
        CompletableFuture<PreparedChunk> next = null;
        // On PostgreSQL, when no id or case file repeats in the batch, chunk k+1 is also written on
        // a connection of its own while chunk k is being written; commits stay in chunk order.
        boolean pipelined = dialect == Dialect.POSTGRESQL && distinctKeys(responses);
        InFlight inFlight = null;
        for (int start = 0; start < responses.size(); start += chunk) {
            int end = Math.min(responses.size(), start + chunk);
            if (Thread.currentThread().isInterrupted()) {
                abandon(inFlight);
                int first = done.size();
                throw new BatchFailedException("save batch: interrupted before the chunk of responses " + start + ".."
                        + (end - 1) + "; responses 0.." + (first - 1) + " are committed, " + first + " onwards are not"
                        + " (the interrupt flag stays set)", new BatchResult(done), first,
                        new InterruptedException("interrupted between chunks"));
            }
            PreparedChunk part;
            try {
                part = next == null ? prepareChunk(responses.subList(start, end), start, instruments) : joinPrepared(next);
            } catch (RuntimeException e) {
                // a programming error in this chunk stops the batch after the chunks before it
                settle(inFlight, null, done);
                throw e;
            }
            next = null;
            if (end < responses.size()) {
                int nextStart = end;
                List<Response> nextPart = responses.subList(nextStart, Math.min(responses.size(), nextStart + chunk));
                next = CompletableFuture.supplyAsync(() -> prepareChunk(nextPart, nextStart, instruments));
            }
            if (!pipelined) {
                settle(launch(part, false), null, done);
                continue;
            }
            InFlight current = launch(part, true);
            if (inFlight != null && settle(inFlight, current, done)) {
                current = launch(part, true);
            }
            inFlight = current;
        }
        settle(inFlight, null, done);
        return new BatchResult(done);
    }

    private static BatchFailedException chunkFailed(PreparedChunk part, List<BatchItem> done, Exception e) {
        int first = done.size();
        return new BatchFailedException("save batch: database error in the chunk of responses " + part.offset + ".."
                + (part.offset + part.items.length - 1) + "; responses 0.." + (first - 1) + " are committed, " + first
                + " onwards are not", new BatchResult(done), first, e);
    }

    /**
     * Whether no response id, and no case file of one instrument when the case-file rule applies,
     * occurs twice in the batch: then two chunks written at once never wait for each other's rows.
     */
    private boolean distinctKeys(List<Response> responses) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        java.util.Set<String> caseFiles = new java.util.HashSet<>();
        for (Response r : responses) {
            if (r == null) {
                continue;
            }
            if (!ids.add(r.id())) {
                return false;
            }
            if (options.oneResponsePerCaseFile() && r.transaction().caseFileId().isPresent()
                    && !caseFiles.add(r.instrumentId() + "\u0000" + r.transaction().caseFileId().get())) {
                return false;
            }
        }
        return true;
    }

    /** How long a chunk written ahead waits for another transaction's lock before giving up. */
    private static final int PIPELINED_LOCK_TIMEOUT_MS = 1000;

    /** A chunk being written, or written and not yet committed, on a connection of its own. */
    private record InFlight(PreparedChunk part, CompletableFuture<Written> written) {
    }

    /** A chunk written in an open transaction: the connection to commit, and which rows were inserted. */
    private record Written(Connection connection, boolean autoCommit, List<Integer> inserted) {
    }

    /**
     * Writes a chunk on a connection of its own, leaving the transaction open for {@link #settle}:
     * ahead of the chunk being committed (on another thread, with a lock timeout), or now, on this
     * thread, when chunks are written one at a time.
     */
    private InFlight launch(PreparedChunk part, boolean ahead) {
        Supplier<Written> task = () -> {
            Connection c = null;
            boolean autoCommit = true;
            try {
                c = dataSource.getConnection();
                autoCommit = c.getAutoCommit();
                c.setAutoCommit(false);
                if (ahead) {
                    try (Statement s = c.createStatement()) {
                        // a chunk waiting for its commit holds its rows' locks while this one may
                        // wait for another writer's: a wait that cycles through Java is invisible
                        // to the database's deadlock detector, so a lock wait here gives up and the
                        // chunk is saved one by one (see settle)
                        s.execute("SET LOCAL lock_timeout = '" + PIPELINED_LOCK_TIMEOUT_MS + "ms'");
                    }
                }
                return new Written(c, autoCommit, write(c, part));
            } catch (SQLException e) {
                release(c, autoCommit, e);
                throw new CompletionException(e);
            } catch (RuntimeException | Error e) {
                release(c, autoCommit, e);
                throw e;
            }
        };
        if (ahead) {
            return new InFlight(part, CompletableFuture.supplyAsync(task));
        }
        CompletableFuture<Written> written = new CompletableFuture<>();
        try {
            written.complete(task.get());
        } catch (CompletionException e) {
            written.completeExceptionally(e.getCause());
        } catch (RuntimeException | Error e) {
            written.completeExceptionally(e);
        }
        return new InFlight(part, written);
    }

    /** Rolls back and returns a connection, adding any failure to {@code cause}. */
    private static void release(Connection c, boolean autoCommit, Throwable cause) {
        if (c == null) {
            return;
        }
        Jdbc.rollbackQuietly(c, cause);
        try {
            c.setAutoCommit(autoCommit);
            c.close();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** Waits for a chunk in flight and rolls it back; its results are not reported. */
    private static void abandon(InFlight f) {
        if (f == null) {
            return;
        }
        try {
            Written w = f.written().join();
            release(w.connection(), w.autoCommit(), new IllegalStateException("chunk abandoned"));
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            // it failed on its own and released its connection
        }
    }

    /**
     * Commits the chunk in flight and records its results. When it failed on a constraint
     * violation or a deadlock, the next chunk in flight (if any) is rolled back first, so it holds
     * no connection and no lock, and the failed chunk is saved one by one; the caller then writes
     * the next chunk again.
     *
     * @return whether {@code following} was rolled back and must be written again
     */
    private boolean settle(InFlight f, InFlight following, List<BatchItem> done) {
        if (f == null) {
            return false;
        }
        Written w;
        try {
            w = f.written().join();
        } catch (CompletionException e) {
            abandon(following);
            Throwable cause = e.getCause();
            if (cause instanceof SQLException && (Jdbc.isConstraintViolation((SQLException) cause)
                    || Jdbc.isTransientConflict((SQLException) cause))) {
                try (Connection c = dataSource.getConnection()) {
                    saveOneByOne(c, f.part().rows, f.part().items, f.part().offset, done);
                } catch (SQLException again) {
                    throw chunkFailed(f.part(), done, again);
                }
                return following != null;
            }
            if (cause instanceof SQLException) {
                throw chunkFailed(f.part(), done, (SQLException) cause);
            }
            throw unchecked(e);
        }
        try {
            w.connection().commit();
        } catch (SQLException e) {
            release(w.connection(), w.autoCommit(), e);
            abandon(following);
            throw chunkFailed(f.part(), done, e);
        }
        try {
            w.connection().setAutoCommit(w.autoCommit());
            w.connection().close();
        } catch (SQLException e) {
            // committed; a failure to hand the connection back does not change the results
        }
        finish(f.part(), w.inserted(), done);
        return false;
    }

    /** Reads every instrument version the batch refers to, once. */
    private Map<String, Optional<Instrument>> instrumentsOf(Connection c, List<Response> responses) throws SQLException {
        Map<String, Optional<Instrument>> instruments = new HashMap<>();
        for (Response r : responses) {
            if (r != null) {
                String key = instrumentKey(r);
                if (!instruments.containsKey(key)) {
                    instruments.put(key, loadInstrument(c, r.instrumentId(), r.instrumentVersion()));
                }
            }
        }
        return instruments;
    }

    private static String instrumentKey(Response r) {
        return r.instrumentId() + "\u0000" + r.instrumentVersion();
    }

    private static PreparedChunk joinPrepared(CompletableFuture<PreparedChunk> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw unchecked(e);
        }
    }

    /**
     * What to rethrow for a failed future: its cause when unchecked (an {@link Error} is thrown
     * here), else the future's exception itself.
     */
    private static RuntimeException unchecked(CompletionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof Error) {
            throw (Error) cause;
        }
        return cause instanceof RuntimeException ? (RuntimeException) cause : e;
    }

    /** A chunk validated and encoded: the invalid ones and repeats already decided, the rest to write. */
    private static final class PreparedChunk {
        final int offset;
        final BatchItem[] items;
        final ResponseRows.Row[] rows;
        final List<String> ids;
        /** Per row its binary COPY encoding (PostgreSQL), else null. */
        final CopyRow[] copyRows;

        PreparedChunk(int offset, BatchItem[] items, ResponseRows.Row[] rows, List<String> ids, CopyRow[] copyRows) {
            this.offset = offset;
            this.items = items;
            this.rows = rows;
            this.ids = ids;
            this.copyRows = copyRows;
        }
    }

    /** Validates and encodes a chunk; touches no database, so it may run on another thread. */
    private PreparedChunk prepareChunk(List<Response> part, int offset, Map<String, Optional<Instrument>> instruments) {
        BatchItem[] items = new BatchItem[part.size()];
        // 1. validate, and group the valid ones by instrument version for encoding
        Map<String, List<Integer>> byInstrument = new LinkedHashMap<>();
        Map<String, Instrument> chunkInstruments = new HashMap<>();
        for (int i = 0; i < part.size(); i++) {
            Response r = Objects.requireNonNull(part.get(i), "responses[" + (offset + i) + "]");
            String key = instrumentKey(r);
            Optional<Instrument> instrument = instruments.get(key);
            List<String> problems = instrument.isPresent() ? StoreValidation.problems(instrument.get(), r)
                    : unknownInstrument("save", r).violations();
            if (!problems.isEmpty()) {
                items[i] = new BatchItem(offset + i, r.id(), SaveOutcome.INVALID, problems);
                continue;
            }
            chunkInstruments.put(key, instrument.get());
            byInstrument.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
        }
        ResponseRows.Row[] rows = new ResponseRows.Row[part.size()];
        for (Map.Entry<String, List<Integer>> e : byInstrument.entrySet()) {
            List<Response> group = new ArrayList<>(e.getValue().size());
            e.getValue().forEach(i -> group.add(part.get(i)));
            List<ResponseRows.Row> encoded = ResponseRows.encode(chunkInstruments.get(e.getKey()), group);
            for (int g = 0; g < encoded.size(); g++) {
                rows[e.getValue().get(g)] = encoded.get(g);
            }
        }
        // 2. repeats of one id inside the chunk: the first one counts
        Map<String, Integer> firstById = new LinkedHashMap<>();
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == null) {
                continue;
            }
            Integer first = firstById.putIfAbsent(rows[i].response().id(), i);
            if (first != null) {
                boolean same = rows[first].contentHash().equals(rows[i].contentHash());
                items[i] = new BatchItem(offset + i, rows[i].response().id(), same ? SaveOutcome.DUPLICATE : SaveOutcome.CONFLICT,
                        same ? List.of() : List.of("id: repeated in the batch with different content"));
                rows[i] = null;
            }
        }
        // 3. on PostgreSQL, the binary COPY row too, so the writing thread only sends it
        CopyRow[] copyRows = new CopyRow[rows.length];
        if (tables.copies() && rows.length >= Tables.COPY_MIN_ROWS) {
            for (int i = 0; i < rows.length; i++) {
                copyRows[i] = rows[i] == null ? null : tables.copyRow(rows[i]);
            }
        }
        return new PreparedChunk(offset, items, rows, new ArrayList<>(firstById.keySet()), copyRows);
    }

    /**
     * Writes a chunk in the connection's open transaction, without committing: decides the rows
     * already stored, inserts the others.
     *
     * @return the indexes of the inserted rows
     */
    private List<Integer> write(Connection c, PreparedChunk prepared) throws SQLException {
        int offset = prepared.offset;
        BatchItem[] items = prepared.items;
        ResponseRows.Row[] rows = prepared.rows;
        Map<String, Stored> stored = existing(c, prepared.ids);
        List<ResponseRows.Row> inserts = new ArrayList<>();
        List<CopyRow> copyRows = new ArrayList<>();
        List<Integer> insertIndexes = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == null) {
                continue;
            }
            Stored s = stored.get(rows[i].response().id());
            if (s == null) {
                inserts.add(rows[i]);
                copyRows.add(prepared.copyRows[i]);
                insertIndexes.add(i);
                continue;
            }
            try {
                items[i] = new BatchItem(offset + i, rows[i].response().id(), decideExisting(c, rows[i], s), List.of());
            } catch (ResponseConflictException conflict) {
                items[i] = new BatchItem(offset + i, rows[i].response().id(), SaveOutcome.CONFLICT,
                        List.of("id: already stored with different content and complete"));
            }
        }
        tables.insertResponses(c, inserts, copyRows);
        return insertIndexes;
    }

    /** After the commit: the inserted rows are stored; every result of the chunk is reported. */
    private static void finish(PreparedChunk prepared, List<Integer> inserted, List<BatchItem> done) {
        for (int i : inserted) {
            prepared.items[i] = new BatchItem(prepared.offset + i, prepared.rows[i].response().id(), SaveOutcome.STORED,
                    List.of());
        }
        done.addAll(Arrays.asList(prepared.items));
    }

    private void saveOneByOne(Connection c, ResponseRows.Row[] rows, BatchItem[] items, int offset, List<BatchItem> done)
            throws SQLException {
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] != null) {
                try {
                    items[i] = new BatchItem(offset + i, rows[i].response().id(), saveRow(c, rows[i]), List.of());
                } catch (ResponseConflictException conflict) {
                    String reason = conflict.getMessage().contains("case file") ? "transaction.caseFileId: the case file"
                            + " already has a response to this instrument" : "id: already stored with different content and complete";
                    items[i] = new BatchItem(offset + i, rows[i].response().id(), SaveOutcome.CONFLICT, List.of(reason));
                }
            }
            done.add(items[i]);
        }
    }

    /**
     * Reads one response.
     *
     * @param responseId the id
     * @return the response as stored (anonymised if it was), if any
     */
    public Optional<Response> findResponse(String responseId) {
        Objects.requireNonNull(responseId, "responseId");
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT document FROM " + tables.table("response")
                     + " WHERE response_id = ?")) {
            ps.setString(1, responseId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(ResponseJson.read(rs.getString(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new SurveyStoreException("read response " + responseId + ": database error", e);
        }
    }

    /**
     * Counts the responses a filter selects.
     *
     * @param filter the filter
     * @return the count
     */
    public long count(ResponseFilter filter) {
        Objects.requireNonNull(filter, "filter");
        FilterSql where = FilterSql.of(filter, options.namespace(), dialect);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + tables.table("response") + " r"
                     + where.where())) {
            where.bind(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new SurveyStoreException("count responses: database error", e);
        }
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
        Objects.requireNonNull(filter, "filter");
        FilterSql where = FilterSql.of(filter, options.namespace(), dialect);
        Connection c = null;
        try {
            c = dataSource.getConnection();
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            PreparedStatement ps = c.prepareStatement("SELECT document FROM " + tables.table("response") + " r"
                    + where.where(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            ps.setFetchSize(options.fetchSize());
            where.bind(ps, 1);
            ResultSet rs = ps.executeQuery();
            Connection connection = c;
            Spliterator<Response> rows = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE,
                    Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.IMMUTABLE) {
                @Override
                public boolean tryAdvance(Consumer<? super Response> action) {
                    try {
                        if (!rs.next()) {
                            return false;
                        }
                        action.accept(ResponseJson.read(rs.getString(1)));
                        return true;
                    } catch (SQLException e) {
                        throw new SurveyStoreException("stream responses: database error while reading", e);
                    }
                }
            };
            return StreamSupport.stream(rows, false).onClose(() -> closeStream(connection, ps, rs, autoCommit));
        } catch (SQLException e) {
            SurveyStoreException error = new SurveyStoreException("stream responses: database error", e);
            if (c != null) {
                try {
                    c.rollback();
                    c.close();
                } catch (SQLException closing) {
                    error.addSuppressed(closing);
                }
            }
            throw error;
        }
    }

    private static void closeStream(Connection c, PreparedStatement ps, ResultSet rs, boolean autoCommit) {
        SQLException first = null;
        for (AutoCloseable step : List.<AutoCloseable>of(rs, ps, c::rollback, () -> c.setAutoCommit(autoCommit), c)) {
            try {
                step.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e instanceof SQLException ? (SQLException) e : new SQLException(e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw new SurveyStoreException("stream responses: cannot close the cursor", first);
        }
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
     * @param groupings the domains (none: one domain 0); e.g. province, then quarter
     * @return the statistics and the labels of their domain codes; empty when the filter selects
     *     no response (the engine's statistics need at least one row)
     * @throws IllegalArgumentException if the filter does not name an instrument version
     * @throws SurveyStoreException if the instrument version is not stored, or on a database error
     */
    public Optional<GroupedStatistics> statistics(ResponseFilter filter, List<Grouping> groupings) {
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
     * @param groupings the domains (none: one domain 0)
     * @param crossProducts whether to compute and keep the cross-products
     * @return the statistics (with cross-products when asked) and the labels of their domain
     *     codes; empty when the filter selects no response
     * @throws IllegalArgumentException if the filter does not name an instrument version
     * @throws SurveyStoreException if the instrument version is not stored, or on a database error
     */
    public Optional<GroupedStatistics> statistics(ResponseFilter filter, List<Grouping> groupings, boolean crossProducts) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(groupings, "groupings");
        String id = filter.instrumentId().orElseThrow(() -> new IllegalArgumentException(
                "statistics need a filter naming the instrument id and version"));
        String version = filter.instrumentVersion().orElseThrow(() -> new IllegalArgumentException(
                "statistics need a filter naming the instrument version of " + id));
        String op = "aggregate responses to instrument " + id + " version " + version;
        try (Connection c = dataSource.getConnection()) {
            Instrument instrument = loadInstrument(c, id, version)
                    .orElseThrow(() -> new SurveyStoreException(op + ": the instrument version is not stored"));
            return org.civicsurvey.jdbc.internal.Aggregation.run(c, dialect, options.namespace(), instrument, filter,
                    groupings, crossProducts);
        } catch (SQLException e) {
            throw new SurveyStoreException(op + ": database error", e);
        }
    }

    // ---------------------------------------------------------------------------------- erasure

    /**
     * The ids of the responses stored for a case file (before any anonymisation).
     *
     * @param caseFileId the case file id
     * @return the response ids, sorted
     */
    public List<String> responseIdsForCaseFile(String caseFileId) {
        Objects.requireNonNull(caseFileId, "caseFileId");
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT response_id FROM " + tables.table("response")
                     + " WHERE case_file = ? ORDER BY response_id")) {
            ps.setString(1, caseFileId);
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new SurveyStoreException("find responses of a case file: database error", e);
        }
    }

    /**
     * Deletes a response and its respondent attributes.
     *
     * @param responseId the id
     * @return whether it was stored
     */
    public boolean erase(String responseId) {
        Objects.requireNonNull(responseId, "responseId");
        String op = "erase response " + responseId;
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + tables.table("response_attribute")
                        + " WHERE response_id = ?")) {
                    ps.setString(1, responseId);
                    ps.executeUpdate();
                }
                int deleted;
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + tables.table("response")
                        + " WHERE response_id = ?")) {
                    ps.setString(1, responseId);
                    deleted = ps.executeUpdate();
                }
                c.commit();
                return deleted == 1;
            } catch (SQLException e) {
                Jdbc.rollbackQuietly(c, e);
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new SurveyStoreException(op + ": database error", e);
        }
    }

    /**
     * Anonymises a response: removes its respondent attributes, free text and case file id, and
     * keeps what aggregates use (see the class description).
     *
     * @param responseId the id
     * @return whether it was stored
     */
    public boolean anonymise(String responseId) {
        Objects.requireNonNull(responseId, "responseId");
        String op = "anonymise response " + responseId;
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                Optional<Response> found;
                try (PreparedStatement ps = c.prepareStatement("SELECT document FROM " + tables.table("response")
                        + " WHERE response_id = ? FOR UPDATE")) {
                    ps.setString(1, responseId);
                    try (ResultSet rs = ps.executeQuery()) {
                        found = rs.next() ? Optional.of(ResponseJson.read(rs.getString(1))) : Optional.empty();
                    }
                }
                if (found.isEmpty()) {
                    c.commit();
                    return false;
                }
                Response stripped = strip(found.get());
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + tables.table("response_attribute")
                        + " WHERE response_id = ?")) {
                    ps.setString(1, responseId);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + tables.table("response")
                        + " SET document = ?, case_file = NULL, anonymised = ?"
                        + (dialect == Dialect.POSTGRESQL ? ", attributes = '{}'" : "") + " WHERE response_id = ?")) {
                    ps.setString(1, ResponseJson.writeCompact(stripped));
                    ps.setBoolean(2, true);
                    ps.setString(3, responseId);
                    ps.executeUpdate();
                }
                c.commit();
                return true;
            } catch (SQLException e) {
                Jdbc.rollbackQuietly(c, e);
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new SurveyStoreException(op + ": database error", e);
        }
    }

    private static Response strip(Response r) {
        Map<String, Answer> answers = new LinkedHashMap<>();
        r.answers().forEach((question, answer) -> {
            if (answer instanceof Answer.Text) {
                return;
            }
            if (answer instanceof Answer.Choice && ((Answer.Choice) answer).other().isPresent()) {
                answers.put(question, new Answer.Choice(((Answer.Choice) answer).codes(), Optional.empty()));
                return;
            }
            answers.put(question, answer);
        });
        Transaction t = r.transaction();
        Transaction kept = new Transaction(Optional.empty(), t.agency(), t.service(), t.channel(), t.time());
        return new Response(r.id(), r.instrumentId(), r.instrumentVersion(), r.status(), answers, kept, Map.of(),
                r.weight(), r.submittedAt());
    }
}
