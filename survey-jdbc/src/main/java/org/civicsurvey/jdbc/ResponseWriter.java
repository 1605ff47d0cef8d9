package org.civicsurvey.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.response.Response;
import org.civicsurvey.response.ResponseStatus;
import org.civicsurvey.validation.ValidationReport;

/**
 * Writes responses: {@link SurveyStore#save(Response)} (validated, idempotent by id, retried after
 * a deadlock, with the case-file rule) and {@link SurveyStore#saveAll(List)} (chunks of one
 * transaction each, the next two chunks prepared on other threads and, on PostgreSQL, written ahead on
 * a second connection). The guarantees are the ones {@link SurveyStore} describes.
 */
final class ResponseWriter {

    private final DataSource dataSource;
    private final StoreOptions options;
    private final Dialect dialect;
    private final Tables tables;
    private final InstrumentRepository instruments;
    private final Rollup rollup;

    ResponseWriter(DataSource dataSource, StoreOptions options, Dialect dialect, Tables tables,
            InstrumentRepository instruments, Rollup rollup) {
        this.dataSource = dataSource;
        this.options = options;
        this.dialect = dialect;
        this.tables = tables;
        this.instruments = instruments;
        this.rollup = rollup;
    }

    // ---------------------------------------------------------------------------------- one by one

    /** See {@link SurveyStore#save(Response)}. */
    SaveOutcome save(Response response) {
        Objects.requireNonNull(response, "response");
        String op = "save response " + response.id();
        rollup.writeLock().lock();
        try (Connection c = dataSource.getConnection()) {
            Optional<Instrument> instrument = instruments.load(c, response.instrumentId(), response.instrumentVersion());
            ValidationReport report = instrument.isPresent() ? StoreValidation.validate(instrument.get(), response)
                    : StoreValidation.unknownInstrument(response);
            if (!report.isValid()) {
                throw new ResponseValidationException(op, report);
            }
            rollup.checkOnce(c);
            SaveOutcome outcome = saveRow(c, ResponseRows.encode(instrument.get(), List.of(response)).get(0),
                    instrument.get());
            rollup.committed();
            return outcome;
        } catch (SQLException e) {
            throw new SurveyStoreException(op + ": database error", e);
        } finally {
            rollup.writeLock().unlock();
            rollup.compactIfDue();
        }
    }

    /**
     * Stores one encoded row in its own transaction, with its rollup rows.
     *
     * @param c the connection
     * @param row the row
     * @param instrument its instrument version
     */
    private SaveOutcome saveRow(Connection c, ResponseRows.Row row, Instrument instrument) throws SQLException {
        String op = "save response " + row.response().id();
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            for (int attempt = 0; attempt < 5; attempt++) {
                try {
                    SaveOutcome outcome = saveRowOnce(c, row, instrument);
                    c.commit();
                    return outcome;
                } catch (SQLException e) {
                    Jdbc.rollbackQuietly(c, e);
                    if (Jdbc.isTransientConflict(e) || Jdbc.isLockTimeout(e)) {
                        // the database rolled this transaction back to resolve a deadlock with a
                        // concurrent save, or a row stayed locked longer than it waits (a draft in
                        // a compaction's slice): nothing was written, so run it again
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

    private SaveOutcome saveRowOnce(Connection c, ResponseRows.Row row, Instrument instrument) throws SQLException {
        Stored stored = existing(c, List.of(row.response().id())).get(row.response().id());
        Rollup.Contributions cells = rollup.contributions();
        SaveOutcome outcome;
        if (stored != null) {
            outcome = decideExisting(c, row, stored, instrument, cells);
        } else {
            tables.insertResponses(c, List.of(row));
            cells.inserted(row, instrument);
            outcome = SaveOutcome.STORED;
        }
        if (rollup.maintained()) {
            rollup.append(c, cells);
        }
        return outcome;
    }

    /**
     * Decides a row whose id is stored: a duplicate, an update of a draft (the old content's rollup
     * contribution taken out and the new one's added to {@code cells}), or a conflict.
     */
    private SaveOutcome decideExisting(Connection c, ResponseRows.Row row, Stored stored, Instrument instrument,
            Rollup.Contributions cells) throws SQLException {
        // rows stored by schema version 1 hold the hash of the indented JSON, a serialisation of
        // its own: only when the compact hash differs is the response written that way too
        if (stored.contentHash().equals(row.contentHash())
                || stored.contentHash().equals(ResponseRows.legacyContentHash(row.response()))) {
            return SaveOutcome.DUPLICATE;
        }
        if (stored.status() == ResponseStatus.IN_PROGRESS) {
            RollupCells.Facts old = rollup.maintained()
                    ? rollup.lockFacts(c, row.response().id(), " AND r.status = 'IN_PROGRESS'") : null;
            if ((old != null || !rollup.maintained()) && tables.replaceInProgress(c, row)) {
                if (old != null) {
                    cells.add(rollup.layout(c, old.instrumentId(), old.version()), old, -1);
                    cells.inserted(row, instrument);
                }
                return SaveOutcome.UPDATED;
            }
        }
        throw new ResponseConflictException("save response " + row.response().id()
                + ": the id is already stored with different content and is complete",
                "id: already stored with different content and complete");
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
                + r.instrumentId() + " (one response per case file)",
                "transaction.caseFileId: the case file already has a response to this instrument");
    }

    /** What is stored under an id. */
    private record Stored(String contentHash, ResponseStatus status) {
    }

    private Map<String, Stored> existing(Connection c, List<String> ids) throws SQLException {
        Map<String, Stored> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        String marks = String.join(", ", Collections.nCopies(ids.size(), "?"));
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

    // ------------------------------------------------------------------------------------ batches

    /**
     * See {@link SurveyStore#saveAll(List)}. The instrument versions are read once, at the start;
     * chunks k+1 and k+2 are prepared ({@link PreparedChunk}) on the store's save threads while chunk k is written.
     */
    BatchResult saveAll(List<Response> responses) {
        Objects.requireNonNull(responses, "responses");
        List<BatchItem> done = new ArrayList<>(responses.size());
        int chunk = options.batchChunkSize();
        rollup.writeLock().lock();
        try {
            return saveAll(responses, done, chunk);
        } finally {
            rollup.writeLock().unlock();
            rollup.compactIfDue();
        }
    }

    private BatchResult saveAll(List<Response> responses, List<BatchItem> done, int chunk) {
        Map<String, Optional<Instrument>> versions;
        try (Connection c = dataSource.getConnection()) {
            versions = instruments.loadAll(c, responses);
            rollup.checkOnce(c);
        } catch (SQLException e) {
            throw new BatchFailedException("save batch: database error reading the instruments before the first chunk;"
                    + " no response is committed", new BatchResult(done), 0, e);
        }
        // Chunks k+1 and k+2 are validated and encoded on threads of their own while chunk k is
        // written: preparing a chunk takes about as long as the database takes to write it.
        java.util.ArrayDeque<CompletableFuture<PreparedChunk>> ahead = new java.util.ArrayDeque<>();
        int preparedUpTo = 0;
        // On PostgreSQL, when no id or case file repeats in the batch, chunk k+1 is also written on
        // a connection of its own while chunk k is being written; commits stay in chunk order.
        boolean pipelined = dialect == Dialect.POSTGRESQL && distinctKeys(responses);
        // chunks are first written as if no id were stored yet, until one finds a stored id
        AtomicBoolean fresh = new AtomicBoolean(true);
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
                part = ahead.isEmpty() ? PreparedChunk.prepare(responses.subList(start, end), start, versions, tables, rollup)
                        : joinPrepared(ahead.poll());
            } catch (RuntimeException e) {
                // a programming error in this chunk stops the batch after the chunks before it
                ahead.forEach(f -> f.cancel(false));
                settle(inFlight, null, done);
                throw e;
            }
            preparedUpTo = Math.max(preparedUpTo, end);
            while (ahead.size() < PREPARED_AHEAD && preparedUpTo < responses.size()) {
                int nextStart = preparedUpTo;
                List<Response> nextPart = responses.subList(nextStart, Math.min(responses.size(), nextStart + chunk));
                ahead.add(CompletableFuture.supplyAsync(() -> PreparedChunk.prepare(nextPart, nextStart, versions, tables,
                        rollup), SAVE_THREADS));
                preparedUpTo = nextStart + nextPart.size();
            }
            if (!pipelined) {
                settle(launch(part, false, fresh), null, done);
                continue;
            }
            InFlight current = launch(part, true, fresh);
            if (inFlight != null && settle(inFlight, current, done)) {
                current = launch(part, true, fresh);
            }
            inFlight = current;
        }
        settle(inFlight, null, done);
        return new BatchResult(done);
    }

    private static BatchFailedException chunkFailed(PreparedChunk part, List<BatchItem> done, Exception e) {
        int first = done.size();
        return new BatchFailedException("save batch: database error in the chunk of responses " + part.offset + ".."
                + part.last() + "; responses 0.." + (first - 1) + " are committed, " + first
                + " onwards are not", new BatchResult(done), first, e);
    }

    /**
     * Whether no response id, and no case file of one instrument when the case-file rule applies,
     * occurs twice in the batch: then two chunks written at once never wait for each other's rows.
     */
    private boolean distinctKeys(List<Response> responses) {
        Set<String> ids = new HashSet<>();
        Set<String> caseFiles = new HashSet<>();
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

    /**
     * The threads that prepare the next chunks and write chunks ahead (daemons, idle ones end after a
     * minute). Not the common pool: it has one thread on two cores, where the write of chunk k, which
     * mostly waits for the database, queued behind the preparation of chunk k+1 instead of running
     * beside it.
     */
    private static final ExecutorService SAVE_THREADS = Executors.newCachedThreadPool(new java.util.concurrent.ThreadFactory() {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "civicsurvey-save-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    });

    /** Chunks prepared ahead of the one being written. */
    private static final int PREPARED_AHEAD = 2;

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
    private InFlight launch(PreparedChunk part, boolean ahead, AtomicBoolean fresh) {
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
                return new Written(c, autoCommit, write(c, part, fresh));
            } catch (SQLException e) {
                release(c, autoCommit, e);
                throw new CompletionException(e);
            } catch (RuntimeException | Error e) {
                release(c, autoCommit, e);
                throw e;
            }
        };
        if (ahead) {
            return new InFlight(part, CompletableFuture.supplyAsync(task, SAVE_THREADS));
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
        } catch (CompletionException | CancellationException e) {
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
                    saveOneByOne(c, f.part(), done);
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
        // the chunk's partial rows, when its transaction appended them, are held for the compaction
        rollup.committed(f.part().contributions);
        return false;
    }

    /** The chunk prepared on another thread, or what its preparation threw. */
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

    /**
     * Writes a chunk in the connection's open transaction, without committing: decides the rows
     * already stored, inserts the others.
     *
     * @return the indexes of the inserted rows
     */
    private List<Integer> write(Connection c, PreparedChunk prepared, AtomicBoolean fresh) throws SQLException {
        if (fresh.get()) {
            List<Integer> inserted = writeFresh(c, prepared);
            if (inserted != null) {
                return inserted;
            }
            fresh.set(false);
        }
        return writeChecked(c, prepared);
    }

    /**
     * Inserts every valid row of a chunk without looking up their ids first: a new batch, the
     * common case, then costs no lookup. When an id or a case file is stored already, the insert
     * fails on the constraint and is rolled back to a savepoint, having written nothing.
     *
     * @return the indexes of the inserted rows, or null when a row was stored already
     */
    private List<Integer> writeFresh(Connection c, PreparedChunk prepared) throws SQLException {
        ResponseRows.Row[] rows = prepared.rows;
        List<ResponseRows.Row> inserts = new ArrayList<>(rows.length);
        List<CopyRow> copyRows = new ArrayList<>(rows.length);
        List<Integer> insertIndexes = new ArrayList<>(rows.length);
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] != null) {
                inserts.add(rows[i]);
                copyRows.add(prepared.copyRows[i]);
                insertIndexes.add(i);
            }
        }
        Savepoint before = c.setSavepoint();
        try {
            tables.insertResponses(c, inserts, copyRows);
        } catch (SQLException e) {
            if (!Jdbc.isConstraintViolation(e)) {
                throw e;
            }
            c.rollback(before);
            return null;
        }
        if (prepared.contributions != null) {
            rollup.append(c, prepared.contributions);
        }
        return insertIndexes;
    }

    /**
     * Writes a chunk as {@link #write} does, looking up which ids are stored first.
     *
     * @return the indexes of the inserted rows
     */
    private List<Integer> writeChecked(Connection c, PreparedChunk prepared) throws SQLException {
        int offset = prepared.offset;
        BatchItem[] items = prepared.items;
        ResponseRows.Row[] rows = prepared.rows;
        Map<String, Stored> stored = existing(c, prepared.ids);
        Rollup.Contributions cells = rollup.contributions();
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
                cells.inserted(rows[i], prepared.instrument(rows[i].response()));
                continue;
            }
            try {
                items[i] = new BatchItem(offset + i, rows[i].response().id(), decideExisting(c, rows[i], s,
                        prepared.instrument(rows[i].response()), cells), List.of());
            } catch (ResponseConflictException conflict) {
                items[i] = new BatchItem(offset + i, rows[i].response().id(), SaveOutcome.CONFLICT,
                        List.of(conflict.problem()));
            }
        }
        // what the inserted rows add to the rollup, and what replaced drafts took out of it
        tables.insertResponses(c, inserts, copyRows);
        if (rollup.maintained()) {
            rollup.append(c, cells);
        }
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

    /** Saves a chunk's rows each in its own transaction, after the chunk hit a constraint violation. */
    private void saveOneByOne(Connection c, PreparedChunk part, List<BatchItem> done) throws SQLException {
        ResponseRows.Row[] rows = part.rows;
        BatchItem[] items = part.items;
        int offset = part.offset;
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] != null) {
                try {
                    items[i] = new BatchItem(offset + i, rows[i].response().id(),
                            saveRow(c, rows[i], part.instrument(rows[i].response())), List.of());
                    rollup.committed();
                } catch (ResponseConflictException conflict) {
                    items[i] = new BatchItem(offset + i, rows[i].response().id(), SaveOutcome.CONFLICT,
                            List.of(conflict.problem()));
                }
            }
            done.add(items[i]);
        }
    }
}
