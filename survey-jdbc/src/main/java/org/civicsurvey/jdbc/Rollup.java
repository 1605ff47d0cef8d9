package org.civicsurvey.jdbc;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import javax.sql.DataSource;
import org.civicsurvey.model.Instrument;

/**
 * Keeps the rollup tables (schema version 5): appends partial rows in the caller's transaction,
 * compacts them, rebuilds the rollup from the stored rows, and reads its state. Reading statistics
 * from it is {@link RollupRead}.
 *
 * <p><b>Why exact under concurrency.</b> Saves, erasures and draft replacements only append rows
 * to {@code rollup_delta}, in the transaction that changes the response rows, so a rollback takes
 * both back and no two writers ever update the same rollup row. Compaction holds the one row of
 * {@code rollup_state} locked (so compactions and rebuilds run one at a time), deletes the delta
 * rows it reads in one statement ({@code DELETE ... RETURNING}: exactly the rows it sums, whatever
 * commits meanwhile), deletes the compacted rows of the cells they touch the same way, and inserts
 * the sums; a reader sums both tables, so it sees every committed change exactly once.
 */
final class Rollup {

    private static final System.Logger LOG = System.getLogger(Rollup.class.getName());

    /** The key columns of both rollup tables. */
    static final String KEY_COLUMNS = "instrument_id, instrument_version, status, agency, service, channel, province, "
            + "period_bucket, submitted_bucket";
    /** The value columns of both rollup tables. */
    static final String VALUE_COLUMNS = "code, n, positive_n, sum_w, sum_w2, sum_wy, sum_wy2, sum_w2y, sum_w2y2";
    /** The response columns a rollup contribution is computed from, see {@link #facts(ResultSet, int)}. */
    static final String FACT_COLUMNS = "r.instrument_id, r.instrument_version, r.status, r.agency, r.service, r.channel, "
            + "r.province, r.submitted_at, r.transaction_at, r.weight, r.answer_values, r.answer_status";
    private static final int ROWS_PER_STATEMENT = 100;
    /** Partial rows a compaction reads and merges at a time. */
    private static final int COMPACTION_SLICE = 50_000;
    /** Pending response rows a compaction claims and merges at a time, at most (see {@link #pendingSlice()}). */
    private static final int PENDING_SLICE = 25_000;
    private static final int CELLS_PER_LOOKUP = 500;
    /** Entries gathered by a rebuild before they are written. */
    private static final int REBUILD_FLUSH = 200_000;
    /** Relative tolerance of a rebuild's comparison of weight sums. */
    private static final double SUM_TOLERANCE = 1e-9;

    private final DataSource dataSource;
    private final Dialect dialect;
    private final StoreOptions options;
    private final Tables tables;
    private final InstrumentRepository instruments;
    private final AtomicInteger chunksSinceCompaction = new AtomicInteger();
    /** Whether an automatic compaction is running on its own thread. */
    private final AtomicBoolean compacting = new AtomicBoolean();
    /** Writes of this store hold it shared; a rebuild holds it exclusively (H2 has no table lock). */
    private final ReentrantReadWriteLock writers = new ReentrantReadWriteLock();
    private volatile boolean checked;

    Rollup(DataSource dataSource, Dialect dialect, StoreOptions options, Tables tables, InstrumentRepository instruments) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.options = options;
        this.tables = tables;
        this.instruments = instruments;
    }

    /**
     * The levels of the compacted rows: 0 the cells themselves, kept only with {@link
     * StoreOptions#rollupCells()}; 1 to 5 the same sums with all of agency, service, channel and
     * province left out but none, the agency, the service (with its agency), the channel or the
     * province, so that a query of at most one of these dimensions (or of an agency's services) reads
     * a few rows per bucket ({@link #levelOf}).
     */
    static final int LEVELS = 6;
    static final int LEVEL_NONE = 1;
    static final int LEVEL_AGENCY = 2;
    static final int LEVEL_SERVICE = 3;
    static final int LEVEL_CHANNEL = 4;
    static final int LEVEL_PROVINCE = 5;

    /** A cell as it is kept at a level: the dimensions the level leaves out become null. */
    static RollupCells.Cell levelOf(RollupCells.Cell c, int level) {
        if (level == 0) {
            return c;
        }
        boolean agency = level == LEVEL_AGENCY || level == LEVEL_SERVICE;
        return new RollupCells.Cell(c.instrumentId(), c.version(), c.status(), agency ? c.agency() : null,
                level == LEVEL_SERVICE ? c.service() : null, level == LEVEL_CHANNEL ? c.channel() : null,
                level == LEVEL_PROVINCE ? c.province() : null, c.periodBucket(), c.submittedBucket());
    }

    /** @return the first level kept: 0 with {@link StoreOptions#rollupCells()}, else 1 */
    int firstLevel() {
        return options.rollupCells() ? 0 : 1;
    }

    /** The sums of every level kept, level 0 being {@code cells} itself (null when not kept). */
    private RollupCells[] levels(RollupCells cells) {
        RollupCells[] out = new RollupCells[LEVELS];
        out[0] = options.rollupCells() ? cells : null;
        for (int level = 1; level < LEVELS; level++) {
            RollupCells projected = cells();
            int l = level;
            cells.cells().forEach((cell, codes) -> {
                RollupCells.Cell at = levelOf(cell, l);
                codes.forEach((code, sums) -> projected.add(at, code, sums));
            });
            out[level] = projected;
        }
        return out;
    }

    /** @return a fresh accumulator with the store's bucket, zone and cross-products */
    RollupCells cells() {
        return new RollupCells(options.rollupBucket(), options.rollupZone(), options.rollupCrossProducts());
    }

    /** @return the database */
    Dialect dialect() {
        return dialect;
    }

    /** @return whether saves append rollup rows */
    boolean maintained() {
        return options.maintainRollup();
    }

    /** The lock a write holds while it runs (shared), so that a rebuild in this process waits for it. */
    ReentrantReadWriteLock.ReadLock writeLock() {
        return writers.readLock();
    }

    // ------------------------------------------------------------------------------------ state

    /** The rollup's state row. */
    record State(String bucket, String zone, boolean stale) {
    }

    /**
     * Reads the state row.
     *
     * @param c the connection
     * @param forUpdate whether to lock it
     * @return the state
     * @throws SQLException from the driver
     */
    State state(Connection c, boolean forUpdate) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT bucket, zone, stale FROM " + tables.table("rollup_state")
                + " WHERE id = 1" + (forUpdate ? " FOR UPDATE" : ""))) {
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("the rollup state row of " + options.namespace().qualifier() + " is missing");
                }
                return new State(rs.getString(1), rs.getString(2), rs.getBoolean(3));
            }
        }
    }

    /**
     * Why the rollup cannot be read by this store, if it cannot: it is stale, or kept by another
     * bucket or zone than this store's options.
     *
     * @param s the state
     * @return the reason, or null when it can be read
     */
    String unusable(State s) {
        if (s.stale()) {
            return "the rollup of " + options.namespace().qualifier() + " is stale (responses were stored before schema"
                    + " version 5, by a store without rollup maintenance, or with other rollup options): run"
                    + " SurveyStore.rebuildRollup()";
        }
        if (s.bucket() != null && (!s.bucket().equals(bucketTag()) || !s.zone().equals(options.rollupZone().getId()))) {
            return "the rollup of " + options.namespace().qualifier() + " is kept by " + s.bucket() + " in " + s.zone()
                    + ", this store's options ask " + bucketTag() + " in " + options.rollupZone().getId()
                    + " (+X: with cross-products, C: with the finest cells)"
                    + ": open the store with the same rollup options, or run SurveyStore.rebuildRollup()";
        }
        return null;
    }

    /**
     * Once per store, before its first write: records this store's bucket and zone in a new rollup,
     * and marks the rollup stale when this store will not maintain it or keeps other buckets.
     *
     * @param c a connection (autocommit or not; committed here when it is not)
     * @throws SQLException from the driver
     */
    void checkOnce(Connection c) throws SQLException {
        if (checked) {
            return;
        }
        String table = tables.table("rollup_state");
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET bucket = ?, zone = ? WHERE id = 1"
                + " AND bucket IS NULL")) {
            ps.setString(1, bucketTag());
            ps.setString(2, options.rollupZone().getId());
            ps.executeUpdate();
        }
        State s = state(c, false);
        boolean otherOptions = !bucketTag().equals(s.bucket())
                || !options.rollupZone().getId().equals(s.zone());
        if (!s.stale() && (!options.maintainRollup() || otherOptions)) {
            try (Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE " + table + " SET stale = " + bool(true) + " WHERE id = 1");
            }
            LOG.log(System.Logger.Level.WARNING, () -> "rollup of " + options.namespace().qualifier() + " marked stale: "
                    + (otherOptions ? "kept by " + s.bucket() + " in " + s.zone() + ", options ask " + bucketTag()
                    + " in " + options.rollupZone().getId() : "a store without rollup maintenance writes"));
        }
        if (!c.getAutoCommit()) {
            c.commit();
        }
        checked = true;
    }

    /** @return whether reads are answered from the rollup (see {@link SurveyStore#rollupIsCurrent()}) */
    boolean isCurrent() {
        try (Connection c = dataSource.getConnection()) {
            return unusable(state(c, false)) == null;
        } catch (SQLException e) {
            throw new SurveyStoreException("read rollup state " + options.namespace().qualifier() + ": database error", e);
        }
    }

    /** @return the state's bucket tag: the bucket, and {@code +X} when cross-products are kept */
    String bucketTag() {
        String kept = (options.rollupCrossProducts() ? "X" : "") + (options.rollupCells() ? "C" : "");
        return options.rollupBucket().name() + (kept.isEmpty() ? "" : "+" + kept);
    }

    private String bool(boolean b) {
        return dialect == Dialect.MARIADB ? (b ? "1" : "0") : (b ? "TRUE" : "FALSE");
    }

    // ------------------------------------------------------------------------------- maintenance

    /**
     * The layout of an instrument version, read from the database.
     *
     * @param c the connection
     * @param id instrument id
     * @param version version
     * @return the layout
     * @throws SQLException when the version is not stored, or from the driver
     */
    RollupCells.Layout layout(Connection c, String id, String version) throws SQLException {
        Instrument instrument = instruments.load(c, id, version)
                .orElseThrow(() -> new SQLException("instrument " + id + " version " + version + " is not stored"));
        return RollupCells.Layout.of(instrument);
    }

    /**
     * A stored response's facts, and whether the rollup counts it yet.
     *
     * @param facts what the row contributes
     * @param pending true while the row is a pending contribution (not yet merged by a compaction)
     */
    record Stored(RollupCells.Facts facts, boolean pending) {
    }

    /**
     * The layout of a row's instrument version, read once per version into {@code cache}.
     *
     * @param c the connection
     * @param cache layouts read so far, by instrument id and version
     * @param f the row's facts
     * @return the layout
     * @throws SQLException when the version is not stored, or from the driver
     */
    private RollupCells.Layout layout(Connection c, Map<String, RollupCells.Layout> cache, RollupCells.Facts f)
            throws SQLException {
        String key = f.instrumentId() + "\u0000" + f.version();
        RollupCells.Layout layout = cache.get(key);
        if (layout == null) {
            layout = layout(c, f.instrumentId(), f.version());
            cache.put(key, layout);
        }
        return layout;
    }

    /**
     * Reads the facts of a stored response and locks its row, for a change that removes or replaces
     * it, and takes the row off the pending list: a pending row takes its contribution with it, a
     * counted one leaves a negative partial row (see {@link #subtract}). Whether it was pending is
     * what the delete from the list finds, which waits for a compaction claiming it: the compaction
     * then counted it, and the change subtracts it.
     *
     * @param c the connection, in the change's transaction
     * @param responseId the id
     * @param condition extra condition on {@code r}, or empty
     * @return the row's facts, or null when no such row
     * @throws SQLException from the driver
     */
    Stored lockFacts(Connection c, String responseId, String condition) throws SQLException {
        RollupCells.Facts facts;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + FACT_COLUMNS + " FROM "
                + tables.table("response") + " r WHERE r.response_id = ?" + condition + " FOR UPDATE")) {
            ps.setString(1, responseId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                facts = facts(rs, 1);
            }
        }
        return new Stored(facts, unlist(c, responseId));
    }

    /**
     * Takes a response off the pending list, in the caller's transaction.
     *
     * @param c the connection
     * @param responseId the id
     * @return whether it was listed (the rollup does not count it yet)
     * @throws SQLException from the driver
     */
    boolean unlist(Connection c, String responseId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + tables.table("rollup_pending")
                + " WHERE response_id = ?")) {
            ps.setString(1, responseId);
            return ps.executeUpdate() > 0;
        }
    }

    /**
     * Takes a stored row's contribution out of the rollup, in the caller's transaction that removes
     * or replaces the row: nothing when the row is pending (its contribution leaves with it), a
     * negative partial row when the rollup counts it.
     *
     * @param c the connection
     * @param stored the row, as {@link #lockFacts} read it
     * @throws SQLException from the driver
     */
    void subtract(Connection c, Stored stored) throws SQLException {
        if (stored.pending()) {
            return;
        }
        RollupCells cells = cells();
        RollupCells.Facts f = stored.facts();
        cells.add(layout(c, f.instrumentId(), f.version()), f, -1);
        append(c, cells);
    }

    /**
     * The contributions of the pending rows of an instrument version, which reads add to the
     * compacted and partial rows.
     *
     * @param c the connection
     * @param instrumentId the instrument
     * @param version its version
     * @return the pending rows' cells
     * @throws SQLException from the driver
     */
    RollupCells pending(Connection c, String instrumentId, String version) throws SQLException {
        // the listed ids first, then their rows: a join planned from the list's statistics, which
        // lag its emptying by a compaction, was a parallel plan costing each read tens of milliseconds
        List<String> ids = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT response_id FROM " + tables.table("rollup_pending"))) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        RollupCells out = cells();
        if (ids.isEmpty()) {
            return out;
        }
        RollupCells.Layout layout = layout(c, instrumentId, version);
        for (RollupCells.Facts f : factsOf(c, ids, List.of(instrumentId, version))) {
            out.add(layout, f, 1);
        }
        return out;
    }

    /**
     * The facts of the stored rows of some ids (an id without a row gives nothing).
     *
     * @param c the connection
     * @param ids the ids
     * @param version the instrument id and version the rows must have, or empty for any
     * @return the facts, in no particular order
     * @throws SQLException from the driver
     */
    private List<RollupCells.Facts> factsOf(Connection c, List<String> ids, List<String> version) throws SQLException {
        List<RollupCells.Facts> out = new ArrayList<>(ids.size());
        String response = tables.table("response");
        String ofVersion = version.isEmpty() ? "" : " AND r.instrument_id = ? AND r.instrument_version = ?";
        if (dialect == Dialect.POSTGRESQL) {
            try (PreparedStatement ps = oneShot(c.prepareStatement("SELECT " + FACT_COLUMNS + " FROM " + response
                    + " r WHERE r.response_id = ANY (CAST(? AS varchar[]))" + ofVersion))) {
                ps.setArray(1, c.createArrayOf("varchar", ids.toArray()));
                for (int i = 0; i < version.size(); i++) {
                    ps.setString(2 + i, version.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(facts(rs, 1));
                    }
                }
            }
            return out;
        }
        for (int from = 0; from < ids.size(); from += CELLS_PER_LOOKUP) {
            List<String> part = ids.subList(from, Math.min(ids.size(), from + CELLS_PER_LOOKUP));
            try (PreparedStatement ps = c.prepareStatement("SELECT " + FACT_COLUMNS + " FROM " + response
                    + " r WHERE r.response_id IN (" + String.join(", ", Collections.nCopies(part.size(), "?")) + ")"
                    + ofVersion)) {
                for (int i = 0; i < part.size(); i++) {
                    ps.setString(i + 1, part.get(i));
                }
                for (int i = 0; i < version.size(); i++) {
                    ps.setString(part.size() + 1 + i, version.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(facts(rs, 1));
                    }
                }
            }
        }
        return out;
    }

    /**
     * The contributions of the stored rows a filter selects, pending or counted: the finest cells,
     * when the rollup does not keep them.
     *
     * @param c the connection
     * @param where the filter over the response table {@code r}, naming one instrument version
     * @return the rows' cells
     * @throws SQLException from the driver
     */
    RollupCells rows(Connection c, FilterSql where) throws SQLException {
        RollupCells out = cells();
        Map<String, RollupCells.Layout> layouts = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + FACT_COLUMNS + " FROM " + tables.table("response")
                + " r" + where.where())) {
            where.bind(ps, 1);
            ps.setFetchSize(options.fetchSize());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    RollupCells.Facts f = facts(rs, 1);
                    out.add(layout(c, layouts, f), f, 1);
                }
            }
        }
        return out;
    }

    /**
     * Reads the facts of a row from the {@link #FACT_COLUMNS} starting at a column.
     *
     * @param rs a result on a row
     * @param first the first column
     * @return the facts
     * @throws SQLException from the driver
     */
    RollupCells.Facts facts(ResultSet rs, int first) throws SQLException {
        int i = first;
        String id = rs.getString(i++);
        String version = rs.getString(i++);
        String status = rs.getString(i++);
        String agency = rs.getString(i++);
        String service = rs.getString(i++);
        String channel = rs.getString(i++);
        String province = rs.getString(i++);
        Instant submitted = instant(rs.getObject(i++, LocalDateTime.class));
        Instant transaction = instant(rs.getObject(i++, LocalDateTime.class));
        double w = rs.getDouble(i++);
        Double weight = rs.wasNull() ? null : w;
        Double[] values = values(rs, i++);
        String statuses = rs.getString(i);
        return new RollupCells.Facts(id, version, status, agency, service, channel, province, submitted, transaction, weight,
                values, statuses);
    }

    private static Instant instant(LocalDateTime t) {
        return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }

    private Double[] values(ResultSet rs, int column) throws SQLException {
        if (dialect == Dialect.MARIADB) {
            return parseJsonArray(rs.getString(column));
        }
        Array a = rs.getArray(column);
        Object[] raw = (Object[]) a.getArray();
        Double[] out = new Double[raw.length];
        for (int j = 0; j < raw.length; j++) {
            out[j] = raw[j] == null ? null : ((Number) raw[j]).doubleValue();
        }
        return out;
    }

    /** Parses the value array MariaDB stores ({@link ResponseRows#jsonArray}): numbers and nulls. */
    static Double[] parseJsonArray(String json) {
        String body = json.strip();
        if (body.length() < 2 || body.charAt(0) != '[' || body.charAt(body.length() - 1) != ']') {
            throw new IllegalStateException("stored answer values are not a JSON array");
        }
        body = body.substring(1, body.length() - 1).strip();
        if (body.isEmpty()) {
            return new Double[0];
        }
        String[] parts = body.split(",");
        Double[] out = new Double[parts.length];
        for (int j = 0; j < parts.length; j++) {
            String p = parts[j].strip();
            out[j] = "null".equals(p) ? null : Double.valueOf(p);
        }
        return out;
    }

    /**
     * Appends partial rows, in the caller's transaction.
     *
     * @param c the connection
     * @param cells the sums (entries with a zero count and zero sums are skipped)
     * @throws SQLException from the driver
     */
    void append(Connection c, RollupCells cells) throws SQLException {
        if (cells.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(cells.entries());
        cells.cells().forEach((cell, codes) -> codes.forEach((code, s) -> {
            if (s.n != 0 || s.w != 0 || s.w2 != 0) {
                rows.add(row(null, cell, code, s, 0));
            }
        }));
        insert(c, tables.table("rollup_delta"), false, rows);
    }

    private static Object[] row(Long hash, RollupCells.Cell cell, long code, RollupCells.Sums s, int level) {
        return new Object[] {hash, cell.instrumentId(), cell.version(), cell.status(), cell.agency(), cell.service(),
            cell.channel(), cell.province(), cell.periodBucket(), cell.submittedBucket(), code, s.n, s.positive, s.w, s.w2,
            s.wy, s.wy2, s.w2y, s.w2y2, level};
    }

    /** Inserts rows of {@link #row} (with the cell hash and level when {@code compacted}). */
    private void insert(Connection c, String table, boolean compacted, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        String columns = (compacted ? "cell, " : "") + KEY_COLUMNS + ", " + VALUE_COLUMNS + (compacted ? ", rollup_level" : "");
        int first = compacted ? 0 : 1;
        int end = compacted ? 20 : 19;
        int width = end - first;
        if (tables.copies() && rows.size() >= Tables.COPY_MIN_ROWS) {
            org.postgresql.copy.CopyManager manager = PgCopy.manager(c);
            if (manager != null) {
                StringBuilder text = new StringBuilder(rows.size() * 96);
                for (Object[] row : rows) {
                    for (int k = first; k < end; k++) {
                        if (k > first) {
                            text.append('\t');
                        }
                        copyField(text, row[k]);
                    }
                    text.append('\n');
                }
                try {
                    manager.copyIn("COPY " + table + " (" + columns + ") FROM STDIN", new StringReader(text.toString()));
                } catch (IOException e) {
                    throw new SQLException("copy rollup rows: " + e.getMessage(), e);
                }
                return;
            }
        }
        for (int from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
            List<Object[]> part = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_STATEMENT));
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (" + columns + ") VALUES "
                    + Tables.placeholders(part.size(), width))) {
                int p = 1;
                for (Object[] row : part) {
                    for (int k = first; k < end; k++) {
                        bind(ps, p++, row[k], k);
                    }
                }
                ps.executeUpdate();
            }
        }
    }

    private static void bind(PreparedStatement ps, int p, Object value, int field) throws SQLException {
        if (value == null) {
            ps.setNull(p, field == 8 || field == 9 ? java.sql.Types.INTEGER : java.sql.Types.VARCHAR);
        } else if (value instanceof String) {
            ps.setString(p, (String) value);
        } else if (value instanceof Integer) {
            ps.setInt(p, (Integer) value);
        } else if (value instanceof Long) {
            ps.setLong(p, (Long) value);
        } else {
            ps.setDouble(p, (Double) value);
        }
    }

    /** One field of PostgreSQL's text {@code COPY} format. */
    private static void copyField(StringBuilder b, Object value) {
        if (value == null) {
            b.append("\\N");
            return;
        }
        if (!(value instanceof String)) {
            b.append(value);
            return;
        }
        String s = (String) value;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\':
                    b.append("\\\\");
                    break;
                case '\t':
                    b.append("\\t");
                    break;
                case '\n':
                    b.append("\\n");
                    break;
                case '\r':
                    b.append("\\r");
                    break;
                default:
                    b.append(ch);
            }
        }
    }

    /**
     * Counts a committed chunk or single save, and starts a compaction on a thread of its own (a
     * daemon; one at a time) when {@link StoreOptions#rollupCompactionChunks()} have been committed
     * since the last one, so the saving thread does not wait for it. A failing automatic compaction
     * does not touch the saves, which are committed: it is logged, and the next one retries.
     */
    void committed() {
        if (!options.maintainRollup()) {
            return;
        }
        int n = chunksSinceCompaction.incrementAndGet();
        if (n >= options.rollupCompactionChunks() && chunksSinceCompaction.compareAndSet(n, 0)
                && compacting.compareAndSet(false, true)) {
            Thread t = new Thread(() -> {
                try {
                    compact();
                } catch (SurveyStoreException e) {
                    LOG.log(System.Logger.Level.WARNING, "automatic rollup compaction of " + options.namespace().qualifier()
                            + " failed; the pending and partial rows stay and the next compaction merges them", e);
                } finally {
                    compacting.set(false);
                }
            }, "civicsurvey-rollup-compaction");
            t.setDaemon(true);
            t.start();
        }
    }

    // -------------------------------------------------------------------------------- compaction

    /**
     * Merges every committed pending row and partial row into the compacted rows, a slice at a time,
     * each slice in a transaction of its own: its rows are claimed (pending rows) or deleted
     * (partial rows) and their sums added to the compacted rows together, so every slice is exact
     * on its own, memory stays bounded however many rows have accumulated, and an erasure or a draft
     * replacement waits at most for one slice's merge.
     *
     * @return the pending rows and partial rows merged
     */
    long compact() {
        String op = "compact rollup " + options.namespace().qualifier();
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            int isolation = c.getTransactionIsolation();
            c.setAutoCommit(false);
            if (dialect == Dialect.MARIADB) {
                // no gap locks: writers appending partial rows never wait for a compaction
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
            try {
                long total = 0;
                boolean pendingLeft = true;
                while (true) {
                    boolean pendingSlice = pendingLeft;
                    long merged = inTransaction(c, op, () -> pendingSlice ? compactPendingSlice(c) : compactDeltaSlice(c));
                    total += merged;
                    if (merged < (pendingSlice ? pendingSlice() : COMPACTION_SLICE)) {
                        if (!pendingSlice) {
                            return total;
                        }
                        pendingLeft = false;
                    }
                }
            } finally {
                c.setTransactionIsolation(isolation);
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new SurveyStoreException(op + ": database error", e);
        }
    }

    /** Work of one compaction transaction. */
    private interface Slice {
        long run() throws SQLException;
    }

    /** Runs a slice with the state row locked, and commits it; retried after a deadlock or a lock timeout. */
    private long inTransaction(Connection c, String op, Slice slice) throws SQLException {
        for (int attempt = 0; ; attempt++) {
            try {
                state(c, true);
                long merged = slice.run();
                c.commit();
                return merged;
            } catch (SQLException e) {
                Jdbc.rollbackQuietly(c, e);
                // a deadlock, or the state row held longer than the database waits by another
                // compaction's slice (a store's background one beside an explicit one): nothing of
                // this slice was written
                if (attempt < 6 && (Jdbc.isTransientConflict(e) || Jdbc.isLockTimeout(e))) {
                    Jdbc.sleep(5L << attempt, op);
                    continue;
                }
                throw e;
            }
        }
    }

    /**
     * Pending rows a compaction claims at a time. A slice rewrites the coarser levels' rows of the
     * buckets it touches whatever its size, so larger slices cost less per row; its sums take about
     * 5 KB per response (50 KB with cross-products), and a slice is held to about an eighth of the
     * heap: {@link #PENDING_SLICE} responses in a heap of 1 GB or more, 1,000 at least.
     *
     * @return the slice size
     */
    private int pendingSlice() {
        long perResponse = options.rollupCrossProducts() ? 50_000 : 5_000;
        long fits = Runtime.getRuntime().maxMemory() / 8 / perResponse;
        return (int) Math.max(1_000, Math.min(PENDING_SLICE, fits));
    }

    /** Claims and merges one slice of pending rows, in the caller's transaction. */
    private long compactPendingSlice(Connection c) throws SQLException {
        RollupCells[] levels = new RollupCells[LEVELS];
        for (int level = firstLevel(); level < LEVELS; level++) {
            levels[level] = cells();
        }
        int claimed = claimPending(c, levels);
        if (claimed > 0) {
            mergeIntoCompacted(c, levels, true);
        }
        return claimed;
    }

    /** Deletes and merges one slice of partial rows, in the caller's transaction. */
    private long compactDeltaSlice(Connection c) throws SQLException {
        String delta = tables.table("rollup_delta");
        String slice;
        List<Object> parameters = List.of();
        switch (dialect) {
            case POSTGRESQL:
                List<String> addresses = addresses(c, delta, "", COMPACTION_SLICE);
                if (addresses.isEmpty()) {
                    return 0;
                }
                slice = " WHERE ctid = ANY (CAST(? AS tid[]))";
                parameters = List.of(c.createArrayOf("text", addresses.toArray()));
                break;
            case MARIADB:
                slice = " LIMIT " + COMPACTION_SLICE;
                break;
            default:
                slice = " FETCH FIRST " + COMPACTION_SLICE + " ROWS ONLY";
                break;
        }
        RollupCells merged = cells();
        long partials = deleteReturning(c, delta, slice, parameters, merged);
        if (partials > 0) {
            mergeIntoCompacted(c, levels(merged), false);
        }
        return partials;
    }

    /** On PostgreSQL, {@link PgCopy#oneShot}; the statement itself elsewhere (the driver may be absent). */
    private PreparedStatement oneShot(PreparedStatement ps) throws SQLException {
        return dialect == Dialect.POSTGRESQL ? PgCopy.oneShot(ps) : ps;
    }

    /**
     * Up to {@code limit} row addresses ({@code ctid}, as text) of a PostgreSQL table, for a statement
     * that takes them as a constant array ({@link PgCopy#oneShot}): a TID scan, whatever the planner's
     * statistics say. With the rows chosen by a subquery instead, statistics that predate the rows
     * (autovacuum's analyze lags a burst of saves) made the planner expect one row and compare every
     * row with every chosen one: minutes for a few hundred thousand pending rows.
     */
    private static List<String> addresses(Connection c, String table, String where, int limit) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT ctid FROM " + table + where + " LIMIT " + limit)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** Merges every partial row, in the caller's transaction (the rebuild's). */
    private void compactDeltaIn(Connection c) throws SQLException {
        while (compactDeltaSlice(c) == COMPACTION_SLICE) {
            // the next slice
        }
    }

    /**
     * Takes up to {@link #pendingSlice()} committed response ids off the pending list and adds the
     * rows' contributions to {@code into} (per level; null where a level is not kept), in the
     * caller's transaction (the list entries stay locked until it ends, so an erasure waits and then
     * finds the row counted).
     *
     * @return the rows claimed
     */
    private int claimPending(Connection c, RollupCells[] into) throws SQLException {
        String list = tables.table("rollup_pending");
        List<String> ids = new ArrayList<>();
        if (dialect == Dialect.POSTGRESQL) {
            // by the entries' addresses read first (see addresses); one deleted since is not claimed
            List<String> slice = addresses(c, list, "", pendingSlice());
            if (!slice.isEmpty()) {
                try (PreparedStatement ps = oneShot(c.prepareStatement("DELETE FROM " + list
                        + " WHERE ctid = ANY (CAST(? AS tid[])) RETURNING response_id"))) {
                    ps.setArray(1, c.createArrayOf("text", slice.toArray()));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            ids.add(rs.getString(1));
                        }
                    }
                }
            }
        } else {
            String limit = dialect == Dialect.MARIADB ? " LIMIT " + pendingSlice() : " FETCH FIRST " + pendingSlice()
                    + " ROWS ONLY";
            try (PreparedStatement ps = c.prepareStatement("SELECT response_id FROM " + list + limit + " FOR UPDATE");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            for (int from = 0; from < ids.size(); from += CELLS_PER_LOOKUP) {
                List<String> part = ids.subList(from, Math.min(ids.size(), from + CELLS_PER_LOOKUP));
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + list + " WHERE response_id IN ("
                        + String.join(", ", Collections.nCopies(part.size(), "?")) + ")")) {
                    for (int i = 0; i < part.size(); i++) {
                        ps.setString(i + 1, part.get(i));
                    }
                    ps.executeUpdate();
                }
            }
        }
        List<RollupCells.Facts> claimed = factsOf(c, ids, List.of());
        Map<String, RollupCells.Layout> layouts = new HashMap<>();
        for (RollupCells.Facts f : claimed) {
            RollupCells.Layout layout = layout(c, layouts, f);
            for (int level = 0; level < LEVELS; level++) {
                if (into[level] != null) {
                    into[level].add(layout, f, 1, level);
                }
            }
        }
        return claimed.size();
    }

    /**
     * Adds merged sums to the compacted rows of every level: merged into the rows of their cells,
     * or, for the cells of saved rows ({@code appendCells}), appended beside them. Partial rows (what
     * erasures and draft replacements took out) are always merged, so an erased response's cell
     * keeps no trace of it once compacted.
     */
    private void mergeIntoCompacted(Connection c, RollupCells[] levels, boolean appendCells) throws SQLException {
        if (appendCells && levels[0] != null) {
            // saved rows' cells are appended: a slice's rows of a cell sit beside the earlier
            // slices' rows, which reads sum (a cell gets at most one row per code and slice; partial
            // rows and the rebuild merge them). The cells are nearly as many as the responses, so
            // merging them in place would rewrite about as many rows as it adds, where the coarser
            // levels rewrite a few rows per bucket
            writeCompacted(c, levels[0], 0);
        }
        for (int level = appendCells ? 1 : firstLevel(); level < LEVELS; level++) {
            RollupCells at = levels[level];
            Set<Long> unique = new HashSet<>();
            for (RollupCells.Cell cell : at.cells().keySet()) {
                unique.add(hash(cell, level));
            }
            List<Long> hashes = new ArrayList<>(unique);
            Collections.sort(hashes);
            for (int from = 0; from < hashes.size(); from += CELLS_PER_LOOKUP) {
                List<Long> part = hashes.subList(from, Math.min(hashes.size(), from + CELLS_PER_LOOKUP));
                deleteReturning(c, tables.table("rollup"), " WHERE cell IN (" + String.join(", ",
                        Collections.nCopies(part.size(), "?")) + ") AND rollup_level = " + level, new ArrayList<>(part), at);
            }
            writeCompacted(c, at, level);
        }
    }

    /** Inserts compacted rows of a level: every (cell, code) with a non-zero count. */
    private void writeCompacted(Connection c, RollupCells merged, int level) throws SQLException {
        List<Object[]> rows = new ArrayList<>(merged.entries());
        merged.cells().forEach((cell, codes) -> {
            long hash = hash(cell, level);
            codes.forEach((code, s) -> {
                if (s.n != 0) {
                    rows.add(row(hash, cell, code, s, level));
                }
            });
        });
        insert(c, tables.table("rollup"), true, rows);
    }

    /**
     * Deletes rows and adds exactly the deleted rows to {@code into}, in one statement.
     *
     * @return the rows deleted
     */
    private long deleteReturning(Connection c, String table, String where, List<Object> parameters, RollupCells into)
            throws SQLException {
        String columns = KEY_COLUMNS + ", " + VALUE_COLUMNS;
        String sql = dialect == Dialect.H2 ? "SELECT " + columns + " FROM OLD TABLE (DELETE FROM " + table + where + ")"
                : "DELETE FROM " + table + where + " RETURNING " + columns;
        long rows = 0;
        try (PreparedStatement ps = oneShot(c.prepareStatement(sql))) {
            for (int i = 0; i < parameters.size(); i++) {
                ps.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    into.add(cell(rs, 1), rs.getLong(10), sums(rs, 11));
                    rows++;
                }
            }
        }
        return rows;
    }

    /** Reads a cell from the 9 {@link #KEY_COLUMNS} starting at a column. */
    static RollupCells.Cell cell(ResultSet rs, int first) throws SQLException {
        int i = first;
        String id = rs.getString(i++);
        String version = rs.getString(i++);
        String status = rs.getString(i++);
        String agency = rs.getString(i++);
        String service = rs.getString(i++);
        String channel = rs.getString(i++);
        String province = rs.getString(i++);
        int period = rs.getInt(i++);
        Integer periodBucket = rs.wasNull() ? null : period;
        int submitted = rs.getInt(i);
        Integer submittedBucket = rs.wasNull() ? null : submitted;
        return new RollupCells.Cell(id, version, status, agency, service, channel, province, periodBucket, submittedBucket);
    }

    /** Reads n, positive_n and the six sums starting at a column. */
    static RollupCells.Sums sums(ResultSet rs, int first) throws SQLException {
        RollupCells.Sums s = new RollupCells.Sums();
        s.n = rs.getLong(first);
        s.positive = rs.getLong(first + 1);
        s.w = rs.getDouble(first + 2);
        s.w2 = rs.getDouble(first + 3);
        s.wy = rs.getDouble(first + 4);
        s.wy2 = rs.getDouble(first + 5);
        s.w2y = rs.getDouble(first + 6);
        s.w2y2 = rs.getDouble(first + 7);
        return s;
    }

    /**
     * A 64-bit hash of a cell's key at a level (the first 8 bytes of a SHA-256 of the level and the
     * key's fields, null distinct from any text).
     */
    static long hash(RollupCells.Cell cell, int level) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
        Object[] fields = {level, cell.instrumentId(), cell.version(), cell.status(), cell.agency(), cell.service(),
            cell.channel(), cell.province(), cell.periodBucket(), cell.submittedBucket()};
        for (Object f : fields) {
            if (f == null) {
                sha.update((byte) 0);
            } else {
                sha.update((byte) 1);
                sha.update(f.toString().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
        }
        byte[] d = sha.digest();
        long h = 0;
        for (int i = 0; i < 8; i++) {
            h = (h << 8) | (d[i] & 0xFF);
        }
        return h;
    }

    // ---------------------------------------------------------------------------------- rebuild

    /**
     * Recomputes the rollup from the stored rows and compares it with what it held. Writers wait
     * meanwhile: on PostgreSQL the response table is locked in share mode, on MariaDB every row read
     * is (share locks with their gaps), on H2 this store's own writes wait.
     *
     * @return what was found
     */
    RollupRebuild rebuild() {
        String op = "rebuild rollup " + options.namespace().qualifier();
        writers.writeLock().lock();
        try (Connection read = dataSource.getConnection(); Connection write = dataSource.getConnection()) {
            boolean readAuto = read.getAutoCommit();
            boolean writeAuto = write.getAutoCommit();
            read.setAutoCommit(false);
            write.setAutoCommit(false);
            try {
                checked = false;
                State before = state(write, true);
                // the rows stay as they are until the rollup is committed
                if (dialect == Dialect.POSTGRESQL) {
                    try (Statement s = read.createStatement()) {
                        s.execute("LOCK TABLE " + tables.table("response") + " IN SHARE MODE");
                    }
                }
                // the partial rows only: pending rows stay pending, and the rebuild counts the others
                compactDeltaIn(write);
                RollupRebuild result = rebuildIn(read, write, before.stale());
                try (PreparedStatement ps = write.prepareStatement("UPDATE " + tables.table("rollup_state")
                        + " SET bucket = ?, zone = ?, stale = " + bool(!options.maintainRollup()) + " WHERE id = 1")) {
                    ps.setString(1, bucketTag());
                    ps.setString(2, options.rollupZone().getId());
                    ps.executeUpdate();
                }
                write.commit();
                read.commit();
                checked = true;
                chunksSinceCompaction.set(0);
                return result;
            } catch (SQLException | RuntimeException e) {
                Jdbc.rollbackQuietly(write, e);
                Jdbc.rollbackQuietly(read, e);
                throw e;
            } finally {
                write.setAutoCommit(writeAuto);
                read.setAutoCommit(readAuto);
            }
        } catch (SQLException e) {
            throw new SurveyStoreException(op + ": database error", e);
        } finally {
            writers.writeLock().unlock();
        }
    }

    /** A group of the rebuild: the rows of one instrument version in one period bucket. */
    private record Group(String instrumentId, String version, Integer periodBucket) {
    }

    private RollupRebuild rebuildIn(Connection read, Connection write, boolean wasStale) throws SQLException {
        long responses = 0;
        long written = 0;
        List<String> differences = new ArrayList<>();
        Set<Group> seen = new HashSet<>();
        Map<String, RollupCells.Layout> layouts = new HashMap<>();
        RollupCells fresh = cells();
        Group current = null;
        String order = " ORDER BY r.instrument_id, r.instrument_version, COALESCE(r.transaction_at, r.submitted_at)";
        String lock = dialect == Dialect.MARIADB ? " LOCK IN SHARE MODE" : "";
        try (PreparedStatement ps = read.prepareStatement("SELECT " + FACT_COLUMNS + " FROM " + tables.table("response")
                + " r WHERE NOT EXISTS (SELECT 1 FROM " + tables.table("rollup_pending") + " p WHERE p.response_id"
                + " = r.response_id)" + order + lock)) {
            ps.setFetchSize(options.fetchSize());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    RollupCells.Facts f = facts(rs, 1);
                    Instant grouped = f.transaction() != null ? f.transaction() : f.submitted();
                    Group g = new Group(f.instrumentId(), f.version(),
                            RollupCells.bucketOf(grouped, options.rollupBucket(), options.rollupZone()));
                    if (!g.equals(current)) {
                        if (current != null) {
                            written += replaceGroup(write, current, fresh, differences);
                        }
                        current = g;
                        seen.add(g);
                    }
                    fresh.add(layout(write, layouts, f), f, 1);
                    responses++;
                }
            }
        }
        if (current != null) {
            written += replaceGroup(write, current, fresh, differences);
        }
        // the pending rows count themselves: every read adds them, the next compaction merges them
        try (Statement s = read.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM "
                + tables.table("rollup_pending") + " p JOIN " + tables.table("response") + " r ON r.response_id = p.response_id")) {
            rs.next();
            responses += rs.getLong(1);
        }
        // compacted rows of groups without any stored row
        List<Group> left = new ArrayList<>();
        try (Statement s = write.createStatement(); ResultSet rs = s.executeQuery("SELECT DISTINCT instrument_id,"
                + " instrument_version, period_bucket FROM " + tables.table("rollup"))) {
            while (rs.next()) {
                int b = rs.getInt(3);
                Group g = new Group(rs.getString(1), rs.getString(2), rs.wasNull() ? null : b);
                if (!seen.contains(g)) {
                    left.add(g);
                }
            }
        }
        for (Group g : left) {
            replaceGroup(write, g, cells(), differences);
        }
        return new RollupRebuild(responses, written, wasStale, differences.isEmpty(), differences);
    }

    /**
     * Replaces a group's compacted rows by the recomputed ones, noting where they differ.
     *
     * @return the rows written
     */
    private long replaceGroup(Connection write, Group g, RollupCells fresh, List<String> differences) throws SQLException {
        String where = " WHERE instrument_id = ? AND instrument_version = ? AND period_bucket "
                + (g.periodBucket() == null ? "IS NULL" : "= ?");
        List<Object> params = new ArrayList<>(List.of(g.instrumentId(), g.version()));
        if (g.periodBucket() != null) {
            params.add(g.periodBucket());
        }
        RollupCells[] levels = levels(fresh);
        for (int level = 0; level < LEVELS; level++) {
            // level 0 left by a store that kept the cells, when this one does not, is dropped
            RollupCells old = cells();
            deleteReturning(write, tables.table("rollup"), where + " AND rollup_level = " + level, params, old);
            if (levels[level] != null) {
                compare(g, level, old, levels[level], differences);
            }
        }
        long rows = 0;
        for (int level = firstLevel(); level < LEVELS; level++) {
            for (Map<Long, RollupCells.Sums> codes : levels[level].cells().values()) {
                rows += codes.values().stream().filter(s -> s.n != 0).count();
            }
            writeCompacted(write, levels[level], level);
        }
        fresh.clear();
        return rows;
    }

    private static void compare(Group g, int level, RollupCells old, RollupCells fresh, List<String> differences) {
        Set<RollupCells.Cell> cells = new HashSet<>(old.cells().keySet());
        cells.addAll(fresh.cells().keySet());
        RollupCells.Sums zero = new RollupCells.Sums();
        for (RollupCells.Cell cell : cells) {
            Map<Long, RollupCells.Sums> a = old.cells().getOrDefault(cell, Map.of());
            Map<Long, RollupCells.Sums> b = fresh.cells().getOrDefault(cell, Map.of());
            Set<Long> codes = new HashSet<>(a.keySet());
            codes.addAll(b.keySet());
            for (long code : codes) {
                RollupCells.Sums x = a.getOrDefault(code, zero);
                RollupCells.Sums y = b.getOrDefault(code, zero);
                if (!x.sameCounts(y) || !x.sameSums(y, SUM_TOLERANCE)) {
                    if (differences.size() < 20) {
                        differences.add("instrument " + g.instrumentId() + " version " + g.version() + ", period bucket "
                                + g.periodBucket() + ", level " + level + ", code " + code + ": rollup n " + x.n + ", rows n " + y.n);
                    }
                    return;
                }
            }
        }
    }
}
