package org.civicsurvey.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.response.AnswerStatus;
import org.civicsurvey.scoring.GroupBy;
import org.civicsurvey.scoring.Period;
import org.civicsurvey.scoring.SurveyVariables;
import org.civicsurvey.stats.SufficientStatistics;
import org.civicsurvey.stats.Variable;

/**
 * Reads the engine's sufficient statistics from the rollup ({@link
 * SurveyStore#rollupStatistics(ResponseFilter, List, boolean, RollupFallback)}): one {@code GROUP BY}
 * over the compacted and the partial rows of the cells the filter selects.
 */
final class RollupRead {

    private static final Set<Period> MONTH_PERIODS = EnumSet.of(Period.MONTH, Period.QUARTER, Period.YEAR,
            Period.US_FISCAL_QUARTER);
    private static final long PAIRS = 1L << RollupCells.PAIR_SHIFT;

    private final DataSource dataSource;
    private final StoreOptions options;
    private final Tables tables;
    private final InstrumentRepository instruments;
    private final Rollup rollup;
    private final StoreAggregation aggregation;

    RollupRead(DataSource dataSource, StoreOptions options, Tables tables, InstrumentRepository instruments, Rollup rollup,
            StoreAggregation aggregation) {
        this.dataSource = dataSource;
        this.options = options;
        this.tables = tables;
        this.instruments = instruments;
        this.rollup = rollup;
        this.aggregation = aggregation;
    }

    /** See {@link SurveyStore#rollupStatistics(ResponseFilter, List, boolean, RollupFallback)}. */
    Optional<GroupedStatistics> statistics(ResponseFilter filter, List<GroupBy> groupings, boolean crossProducts,
            RollupWeights weights, RollupFallback fallback) {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(groupings, "groupings");
        Objects.requireNonNull(fallback, "fallback");
        for (int i = 0; i < groupings.size(); i++) {
            Objects.requireNonNull(groupings.get(i), "groupings[" + i + "]");
        }
        String id = filter.instrumentId().orElseThrow(() -> new IllegalArgumentException(
                "rollup statistics need a filter naming the instrument id and version"));
        String version = filter.instrumentVersion().orElseThrow(() -> new IllegalArgumentException(
                "rollup statistics need a filter naming the instrument version of " + id));
        String op = "read rollup of instrument " + id + " version " + version;
        String problem = problem(filter, groupings, crossProducts);
        if (problem != null) {
            if (fallback == RollupFallback.FULL_AGGREGATION && weights == RollupWeights.STORED) {
                return aggregation.statistics(filter, groupings, crossProducts);
            }
            throw new IllegalArgumentException("the rollup cannot answer " + problem + "; it keeps the instrument version,"
                    + " status, agency, service, channel, province and the " + options.rollupBucket().name().toLowerCase(
                    java.util.Locale.ROOT) + " in " + options.rollupZone().getId() + " (RollupFallback.FULL_AGGREGATION"
                    + " computes such statistics from the stored rows)");
        }
        String unusable;
        try (Connection c = dataSource.getConnection()) {
            unusable = rollup.unusable(rollup.state(c, false));
            if (unusable == null) {
                Instrument instrument = instruments.load(c, id, version)
                        .orElseThrow(() -> new SurveyStoreException(op + ": the instrument version is not stored"));
                Map<Integer, Variable> variables = StoreAggregation.variables(instrument);
                String uncoded = uncoded(variables);
                if (uncoded == null && weights == RollupWeights.EACH_RESPONSE_ONCE) {
                    for (Variable v : variables.values()) {
                        if (!v.isCategorical()) {
                            throw new IllegalArgumentException("the rollup cannot count each response once for the number"
                                    + " question " + v.name() + ": it keeps weighted sums of numbers only");
                        }
                    }
                }
                if (uncoded == null) {
                    return read(c, filter, groupings, crossProducts, weights, variables);
                }
                if (fallback == RollupFallback.FAIL || weights == RollupWeights.EACH_RESPONSE_ONCE) {
                    throw new IllegalArgumentException("the rollup cannot answer " + uncoded
                            + " (RollupFallback.FULL_AGGREGATION computes its statistics from the stored rows)");
                }
            }
        } catch (SQLException e) {
            throw new SurveyStoreException(op + ": database error", e);
        }
        if (fallback == RollupFallback.FAIL || weights == RollupWeights.EACH_RESPONSE_ONCE) {
            throw new SurveyStoreException(op + ": " + unusable);
        }
        return aggregation.statistics(filter, groupings, crossProducts);
    }

    /** A categorical variable with a category that has no answer code of its own, if any. */
    private static String uncoded(Map<Integer, Variable> variables) {
        for (Variable v : variables.values()) {
            if (v.isCategorical()) {
                for (double level : v.categories()) {
                    if (level != Math.rint(level) || level < ResponseRows.MIN_CODED_VALUE
                            || level > ResponseRows.MAX_CODED_VALUE) {
                        return "question " + v.name() + ", whose category " + level + " has no code of its own";
                    }
                }
            }
        }
        return null;
    }

    /**
     * What of a query the rollup does not keep, or null when it can answer it.
     *
     * @param filter the filter
     * @param groupings the groupings
     * @param crossProducts whether cross-products are asked
     * @return a description naming the filter field or grouping
     */
    String problem(ResponseFilter filter, List<GroupBy> groupings, boolean crossProducts) {
        for (String name : filter.attributes().keySet()) {
            if (ResponseRows.hasAttributeRow(name)) {
                return "a filter by the respondent attribute '" + name + "'";
            }
        }
        if (filter.from().isPresent() && !bucketStart(filter.from().get())) {
            return "a period starting at " + filter.from().get() + ", which is not the start of a "
                    + options.rollupBucket().name().toLowerCase(java.util.Locale.ROOT) + " in " + options.rollupZone().getId();
        }
        if (filter.to().isPresent() && !bucketStart(filter.to().get())) {
            return "a period ending at " + filter.to().get() + ", which is not the start of a "
                    + options.rollupBucket().name().toLowerCase(java.util.Locale.ROOT) + " in " + options.rollupZone().getId();
        }
        for (GroupBy g : groupings) {
            Optional<GroupBy.Field> field = g.field();
            if (field.isEmpty()) {
                return "the grouping '" + g.name() + "' (GroupBy.of, computed in Java)";
            }
            GroupBy.Field f = field.get();
            switch (f.kind()) {
                case AGENCY:
                case SERVICE:
                case CHANNEL:
                    break;
                case RESPONDENT:
                    if (ResponseRows.hasAttributeRow(f.key().orElseThrow())) {
                        return "the grouping by the respondent attribute '" + f.key().orElseThrow() + "'";
                    }
                    break;
                case PERIOD:
                    Period p = f.period().orElseThrow();
                    ZoneId zone = f.zone().orElseThrow();
                    if (!sameZone(zone)) {
                        return "the grouping '" + g.name() + "' by periods in " + zone.getId() + " (the rollup's buckets are cut"
                                + " in " + options.rollupZone().getId() + ")";
                    }
                    if (options.rollupBucket() == RollupBucket.MONTH && !MONTH_PERIODS.contains(p)) {
                        return "the grouping '" + g.name() + "' by " + p + " (month buckets give months, quarters, US fiscal"
                                + " quarters and years; StoreOptions.withRollupBucket(DAY) keeps days)";
                    }
                    break;
                default:
                    return "the grouping '" + g.name() + "' by " + f.kind();
            }
        }
        if (crossProducts && !options.rollupCrossProducts()) {
            return "cross-products (StoreOptions.withRollupCrossProducts(true), then SurveyStore.rebuildRollup(), keeps them)";
        }
        return null;
    }

    private boolean sameZone(ZoneId zone) {
        ZoneId mine = options.rollupZone();
        return zone.normalized().equals(mine.normalized()) || zone.getRules().equals(mine.getRules());
    }

    /** Whether an instant is the first instant of a bucket in the rollup's zone. */
    private boolean bucketStart(Instant t) {
        LocalDate d = t.atZone(options.rollupZone()).toLocalDate();
        if (options.rollupBucket() == RollupBucket.MONTH && d.getDayOfMonth() != 1) {
            return false;
        }
        return d.atStartOfDay(options.rollupZone()).toInstant().equals(t);
    }

    /**
     * The level of compacted rows a query reads (see {@link Rollup#LEVELS}): the one keeping the
     * single dimension among agency, service, channel and province that the filter and groupings
     * use (the service's, which keeps its agency, for agency and service), the level without any when
     * they use none, and the cells when they use more.
     */
    static int level(ResponseFilter filter, List<GroupBy> groupings) {
        Set<Integer> used = new TreeSet<>();
        filter.agency().ifPresent(v -> used.add(Rollup.LEVEL_AGENCY));
        filter.service().ifPresent(v -> used.add(Rollup.LEVEL_SERVICE));
        filter.channel().ifPresent(v -> used.add(Rollup.LEVEL_CHANNEL));
        filter.province().ifPresent(v -> used.add(Rollup.LEVEL_PROVINCE));
        if (!filter.attributes().isEmpty()) {
            used.add(Rollup.LEVEL_PROVINCE); // the only attribute the rollup keeps
        }
        for (GroupBy g : groupings) {
            switch (g.field().orElseThrow().kind()) {
                case AGENCY:
                    used.add(Rollup.LEVEL_AGENCY);
                    break;
                case SERVICE:
                    used.add(Rollup.LEVEL_SERVICE);
                    break;
                case CHANNEL:
                    used.add(Rollup.LEVEL_CHANNEL);
                    break;
                case PERIOD:
                    break;
                default:
                    used.add(Rollup.LEVEL_PROVINCE);
                    break;
            }
        }
        if (used.isEmpty()) {
            return Rollup.LEVEL_NONE;
        }
        if (used.equals(Set.of(Rollup.LEVEL_AGENCY, Rollup.LEVEL_SERVICE))) {
            return Rollup.LEVEL_SERVICE; // an agency's services
        }
        return used.size() == 1 ? used.iterator().next() : 0;
    }

    private static final String GROUPED_COLUMNS = "agency, service, channel, province, period_bucket, ";
    /** H2's transaction isolation level SNAPSHOT ({@code org.h2.engine.Constants.TRANSACTION_SNAPSHOT}). */
    private static final int H2_SNAPSHOT = 6;

    private Optional<GroupedStatistics> read(Connection c, ResponseFilter filter, List<GroupBy> groupings,
            boolean crossProducts, RollupWeights weights, Map<Integer, Variable> variables) throws SQLException {
        // the compacted and partial rows, and the stored rows a query of several dimensions sums, in
        // one snapshot: a compaction slice committing meanwhile moves sums from the partial rows to
        // the compacted ones, which two snapshots would count twice or not at all
        boolean autoCommit = c.getAutoCommit();
        int isolation = c.getTransactionIsolation();
        if (autoCommit) {
            // PostgreSQL's and MariaDB's repeatable read is a snapshot; H2's is not, its snapshot
            // level (6) is
            c.setTransactionIsolation(rollup.dialect() == Dialect.H2 ? H2_SNAPSHOT : Connection.TRANSACTION_REPEATABLE_READ);
            c.setAutoCommit(false);
        }
        try {
            return readInSnapshot(c, filter, groupings, crossProducts, weights, variables);
        } finally {
            if (autoCommit) {
                c.rollback();
                c.setAutoCommit(true);
                c.setTransactionIsolation(isolation);
            }
        }
    }

    private Optional<GroupedStatistics> readInSnapshot(Connection c, ResponseFilter filter, List<GroupBy> groupings,
            boolean crossProducts, RollupWeights weights, Map<Integer, Variable> variables) throws SQLException {
        StringBuilder where = new StringBuilder(" WHERE instrument_id = ? AND instrument_version = ?");
        List<Object> params = new ArrayList<>();
        params.add(filter.instrumentId().orElseThrow());
        params.add(filter.instrumentVersion().orElseThrow());
        filter.status().ifPresent(v -> condition(where, params, "status = ?", v.name()));
        filter.agency().ifPresent(v -> condition(where, params, "agency = ?", v));
        filter.service().ifPresent(v -> condition(where, params, "service = ?", v));
        filter.channel().ifPresent(v -> condition(where, params, "channel = ?", v));
        filter.province().ifPresent(v -> condition(where, params, "province = ?", v));
        filter.attributes().forEach((name, v) -> condition(where, params, "province = ?", v));
        filter.from().ifPresent(t -> condition(where, params, "submitted_bucket >= ?",
                RollupCells.bucketOf(t, options.rollupBucket(), options.rollupZone())));
        filter.to().ifPresent(t -> condition(where, params, "submitted_bucket < ?",
                RollupCells.bucketOf(t, options.rollupBucket(), options.rollupZone())));
        int level = level(filter, groupings);
        if (level < rollup.firstLevel()) {
            return readRows(c, filter, groupings, crossProducts, weights, variables);
        }
        // the compacted rows of the smallest level that keeps every dimension asked for, and the
        // partial rows that hold its changes (the services' for an agency's level, the provinces' for
        // the level without a dimension: their columns carry what that level groups and filters by),
        // in one statement (one snapshot: a compaction slice moves sums from the partial rows to the
        // compacted ones)
        String select = "SELECT " + GROUPED_COLUMNS + "sums FROM ";
        String sql = select + tables.table("rollup") + where + " AND rollup_level = " + level + " UNION ALL " + select
                + tables.table("rollup_delta") + where + " AND rollup_level = " + Rollup.partialSource(level);
        Map<List<Optional<String>>, CodeSums> byLabels = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int p = 1;
            for (int copy = 0; copy < 2; copy++) {
                for (Object v : params) {
                    ps.setObject(p++, v);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<Optional<String>> labels = new ArrayList<>(groupings.size());
                    for (GroupBy g : groupings) {
                        GroupBy.Field f = g.field().orElseThrow();
                        switch (f.kind()) {
                            case AGENCY:
                                labels.add(Optional.ofNullable(rs.getString(1)));
                                break;
                            case SERVICE:
                                labels.add(Optional.ofNullable(rs.getString(2)));
                                break;
                            case CHANNEL:
                                labels.add(Optional.ofNullable(rs.getString(3)));
                                break;
                            case PERIOD:
                                int bucket = rs.getInt(5);
                                labels.add(rs.wasNull() ? Optional.empty()
                                        : Optional.of(f.period().orElseThrow().label(RollupCells.date(bucket))));
                                break;
                            default:
                                labels.add(Optional.ofNullable(rs.getString(4)));
                                break;
                        }
                    }
                    CodeSums into = byLabels.computeIfAbsent(labels, k -> new CodeSums());
                    CodeSums.unpack(rs.getBytes(6), (code, s) -> {
                        if (crossProducts || code < PAIRS) {
                            accumulate(into, code, s, weights);
                        }
                    });
                }
            }
        }
        return statistics(byLabels, groupings, crossProducts, variables);
    }

    /**
     * A query of the finest cells when the rollup does not keep them ({@link StoreOptions#rollupCells()}):
     * the contributions of the stored rows the filter selects, summed as the rollup sums them. The
     * rows are what the rollup counts (erased rows gone), so nothing else is added.
     */
    private Optional<GroupedStatistics> readRows(Connection c, ResponseFilter filter, List<GroupBy> groupings,
            boolean crossProducts, RollupWeights weights, Map<Integer, Variable> variables) throws SQLException {
        Map<List<Optional<String>>, CodeSums> byLabels = new HashMap<>();
        addCells(byLabels, rollup.rows(c, FilterSql.of(filter, options.namespace(), rollup.dialect())), filter, groupings,
                crossProducts, weights);
        return statistics(byLabels, groupings, crossProducts, variables);
    }

    /** Adds cells gathered in Java from stored rows that meet the filter, grouped as {@link #read} groups rollup rows. */
    private void addCells(Map<List<Optional<String>>, CodeSums> byLabels, RollupCells cells,
            ResponseFilter filter, List<GroupBy> groupings, boolean crossProducts, RollupWeights weights) {
        cells.cells().forEach((cell, codes) -> {
            if (!matches(filter, cell)) {
                return;
            }
            CodeSums into = byLabels.computeIfAbsent(labels(cell, groupings), k -> new CodeSums());
            codes.forEach((code, sums) -> {
                if (crossProducts || code < PAIRS) {
                    RollupCells.Sums copy = new RollupCells.Sums();
                    copy.add(sums);
                    accumulate(into, code, copy, weights);
                }
            });
        });
    }

    /** The statistics of the sums gathered per domain labels and code, or empty when no response. */
    private static Optional<GroupedStatistics> statistics(Map<List<Optional<String>>, CodeSums> byLabels,
            List<GroupBy> groupings, boolean crossProducts, Map<Integer, Variable> variables) {
        byLabels.values().removeIf(codes -> codes.find(0L) == null || codes.find(0L).n == 0);
        if (byLabels.isEmpty()) {
            return Optional.empty();
        }
        Map<Integer, List<Optional<String>>> domains = StoreAggregation.domains(new ArrayList<>(byLabels.keySet()));
        SufficientStatistics.Builder builder = SufficientStatistics.builder(new ArrayList<>(variables.values()), false)
                .crossProducts(crossProducts);
        for (Map.Entry<Integer, List<Optional<String>>> e : domains.entrySet()) {
            RollupCells.Sums rows = byLabels.get(e.getValue()).find(0L);
            builder.addCell(e.getKey(), 0, 0, rows.n, rows.positive, rows.w);
        }
        for (Map.Entry<Integer, List<Optional<String>>> e : domains.entrySet()) {
            int d = e.getKey();
            CodeSums codes = byLabels.get(e.getValue());
            for (long code : codes.sortedCodes()) {
                add(builder, d, code, codes.find(code), variables);
            }
        }
        return Optional.of(new GroupedStatistics(builder.build(), groupings, domains));
    }

    /** Adds one (labels, code)'s sums, counted as {@code weights} asks. */
    private static void accumulate(CodeSums into, long code, RollupCells.Sums s, RollupWeights weights) {
        if (weights == RollupWeights.EACH_RESPONSE_ONCE) {
            s.w = s.n;
            s.w2 = s.n;
            s.positive = code == 0 ? s.n : s.positive;
        }
        into.add(code, s);
    }

    /** Whether a stored row's cell meets the filter, as the SQL conditions of {@link #read} test a rollup row. */
    private boolean matches(ResponseFilter filter, RollupCells.Cell cell) {
        if (filter.status().isPresent() && !filter.status().get().name().equals(cell.status())
                || filter.agency().isPresent() && !filter.agency().get().equals(cell.agency())
                || filter.service().isPresent() && !filter.service().get().equals(cell.service())
                || filter.channel().isPresent() && !filter.channel().get().equals(cell.channel())
                || filter.province().isPresent() && !filter.province().get().equals(cell.province())) {
            return false;
        }
        for (String v : filter.attributes().values()) {
            if (!v.equals(cell.province())) {
                return false;
            }
        }
        Integer submitted = cell.submittedBucket();
        if (filter.from().isPresent() && (submitted == null
                || submitted < RollupCells.bucketOf(filter.from().get(), options.rollupBucket(), options.rollupZone()))) {
            return false;
        }
        return filter.to().isEmpty() || submitted != null
                && submitted < RollupCells.bucketOf(filter.to().get(), options.rollupBucket(), options.rollupZone());
    }

    /** A stored row's cell's domain labels, as {@link #read} reads them from a rollup row. */
    private static List<Optional<String>> labels(RollupCells.Cell cell, List<GroupBy> groupings) {
        List<Optional<String>> labels = new ArrayList<>(groupings.size());
        for (GroupBy g : groupings) {
            GroupBy.Field f = g.field().orElseThrow();
            switch (f.kind()) {
                case AGENCY:
                    labels.add(Optional.ofNullable(cell.agency()));
                    break;
                case SERVICE:
                    labels.add(Optional.ofNullable(cell.service()));
                    break;
                case CHANNEL:
                    labels.add(Optional.ofNullable(cell.channel()));
                    break;
                case PERIOD:
                    labels.add(cell.periodBucket() == null ? Optional.empty()
                            : Optional.of(f.period().orElseThrow().label(RollupCells.date(cell.periodBucket()))));
                    break;
                default:
                    labels.add(Optional.ofNullable(cell.province()));
                    break;
            }
        }
        return labels;
    }

    private static void condition(StringBuilder where, List<Object> params, String condition, Object value) {
        where.append(" AND ").append(condition);
        params.add(value);
    }

    /** Adds one code's sums of a domain to the builder. */
    private static void add(SufficientStatistics.Builder builder, int domain, long code, RollupCells.Sums s,
            Map<Integer, Variable> variables) {
        if (code == 0 || s.n == 0) {
            return;
        }
        if (code >= PAIRS) {
            int a = (int) (code >>> RollupCells.PAIR_SHIFT);
            int b = (int) (code & (PAIRS - 1));
            Variable va = variables.get(a / ResponseRows.CODE_STRIDE);
            Variable vb = variables.get(b / ResponseRows.CODE_STRIDE);
            if (va != null && vb != null) {
                builder.addCrossProduct(domain, 0, va.name(), value(a), vb.name(), value(b), s.w2);
            }
            return;
        }
        Variable v = variables.get((int) (code / ResponseRows.CODE_STRIDE));
        if (v == null) {
            return;
        }
        int slot = (int) (code % ResponseRows.CODE_STRIDE);
        if (!v.isCategorical()) {
            if (slot == AnswerStatus.VALID.code()) {
                builder.addNumeric(domain, 0, 0, v.name(), s.n, s.w, s.wy, s.wy2, s.w2, s.w2y, s.w2y2);
            } else {
                builder.addExcluded(domain, 0, 0, v.name(), SurveyVariables.exclusion(AnswerStatus.ofCode((byte) slot)), s.n);
            }
            return;
        }
        if (slot == AnswerStatus.VALID.code()) {
            throw new IllegalStateException("rollup holds a valid answer of " + v.name() + " without a category code");
        }
        boolean valued = slot >= ResponseRows.VALUE_SLOT;
        StoreAggregation.add(builder, domain, v, valued ? AnswerStatus.VALID.code() : slot,
                valued ? value((int) code) : Double.NaN, s.n, s.w, s.w2);
    }

    /** The value of a single answer code's slot. */
    private static double value(int code) {
        return code % ResponseRows.CODE_STRIDE - ResponseRows.VALUE_SLOT + ResponseRows.MIN_CODED_VALUE;
    }
}
