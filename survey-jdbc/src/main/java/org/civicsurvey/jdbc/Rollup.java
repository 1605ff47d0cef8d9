package org.civicsurvey.jdbc;

import java.io.IOException;
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
import java.util.BitSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import javax.sql.DataSource;
import org.civicsurvey.model.Instrument;

/**
 * Keeps the rollup tables (schema version 10): appends partial rows in the caller's transaction,
 * compacts them, rebuilds the rollup from the stored rows, and reads its state. Reading statistics
 * from it is {@link RollupRead}.
 *
 * <p><b>Why exact under concurrency.</b> Saves, erasures and draft replacements add what they
 * change to the cells of the kept levels but the agency's and none in Java ({@link Contributions}) and
 * append one partial row per cell to {@code rollup_delta} (the agency's and none's changes are the
 * sums of the services' and the provinces' rows: {@link #partialSource}), in the transaction that changes the response rows, so a
 * rollback takes both back and no two writers ever update the same rollup row. Compaction holds the
 * one row of {@code rollup_state} locked (so compactions and rebuilds run one at a time), deletes
 * the delta rows it reads in one statement ({@code DELETE ... RETURNING}: exactly the rows it sums,
 * whatever commits meanwhile), deletes the compacted rows of the cells they touch the same way, and
 * inserts the sums; a reader sums both tables in one statement, so it sees every committed change
 * exactly once. A row holds all codes of its cell packed in one value ({@link CodeSums#pack()}): a
 * saved chunk appends a few rows per bucket and level, not one per response.
 *
 * <p><b>Held chunks.</b> A batch save's chunk draws a random id and writes it, with each row's place
 * in the chunk, on its partial rows. Once the chunk is committed, this store keeps its rows' sums
 * ({@link #committed(Contributions)}, up to {@link #HELD_BYTES}); a compaction deletes the rows of
 * the chunks it holds by id and merges the sums it holds, checking that exactly the chunk's rows were
 * deleted, and reads back only the other rows. A chunk whose rows do not match (a second chunk that
 * drew the same id) makes the compaction drop what it holds and read every row back.
 */
final class Rollup {

    private static final System.Logger LOG = System.getLogger(Rollup.class.getName());

    /** The key columns of both rollup tables. */
    static final String KEY_COLUMNS = "instrument_id, instrument_version, status, agency, service, channel, province, "
            + "period_bucket, submitted_bucket";
    /** The value columns of both rollup tables: the level, and the cell's codes and sums, packed. */
    static final String VALUE_COLUMNS = "rollup_level, sums";
    /** The response columns a rollup contribution is computed from, see {@link #facts(ResultSet, int)}. */
    static final String FACT_COLUMNS = "r.instrument_id, r.instrument_version, r.status, r.agency, r.service, r.channel, "
            + "r.province, r.submitted_at, r.transaction_at, r.weight, r.answer_values, r.answer_status";
    private static final int ROWS_PER_STATEMENT = 100;
    /**
     * Partial rows (cells) a compaction reads and merges at a time, without cross-products: a slice
     * rewrites the compacted rows of every cell it touches, so a slice takes in what the automatic
     * compaction finds (16 chunks of a few hundred cells) at once. A row is a few kilobytes.
     */
    private static final int COMPACTION_SLICE = 10_000;
    /** The same with cross-products, whose rows hold every pair of answers (up to a few hundred kilobytes). */
    private static final int COMPACTION_SLICE_PAIRS = 500;
    private static final int CELLS_PER_LOOKUP = 500;
    /** Relative tolerance of a rebuild's comparison of weight sums. */
    private static final double SUM_TOLERANCE = 1e-9;

    private final DataSource dataSource;
    private final Dialect dialect;
    private final StoreOptions options;
    private final Tables tables;
    private final InstrumentRepository instruments;
    /**
     * Chunks and single saves committed since the last compaction started: one is due once they
     * reach {@link StoreOptions#rollupCompactionChunks()}.
     */
    private final AtomicLong pendingChunks = new AtomicLong();
    /**
     * Bytes of partial rows a store holds for its compactions at most: about a hundred chunks of
     * 2,000 SIPAS responses; past it, chunks are read back like other stores'.
     */
    static final long HELD_BYTES = 32L << 20;
    /** Chunks a store holds at most, so that a compaction names them in one statement. */
    static final int HELD_CHUNKS = 1024;
    /** The partial rows of chunks this store committed and no compaction has merged, by chunk id. */
    private final Map<Long, Held> held = new ConcurrentHashMap<>();
    private final AtomicLong heldBytes = new AtomicLong();
    /** Partial rows compactions merged from what this store held rather than reading them back. */
    private final AtomicLong heldRowsMerged = new AtomicLong();

    /**
     * A committed chunk's partial rows ({@link #row}, with its id and their places).
     *
     * @param rows the rows
     * @param bytes their packed sums' bytes
     */
    private record Held(List<Object[]> rows, long bytes) {
    }
    /** Whether an automatic compaction is running. */
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
        return new RollupCells.Cell(c.instrumentId(), c.version(), c.status(), keepsAgency(level) ? c.agency() : null,
                keepsService(level) ? c.service() : null, keepsChannel(level) ? c.channel() : null,
                keepsProvince(level) ? c.province() : null, c.periodBucket(), c.submittedBucket());
    }

    /** @return whether a level's cells keep the agency ({@link #levelOf}) */
    static boolean keepsAgency(int level) {
        return level == 0 || level == LEVEL_AGENCY || level == LEVEL_SERVICE;
    }

    /** @return whether a level's cells keep the service */
    static boolean keepsService(int level) {
        return level == 0 || level == LEVEL_SERVICE;
    }

    /** @return whether a level's cells keep the channel */
    static boolean keepsChannel(int level) {
        return level == 0 || level == LEVEL_CHANNEL;
    }

    /** @return whether a level's cells keep the province */
    static boolean keepsProvince(int level) {
        return level == 0 || level == LEVEL_PROVINCE;
    }

    /** @return the first level kept: 0 with {@link StoreOptions#rollupCells()}, else 1 */
    int firstLevel() {
        return options.rollupCells() ? 0 : 1;
    }

    /** @return the levels kept, finest first */
    int[] keptLevels() {
        int[] out = new int[LEVELS - firstLevel()];
        for (int i = 0; i < out.length; i++) {
            out[i] = firstLevel() + i;
        }
        return out;
    }

    /** @return an empty gathering of what a change adds to or takes from every kept level */
    Contributions contributions() {
        return new Contributions(this);
    }

    /**
     * What a change of stored rows adds to (saved rows) and takes from (erased or replaced rows)
     * the cells of every level the rollup keeps, gathered in Java and appended by {@link
     * #append(Connection, Contributions)} as partial rows, one per cell and level.
     */
    static final class Contributions {
        private final int[] levels;
        private final RollupCells[] cells;
        private final Map<String, RollupCells.Layout> layouts = new HashMap<>();
        /** The instrument of the last row inserted, and its layout. */
        private Instrument lastInstrument;
        private RollupCells.Layout lastLayout;
        /** Ids of inserted rows whose stored times decide their buckets: added from the rows when appended. */
        private final List<String> fromRows = new ArrayList<>();

        private final Rollup rollup;
        /** The rows inserted ({@link #inserted}), gathered densely until {@link #gathered()} is asked for. */
        private DenseCells dense;

        /**
         * The levels summed response by response: every kept level but the agency's and none,
         * which are sums of the service's level (it keeps the agency) and of the province's.
         */
        private Contributions(Rollup rollup) {
            this.rollup = rollup;
            levels = java.util.Arrays.stream(rollup.keptLevels())
                    .filter(l -> l != LEVEL_AGENCY && l != LEVEL_NONE).toArray();
            cells = new RollupCells[levels.length];
            for (int i = 0; i < levels.length; i++) {
                cells[i] = rollup.cells();
            }
            dense = new DenseCells(levels);
        }

        /**
         * Everything gathered, per level in {@link #levels}' order: the rows inserted added to what
         * {@link #add} gathered.
         *
         * @return per level its cells
         */
        RollupCells[] gathered() {
            if (!dense.isEmpty()) {
                dense.addTo(cells);
                dense = new DenseCells(levels);
            }
            return cells;
        }

        /**
         * The sums at every level kept, the agency's and none summed from the service's and the
         * province's here (without changing what was gathered).
         *
         * @return per level its sums, by level number (null where a level is not kept)
         */
        RollupCells[] byLevel() {
            RollupCells[] gathered = gathered();
            RollupCells[] out = new RollupCells[LEVELS];
            for (int i = 0; i < levels.length; i++) {
                out[levels[i]] = gathered[i];
            }
            out[LEVEL_AGENCY] = rollup.project(out[LEVEL_SERVICE], LEVEL_AGENCY);
            out[LEVEL_NONE] = rollup.project(out[LEVEL_PROVINCE], LEVEL_NONE);
            return out;
        }

        /**
         * Adds (sign 1) or subtracts (sign −1) a stored row's contribution.
         *
         * @param layout the row's instrument layout
         * @param f its facts
         * @param sign 1 or −1
         */
        void add(RollupCells.Layout layout, RollupCells.Facts f, int sign) {
            RollupCells.addAtLevels(cells, levels, layout, f, sign);
        }

        /**
         * Adds a row being inserted in this transaction.
         *
         * @param row the encoded row
         * @param instrument its instrument version
         */
        void inserted(ResponseRows.Row row, Instrument instrument) {
            RollupCells.Facts f = cells[0].factsOf(row, instrument);
            if (f == null) {
                fromRows.add(row.response().id());
                return;
            }
            RollupCells.Layout layout = lastInstrument == instrument ? lastLayout : null;
            if (layout == null) {
                String key = instrument.id() + "\u0000" + instrument.version();
                layout = layouts.get(key);
                if (layout == null) {
                    layout = RollupCells.Layout.of(instrument);
                    layouts.put(key, layout);
                }
                lastInstrument = instrument;
                lastLayout = layout;
                for (RollupCells c : cells) {
                    // a rating question's answers fall on a few codes: its scale points and exclusions
                    c.expectCodes(1 + layout.positions().length * 8);
                }
            }
            dense.add(cells[0].coded(layout, f));
        }

        /** The partial rows of what was gathered, when every row's facts were known ({@link #seal}); else null. */
        private List<Object[]> sealedRows;
        /** The chunk id on {@link #sealedRows}, 0 when none. */
        private long chunkId;
        /** The bytes of the packed sums of {@link #sealedRows}. */
        private long sealedBytes;
        /** Whether a transaction appended {@link #sealedRows} ({@link #append}); read once it committed. */
        private volatile boolean appendedSealed;
        /** Those rows as binary {@code COPY} data, when the store copies; else null. */
        private byte[] sealedCopy;

        /**
         * Packs the partial rows of what was gathered, on the thread that prepares a chunk, so that
         * the writing thread only sends them; nothing when some row's facts must be read back from
         * the database ({@link #inserted}). Gathering after this is not allowed.
         */
        void seal() {
            if (!fromRows.isEmpty()) {
                return;
            }
            sealedRows = rollup.partialRows(this);
            if (sealedRows.isEmpty()) {
                return;
            }
            // any id but 0 (none): ids drawn alike by two chunks are told apart by their row counts
            do {
                chunkId = java.util.concurrent.ThreadLocalRandom.current().nextLong();
            } while (chunkId == 0);
            for (int part = 0; part < sealedRows.size(); part++) {
                Object[] row = sealedRows.get(part);
                row[CHUNK_ID] = chunkId;
                row[CHUNK_PART] = part;
                sealedBytes += ((byte[]) row[SUMS]).length;
            }
            if (rollup.tables.copies()) {
                sealedCopy = binaryCopy(sealedRows, 1, DELTA_FIELDS);
            }
        }

        /** @return whether nothing was gathered */
        boolean isEmpty() {
            if (!fromRows.isEmpty()) {
                return false;
            }
            for (RollupCells c : cells) {
                if (!c.isEmpty()) {
                    return false;
                }
            }
            return dense.isEmpty();
        }
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
     * it (and then takes its contribution out, see {@link #subtract}).
     *
     * @param c the connection, in the change's transaction
     * @param responseId the id
     * @param condition extra condition on {@code r}, or empty
     * @return the row's facts, or null when no such row
     * @throws SQLException from the driver
     */
    RollupCells.Facts lockFacts(Connection c, String responseId, String condition) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + FACT_COLUMNS + " FROM "
                + tables.table("response") + " r WHERE r.response_id = ?" + condition + " FOR UPDATE")) {
            ps.setString(1, responseId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? facts(rs, 1) : null;
            }
        }
    }

    /**
     * Takes a stored row's contribution out of the rollup, in the caller's transaction that removes
     * the row: a negative partial row per kept level.
     *
     * @param c the connection
     * @param f the row's facts, as {@link #lockFacts} read them
     * @throws SQLException from the driver
     */
    void subtract(Connection c, RollupCells.Facts f) throws SQLException {
        Contributions out = contributions();
        out.add(layout(c, f.instrumentId(), f.version()), f, -1);
        append(c, out);
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
    List<RollupCells.Facts> factsOf(Connection c, List<String> ids, List<String> version) throws SQLException {
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
     * The contributions of the stored rows a filter selects: the finest cells,
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
                values, statuses, null);
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
     * Appends partial rows, one per cell and kept level, in the caller's transaction: what {@code
     * change} gathered, and what the inserted rows it names by id contribute as stored.
     *
     * @param c the connection
     * @param change the contributions (not changed here, so a chunk written again appends the same)
     * @throws SQLException from the driver
     */
    void append(Connection c, Contributions change) throws SQLException {
        Contributions all = change;
        if (!change.fromRows.isEmpty()) {
            all = contributions();
            Map<String, RollupCells.Layout> layouts = new HashMap<>();
            for (RollupCells.Facts f : factsOf(c, change.fromRows, List.of())) {
                all.add(layout(c, layouts, f), f, 1);
            }
            RollupCells[] changed = change.gathered();
            for (int i = 0; i < all.cells.length; i++) {
                all.cells[i].addAll(changed[i]);
            }
        }
        if (all.sealedRows != null) {
            insert(c, tables.table("rollup_delta"), false, all.sealedRows, all.sealedCopy);
            all.appendedSealed = true;
            return;
        }
        insert(c, tables.table("rollup_delta"), false, partialRows(all), null);
    }

    /**
     * The partial rows of gathered sums: one per cell and level, its codes packed, at the levels
     * partial rows are kept at ({@link #partialSource}).
     */
    private List<Object[]> partialRows(Contributions change) {
        List<Object[]> rows = new ArrayList<>();
        boolean onlyInserted = true;
        for (RollupCells c : change.cells) {
            onlyInserted &= c.isEmpty();
        }
        if (onlyInserted) {
            // rows inserted only (a saved chunk): packed straight from their dense sums
            change.dense.forEach((level, cell, sums) -> rows.add(row(null, cell, level, CodeSums.pack(sums, false))));
            return rows;
        }
        RollupCells[] gathered = change.gathered();
        for (int i = 0; i < change.levels.length; i++) {
            int level = change.levels[i];
            gathered[i].cells().forEach((cell, codes) -> rows.add(row(null, cell, level, codes.pack())));
        }
        return rows;
    }

    /**
     * The level whose partial rows hold a level's changes since the last compaction: the agency's
     * are in its services' rows and those of the level without a dimension in the provinces', which
     * a compaction and a read sum; every other level keeps its own.
     *
     * @param level a kept level
     * @return the level of its partial rows
     */
    static int partialSource(int level) {
        return level == LEVEL_AGENCY ? LEVEL_SERVICE : level == LEVEL_NONE ? LEVEL_PROVINCE : level;
    }

    /**
     * Sums cells of one level into the cells of a coarser one.
     *
     * @param from the cells
     * @param level the coarser level
     * @return the sums at that level
     */
    RollupCells project(RollupCells from, int level) {
        RollupCells out = cells();
        out.expectCodes(from.largestCell());
        from.cells().forEach((cell, codes) -> out.addCell(levelOf(cell, level), codes));
        return out;
    }

    /** Fields of {@link #row}: the level, the packed sums, and a partial row's chunk id and place. */
    private static final int LEVEL = 10;
    private static final int SUMS = 11;
    private static final int CHUNK_ID = 12;
    private static final int CHUNK_PART = 13;
    /** The fields a compacted row writes (from 0, the cell hash) and a partial row (from 1). */
    private static final int COMPACTED_FIELDS = 12;
    private static final int DELTA_FIELDS = 14;

    /**
     * A rollup row: the cell hash (compacted rows), the 9 key fields, the level, the packed sums, and
     * for partial rows of a saved chunk its id and the row's place among the chunk's rows (null
     * otherwise).
     */
    private static Object[] row(Long hash, RollupCells.Cell cell, int level, byte[] packed) {
        return new Object[] {hash, cell.instrumentId(), cell.version(), cell.status(), cell.agency(), cell.service(),
            cell.channel(), cell.province(), cell.periodBucket(), cell.submittedBucket(), level, packed, null, null};
    }

    /** The cell of a {@link #row}. */
    private static RollupCells.Cell cellOf(Object[] row) {
        return new RollupCells.Cell((String) row[1], (String) row[2], (String) row[3], (String) row[4], (String) row[5],
                (String) row[6], (String) row[7], (Integer) row[8], (Integer) row[9]);
    }

    /** Inserts rows of {@link #row} (with the cell hash when {@code compacted}). */
    private void insert(Connection c, String table, boolean compacted, List<Object[]> rows, byte[] copy)
            throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        String columns = (compacted ? "cell, " : "") + KEY_COLUMNS + ", " + VALUE_COLUMNS
                + (compacted ? "" : ", chunk_id, chunk_part");
        int first = compacted ? 0 : 1;
        int end = compacted ? COMPACTED_FIELDS : DELTA_FIELDS;
        int width = end - first;
        if (tables.copies()) {
            org.postgresql.copy.CopyManager manager = PgCopy.manager(c);
            if (manager != null) {
                PgCopy.copy(manager, table, columns, copy != null ? copy : binaryCopy(rows, first, end));
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

    /**
     * Rows of {@link #row} from field {@code first} on in PostgreSQL's binary {@code COPY} format:
     * the cell hash as {@code int8}, texts as UTF-8, the buckets as {@code int4}, the level as
     * {@code int2}, the packed sums as {@code bytea}, the chunk id as {@code int8} and the row's
     * place in the chunk as {@code int4}.
     */
    private static byte[] binaryCopy(List<Object[]> rows, int first, int end) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(rows.size() * 3_000 + 64);
        java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
        try {
            out.write(CopyRow.HEADER);
            for (Object[] row : rows) {
                out.writeShort(end - first);
                for (int k = first; k < end; k++) {
                    Object v = row[k];
                    if (v == null) {
                        out.writeInt(-1);
                    } else if (k == 0 || k == CHUNK_ID) {
                        out.writeInt(8);
                        out.writeLong((Long) v);
                    } else if (k == 8 || k == 9 || k == CHUNK_PART) {
                        out.writeInt(4);
                        out.writeInt((Integer) v);
                    } else if (k == LEVEL) {
                        out.writeInt(2);
                        out.writeShort((Integer) v);
                    } else if (v instanceof byte[]) {
                        byte[] b = (byte[]) v;
                        out.writeInt(b.length);
                        out.write(b);
                    } else {
                        byte[] b = ((String) v).getBytes(StandardCharsets.UTF_8);
                        out.writeInt(b.length);
                        out.write(b);
                    }
                }
            }
            out.write(CopyRow.TRAILER);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void bind(PreparedStatement ps, int p, Object value, int field) throws SQLException {
        if (value == null) {
            ps.setNull(p, field == 8 || field == 9 || field == CHUNK_PART ? java.sql.Types.INTEGER
                    : field == CHUNK_ID ? java.sql.Types.BIGINT : java.sql.Types.VARCHAR);
        } else if (value instanceof String) {
            ps.setString(p, (String) value);
        } else if (value instanceof Integer) {
            ps.setInt(p, (Integer) value);
        } else if (value instanceof Long) {
            ps.setLong(p, (Long) value);
        } else {
            ps.setBytes(p, (byte[]) value);
        }
    }

    /**
     * Counts a committed chunk ({@link #committed()}) and, when its transaction appended its partial
     * rows with its chunk id ({@link Contributions#seal}), holds them for the next compaction while
     * the store holds fewer than {@link #HELD_CHUNKS} chunks and {@link #HELD_BYTES} bytes.
     *
     * @param appended the chunk's contributions, or null
     */
    void committed(Contributions appended) {
        if (appended != null && appended.appendedSealed && appended.chunkId != 0 && held.size() < HELD_CHUNKS) {
            Held h = new Held(appended.sealedRows, appended.sealedBytes);
            if (heldBytes.addAndGet(h.bytes()) > HELD_BYTES) {
                heldBytes.addAndGet(-h.bytes());
            } else {
                Held previous = held.putIfAbsent(appended.chunkId, h);
                if (previous != null) {
                    // two chunks drew one id: neither is held, both are read back
                    if (held.remove(appended.chunkId, previous)) {
                        heldBytes.addAndGet(-previous.bytes());
                    }
                    heldBytes.addAndGet(-h.bytes());
                }
            }
        }
        committed();
    }

    /**
     * Counts a committed chunk or single save. Once {@link StoreOptions#rollupCompactionChunks()}
     * have been committed since the last compaction started, one is due: started here on a thread
     * of its own (a daemon; one at a time) when {@link StoreOptions#rollupCompactionInBackground()},
     * which first waits for the store's saves to pause ({@link #awaitPause}), else run by {@link
     * #compactIfDue()} when the saving thread is done with its save or batch.
     */
    void committed() {
        if (!options.maintainRollup()) {
            return;
        }
        if (pendingChunks.incrementAndGet() >= options.rollupCompactionChunks()
                && options.rollupCompactionInBackground() && compacting.compareAndSet(false, true)) {
            Thread t = new Thread(() -> {
                awaitPause();
                compactDue();
            }, "civicsurvey-rollup-compaction");
            t.setDaemon(true);
            t.start();
        }
    }

    /** The longest a background compaction waits for the store's saves to pause. */
    static final long PAUSE_WAIT_MS = 10_000;

    /**
     * Before a background compaction: waits while a save or batch of this store is running, so
     * that the compaction does not take the processors from it (on a few cores the two compete), but
     * no longer than {@link #PAUSE_WAIT_MS}, and not once twice {@link
     * StoreOptions#rollupCompactionChunks()} are pending: a long batch still compacts as it goes.
     */
    private void awaitPause() {
        long deadline = System.nanoTime() + PAUSE_WAIT_MS * 1_000_000L;
        long most = 2L * options.rollupCompactionChunks();
        while (writers.getReadLockCount() > 0 && pendingChunks.get() < most && System.nanoTime() < deadline) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Runs the automatic compaction on the calling thread when one is due and none is running, and
     * compactions are not left to a thread of their own. Called by a save or batch after its last
     * commit and its locks are released: its results are final whatever happens here.
     */
    void compactIfDue() {
        if (!options.rollupCompactionInBackground() && pendingChunks.get() >= options.rollupCompactionChunks()
                && compacting.compareAndSet(false, true)) {
            compactDue();
        }
    }

    /**
     * The automatic compaction, with {@link #compacting} held. It never touches the saves, which
     * are committed: a failure is logged, and the next compaction merges what this one left.
     */
    private void compactDue() {
        try {
            compact();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "automatic rollup compaction of " + options.namespace().qualifier()
                    + " failed; the partial rows stay and the next compaction merges them", e);
        } finally {
            compacting.set(false);
        }
    }

    // -------------------------------------------------------------------------------- compaction

    /**
     * Merges every committed partial row into the compacted rows, a slice at a time, each slice in a
     * transaction of its own: its partial rows are deleted and their sums added to the compacted
     * rows together, so every slice is exact on its own, memory stays bounded however many rows
     * have accumulated, and a writer never waits for more than one slice's merge.
     *
     * @return the partial rows merged
     */
    long compact() {
        // what is committed now is merged here: the count towards the next automatic one starts again
        pendingChunks.set(0);
        String op = "compact rollup " + options.namespace().qualifier();
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            int isolation = c.getTransactionIsolation();
            c.setAutoCommit(false);
            if (dialect == Dialect.MARIADB) {
                // no gap locks: writers appending partial rows never wait for a compaction
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
            long total = 0;
            boolean useHeld = true;
            try {
                while (true) {
                    boolean withHeld = useHeld;
                    SliceMerged merged;
                    try {
                        merged = inTransaction(c, op, () -> compactDeltaSlice(c, withHeld));
                    } catch (HeldRowsMismatch e) {
                        // rolled back: this compaction reads every row back
                        LOG.log(System.Logger.Level.WARNING, "rollup compaction of " + options.namespace().qualifier()
                                + ": " + e.getMessage() + "; the rows are read back instead");
                        dropHeld();
                        useHeld = false;
                        continue;
                    }
                    release(merged.chunks());
                    heldRowsMerged.addAndGet(merged.fromHeld());
                    total += merged.readBack() + merged.fromHeld();
                    if (merged.readBack() < compactionSlice()) {
                        break;
                    }
                }
            } finally {
                c.setTransactionIsolation(isolation);
                c.setAutoCommit(autoCommit);
            }
            if (total > 0 && dialect == Dialect.POSTGRESQL) {
                vacuum(c);
            }
            return total;
        } catch (SQLException e) {
            throw new SurveyStoreException(op + ": database error", e);
        }
    }

    /**
     * On PostgreSQL, vacuums the rollup tables after a compaction. The partial rows are a queue:
     * every one is deleted by the next compaction, and until a vacuum the dead rows stay in the
     * table, which every compaction (choosing its slice) and every rollup read scans. Where
     * autovacuum lags or is off, the table grew by megabytes per batch and a compaction's first
     * statement took tens of milliseconds; vacuumed, the emptied table is truncated. Nothing here
     * fails the compaction: without the right to vacuum, PostgreSQL warns and skips, and any other
     * error is logged.
     */
    private void vacuum(Connection c) {
        try {
            boolean autoCommit = c.getAutoCommit();
            // VACUUM runs outside a transaction block
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("VACUUM " + tables.table("rollup_delta"));
                s.execute("VACUUM " + tables.table("rollup"));
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.WARNING, "vacuum of the rollup tables of " + options.namespace().qualifier()
                    + " after a compaction failed; the compaction stands", e);
        }
    }

    /** Work of one compaction transaction. */
    private interface Slice<T> {
        T run() throws SQLException;
    }

    /** Runs a slice with the state row locked, and commits it; retried after a deadlock or a lock timeout. */
    private <T> T inTransaction(Connection c, String op, Slice<T> slice) throws SQLException {
        for (int attempt = 0; ; attempt++) {
            try {
                state(c, true);
                T merged = slice.run();
                c.commit();
                return merged;
            } catch (RuntimeException e) {
                // nothing of the slice may stay: the caller's connection goes back to autocommit
                Jdbc.rollbackQuietly(c, e);
                throw e;
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

    /** @return the partial rows a compaction slice takes */
    private int compactionSlice() {
        return options.rollupCrossProducts() ? COMPACTION_SLICE_PAIRS : COMPACTION_SLICE;
    }

    /**
     * What a compaction slice merged.
     *
     * @param readBack the partial rows read back
     * @param fromHeld the partial rows merged from held chunks
     * @param chunks the ids of the chunks whose rows the slice deleted or found gone
     */
    private record SliceMerged(long readBack, long fromHeld, Set<Long> chunks) {
    }

    /**
     * Deletes and merges one slice of partial rows, in the caller's transaction: first, with {@code
     * useHeld}, every row of the chunks this store holds, merged from what it holds; then up to a
     * slice of the other rows, read back.
     *
     * @param useHeld whether the held chunks are merged from memory
     * @return what it merged
     */
    private SliceMerged compactDeltaSlice(Connection c, boolean useHeld) throws SQLException {
        String delta = tables.table("rollup_delta");
        RollupCells[] merged = new RollupCells[LEVELS];
        for (int level = 0; level < LEVELS; level++) {
            merged[level] = cells();
        }
        Set<Long> done = new HashSet<>();
        long fromHeld = useHeld && !held.isEmpty() ? deleteHeld(c, delta, new HashMap<>(held), merged, done) : 0;
        long partials = deleteSlice(c, delta, merged, done);
        if (partials > 0 || fromHeld > 0) {
            // the agency's and no dimension's changes are in the services' and provinces' partial rows
            merged[LEVEL_AGENCY].addAll(project(merged[LEVEL_SERVICE], LEVEL_AGENCY));
            merged[LEVEL_NONE].addAll(project(merged[LEVEL_PROVINCE], LEVEL_NONE));
            mergeIntoCompacted(c, merged);
        }
        return new SliceMerged(partials, fromHeld, done);
    }

    /** Deletes up to a slice of partial rows, adding their sums to {@code merged}; returns the rows. */
    private long deleteSlice(Connection c, String delta, RollupCells[] merged, Set<Long> chunkIds) throws SQLException {
        String slice;
        List<Object> parameters = List.of();
        switch (dialect) {
            case POSTGRESQL:
                List<String> addresses = addresses(c, delta, "", compactionSlice());
                if (addresses.isEmpty()) {
                    return 0;
                }
                slice = " WHERE ctid = ANY (CAST(? AS tid[]))";
                parameters = List.of(c.createArrayOf("text", addresses.toArray()));
                break;
            case MARIADB:
                slice = " LIMIT " + compactionSlice();
                break;
            default:
                slice = " FETCH FIRST " + compactionSlice() + " ROWS ONLY";
                break;
        }
        return deleteReturning(c, delta, slice, parameters, merged, chunkIds);
    }

    /**
     * Deletes every partial row of held chunks and adds the sums held for them to {@code into}: a
     * returned row must be one of the chunk's, each once, and a chunk found must be found whole
     * (its rows were committed together), else {@link HeldRowsMismatch} rolls the slice back.
     *
     * @return the rows deleted
     */
    private long deleteHeld(Connection c, String delta, Map<Long, Held> mine, RollupCells[] into, Set<Long> done)
            throws SQLException {
        List<Object> ids = new ArrayList<>(mine.keySet());
        String where;
        List<Object> parameters;
        if (dialect == Dialect.POSTGRESQL) {
            where = " WHERE chunk_id = ANY (?)";
            parameters = List.of(c.createArrayOf("bigint", ids.toArray()));
        } else {
            where = " WHERE chunk_id IN (" + String.join(", ", Collections.nCopies(ids.size(), "?")) + ")";
            parameters = ids;
        }
        String sql = dialect == Dialect.H2 ? "SELECT chunk_id, chunk_part FROM OLD TABLE (DELETE FROM " + delta + where + ")"
                : "DELETE FROM " + delta + where + " RETURNING chunk_id, chunk_part";
        Map<Long, BitSet> found = new HashMap<>();
        long rows = 0;
        try (PreparedStatement ps = oneShot(c.prepareStatement(sql))) {
            for (int i = 0; i < parameters.size(); i++) {
                ps.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    int part = rs.getInt(2);
                    Held h = mine.get(id);
                    BitSet parts = found.computeIfAbsent(id, k -> new BitSet());
                    if (h == null || rs.wasNull() || part < 0 || part >= h.rows().size() || parts.get(part)) {
                        throw new HeldRowsMismatch(id);
                    }
                    parts.set(part);
                    Object[] row = h.rows().get(part);
                    int level = (Integer) row[LEVEL];
                    if (level >= 0 && level < LEVELS && into[level] != null) {
                        into[level].addPacked(cellOf(row), (byte[]) row[SUMS]);
                    }
                    rows++;
                }
            }
        }
        for (Map.Entry<Long, BitSet> e : found.entrySet()) {
            if (e.getValue().cardinality() != mine.get(e.getKey()).rows().size()) {
                throw new HeldRowsMismatch(e.getKey());
            }
        }
        // every chunk held is done: its rows were deleted here, or were gone already (merged by
        // another store's compaction or a rebuild)
        done.addAll(mine.keySet());
        return rows;
    }

    /** The rows of a held chunk are not the ones its store committed (another chunk drew the same id). */
    private static final class HeldRowsMismatch extends SQLException {
        private static final long serialVersionUID = 1L;

        HeldRowsMismatch(long chunkId) {
            super("the partial rows of chunk " + chunkId + " are not the rows this store committed");
        }
    }

    /** Stops holding chunks a committed compaction merged or found gone. */
    private void release(Set<Long> done) {
        for (Long id : done) {
            Held h = held.remove(id);
            if (h != null) {
                heldBytes.addAndGet(-h.bytes());
            }
        }
    }

    /** Stops holding every chunk: their rows are read back. */
    private void dropHeld() {
        release(new HashSet<>(held.keySet()));
    }

    /** @return the chunks this store holds for its next compaction */
    int heldChunks() {
        return held.size();
    }

    /** @return the partial rows compactions merged from held chunks rather than reading them back */
    long heldRowsMerged() {
        return heldRowsMerged.get();
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
     * row with every chosen one: minutes for a few hundred thousand rows.
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
        while (compactDeltaSlice(c, false).readBack() == compactionSlice()) {
            // the next slice
        }
    }

    /**
     * Adds merged sums to the compacted rows of every level: the compacted rows of the cells they
     * touch are deleted and written again with the sums added, one row per cell. Sums at a level
     * the rollup does not keep (the cells, left by a store that kept them) are dropped.
     */
    private void mergeIntoCompacted(Connection c, RollupCells[] levels) throws SQLException {
        for (int level = firstLevel(); level < LEVELS; level++) {
            RollupCells at = levels[level];
            if (at.isEmpty()) {
                continue;
            }
            Set<Long> unique = new HashSet<>();
            for (RollupCells.Cell cell : at.cells().keySet()) {
                unique.add(hash(cell, level));
            }
            List<Long> hashes = new ArrayList<>(unique);
            Collections.sort(hashes);
            RollupCells[] into = new RollupCells[LEVELS];
            into[level] = at;
            for (int from = 0; from < hashes.size(); from += CELLS_PER_LOOKUP) {
                List<Long> part = hashes.subList(from, Math.min(hashes.size(), from + CELLS_PER_LOOKUP));
                deleteReturning(c, tables.table("rollup"), " WHERE cell IN (" + String.join(", ",
                        Collections.nCopies(part.size(), "?")) + ") AND rollup_level = " + level, new ArrayList<>(part), into,
                        null);
            }
            writeCompacted(c, at, level);
        }
    }

    /** Inserts compacted rows of a level: one per cell, its codes with a non-zero count; returns the rows written. */
    private long writeCompacted(Connection c, RollupCells merged, int level) throws SQLException {
        List<Object[]> rows = new ArrayList<>(merged.cells().size());
        merged.cells().forEach((cell, sums) -> {
            if (sums.anyCounted()) {
                rows.add(row(hash(cell, level), cell, level, sums.pack(true)));
            }
        });
        insert(c, tables.table("rollup"), true, rows, null);
        return rows.size();
    }

    /**
     * Deletes rows and adds exactly the deleted rows to {@code into}, at each row's level (a level
     * without an element in {@code into} is dropped), in one statement.
     *
     * @param chunkIds null for compacted rows; for partial rows, gets their chunk ids
     * @return the rows deleted
     */
    private long deleteReturning(Connection c, String table, String where, List<Object> parameters, RollupCells[] into,
            Set<Long> chunkIds) throws SQLException {
        String columns = KEY_COLUMNS + ", " + VALUE_COLUMNS + (chunkIds != null ? ", chunk_id" : "");
        String sql = dialect == Dialect.H2 ? "SELECT " + columns + " FROM OLD TABLE (DELETE FROM " + table + where + ")"
                : "DELETE FROM " + table + where + " RETURNING " + columns;
        long rows = 0;
        PreparedStatement statement = c.prepareStatement(sql);
        try (PreparedStatement ps = dialect == Dialect.POSTGRESQL ? PgCopy.binaryResults(statement) : statement) {
            for (int i = 0; i < parameters.size(); i++) {
                ps.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int level = rs.getInt(10);
                    if (level >= 0 && level < LEVELS && into[level] != null) {
                        into[level].addPacked(cell(rs, 1), rs.getBytes(11));
                    }
                    if (chunkIds != null) {
                        long id = rs.getLong(12);
                        if (!rs.wasNull()) {
                            chunkIds.add(id);
                        }
                    }
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
                // the partial rows first, so the compacted rows hold all the rollup counts
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
                pendingChunks.set(0);
                // the partial rows are gone: merged into the rebuilt rows
                dropHeld();
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
        Contributions fresh = contributions();
        Group current = null;
        String order = " ORDER BY r.instrument_id, r.instrument_version, COALESCE(r.transaction_at, r.submitted_at)";
        String lock = dialect == Dialect.MARIADB ? " LOCK IN SHARE MODE" : "";
        try (PreparedStatement ps = read.prepareStatement("SELECT " + FACT_COLUMNS + " FROM " + tables.table("response")
                + " r" + order + lock)) {
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
                            fresh = contributions();
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
            replaceGroup(write, g, contributions(), differences);
        }
        return new RollupRebuild(responses, written, wasStale, differences.isEmpty(), differences);
    }

    /**
     * Replaces a group's compacted rows by the recomputed ones, noting where they differ.
     *
     * @return the rows written
     */
    private long replaceGroup(Connection write, Group g, Contributions fresh, List<String> differences)
            throws SQLException {
        String where = " WHERE instrument_id = ? AND instrument_version = ? AND period_bucket "
                + (g.periodBucket() == null ? "IS NULL" : "= ?");
        List<Object> params = new ArrayList<>(List.of(g.instrumentId(), g.version()));
        if (g.periodBucket() != null) {
            params.add(g.periodBucket());
        }
        RollupCells[] levels = fresh.byLevel();
        RollupCells[] old = new RollupCells[LEVELS];
        for (int level = 0; level < LEVELS; level++) {
            old[level] = cells();
        }
        // level 0 left by a store that kept the cells, when this one does not, is dropped
        deleteReturning(write, tables.table("rollup"), where, params, old, null);
        for (int level = 0; level < LEVELS; level++) {
            if (levels[level] != null) {
                compare(g, level, old[level], levels[level], differences);
            }
        }
        long rows = 0;
        for (int level = firstLevel(); level < LEVELS; level++) {
            rows += writeCompacted(write, levels[level], level);
        }
        return rows;
    }

    private static void compare(Group g, int level, RollupCells old, RollupCells fresh, List<String> differences) {
        Set<RollupCells.Cell> cells = new HashSet<>(old.cells().keySet());
        cells.addAll(fresh.cells().keySet());
        RollupCells.Sums zero = new RollupCells.Sums();
        CodeSums none = new CodeSums();
        for (RollupCells.Cell cell : cells) {
            CodeSums a = old.cells().getOrDefault(cell, none);
            CodeSums b = fresh.cells().getOrDefault(cell, none);
            Set<Long> codes = new HashSet<>();
            a.forEach((code, s) -> codes.add(code));
            b.forEach((code, s) -> codes.add(code));
            for (long code : codes) {
                RollupCells.Sums x = a.find(code) == null ? zero : a.find(code);
                RollupCells.Sums y = b.find(code) == null ? zero : b.find(code);
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
