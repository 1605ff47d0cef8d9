package org.civicsurvey.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import javax.sql.DataSource;

import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.Question;
import org.civicsurvey.model.QuestionKind;
import org.civicsurvey.response.AnswerStatus;
import org.civicsurvey.scoring.GroupBy;
import org.civicsurvey.scoring.SurveyVariables;
import org.civicsurvey.stats.SufficientStatistics;
import org.civicsurvey.stats.Variable;

/**
 * Computes the engine's sufficient statistics inside the database ({@link
 * SurveyStore#statistics(ResponseFilter, List, boolean)}): runs the queries of {@link AggregationSql}
 * (Q1-Q5 of {@code docs/estimation.md}) and fills the engine's statistics builder.
 */
final class StoreAggregation {

    static final Comparator<List<Optional<String>>> LABEL_ORDER = (a, b) -> {
        for (int i = 0; i < a.size(); i++) {
            Optional<String> x = a.get(i);
            Optional<String> y = b.get(i);
            int c = x.isEmpty() ? (y.isEmpty() ? 0 : -1) : y.isEmpty() ? 1 : x.get().compareTo(y.get());
            if (c != 0) {
                return c;
            }
        }
        return 0;
    };

    private final DataSource dataSource;
    private final Dialect dialect;
    private final StoreNamespace namespace;
    private final InstrumentRepository instruments;

    StoreAggregation(DataSource dataSource, Dialect dialect, StoreNamespace namespace, InstrumentRepository instruments) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.namespace = namespace;
        this.instruments = instruments;
    }

    /** See {@link SurveyStore#statistics(ResponseFilter, List, boolean)}. */
    Optional<GroupedStatistics> statistics(ResponseFilter filter, List<GroupBy> groupings, boolean crossProducts) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(groupings, "groupings");
        String id = filter.instrumentId().orElseThrow(() -> new IllegalArgumentException(
                "statistics need a filter naming the instrument id and version"));
        String version = filter.instrumentVersion().orElseThrow(() -> new IllegalArgumentException(
                "statistics need a filter naming the instrument version of " + id));
        String op = "aggregate responses to instrument " + id + " version " + version;
        try (Connection c = dataSource.getConnection()) {
            Instrument instrument = instruments.load(c, id, version)
                    .orElseThrow(() -> new SurveyStoreException(op + ": the instrument version is not stored"));
            return run(c, dialect, namespace, instrument, filter, groupings, crossProducts);
        } catch (SQLException e) {
            throw new SurveyStoreException(op + ": database error", e);
        }
    }

    /**
     * The variables aggregated for an instrument, by 1-based question position: those of
     * {@link SurveyVariables#of(Question)} for rating, NPS and number questions (the kinds the
     * stored answer columns hold).
     *
     * @param instrument the instrument
     * @return position → variable, in question order
     */
    static Map<Integer, Variable> variables(Instrument instrument) {
        Map<Integer, Variable> variables = new LinkedHashMap<>();
        List<Question> questions = instrument.questions();
        for (int j = 0; j < questions.size(); j++) {
            Question q = questions.get(j);
            if (q.kind() == QuestionKind.NUMBER || q.kind() == QuestionKind.RATING || q.kind() == QuestionKind.NPS) {
                variables.put(j + 1, SurveyVariables.of(q));
            }
        }
        return variables;
    }

    /**
     * Runs Q1-Q4 (and Q5 when asked) and builds the statistics.
     *
     * @param c the connection
     * @param dialect the database
     * @param namespace the tables
     * @param instrument the instrument version the filter names
     * @param filter the filter
     * @param groupings the groupings
     * @param crossProducts whether to run Q5 and keep the cross-products between categorical questions
     * @return the statistics with their domain labels; empty when no response is selected
     * @throws SQLException from the driver
     */
    private static Optional<GroupedStatistics> run(Connection c, Dialect dialect, StoreNamespace namespace, Instrument instrument,
            ResponseFilter filter, List<GroupBy> groupings, boolean crossProducts) throws SQLException {
        Map<Integer, Variable> variables = variables(instrument);
        AggregationSql sql = new AggregationSql(dialect, namespace, groupings, FilterSql.of(filter, namespace, dialect));
        int keys = sql.keyColumns();

        List<Integer> categorical = new ArrayList<>();
        List<Integer> numeric = new ArrayList<>();
        variables.forEach((j, v) -> (v.isCategorical() ? categorical : numeric).add(j));
        if (usesCodes(dialect, instrument, variables)) {
            return runOnCodes(c, sql, instrument.questions().size(), variables, categorical, numeric, groupings,
                    crossProducts);
        }
        // Q1: the domains and their rows
        List<List<Optional<String>>> labels = new ArrayList<>();
        List<long[]> rowCounts = new ArrayList<>();
        List<Double> sums = new ArrayList<>();
        query(c, sql, sql.rowsQuery(), rs -> {
            // without groupings, COUNT(*) gives one row even when nothing is selected
            if (rs.getLong(keys + 1) > 0) {
                labels.add(sql.labels(rs));
                rowCounts.add(new long[] {rs.getLong(keys + 1), rs.getLong(keys + 2)});
                sums.add(rs.getDouble(keys + 3));
            }
        });
        if (labels.isEmpty()) {
            return Optional.empty();
        }
        Map<Integer, List<Optional<String>>> domains = domains(labels);
        Map<List<Optional<String>>, Integer> codes = codes(domains);
        SufficientStatistics.Builder builder = SufficientStatistics.builder(new ArrayList<>(variables.values()), false)
                .crossProducts(crossProducts);
        for (int i = 0; i < labels.size(); i++) {
            builder.addCell(codes.get(labels.get(i)), 0, 0, rowCounts.get(i)[0], rowCounts.get(i)[1], sums.get(i));
        }
        if (!variables.isEmpty()) {
            // Q2 + Q3: categories and exclusions
            query(c, sql, sql.answersQuery(new ArrayList<>(variables.keySet()), categorical), rs -> {
                double value = rs.getDouble(keys + 2);
                boolean hasValue = !rs.wasNull();
                add(builder, codes.get(sql.labels(rs)), variables.get(rs.getInt(keys + 1)),
                        rs.getString(keys + 3).charAt(0) - '0', hasValue ? value : Double.NaN, rs.getLong(keys + 4),
                        rs.getDouble(keys + 5), rs.getDouble(keys + 6));
            });
            crossProducts(c, sql, variables, categorical, codes, builder, crossProducts);
            numeric(c, sql, variables, numeric, codes, builder);
        }
        return Optional.of(new GroupedStatistics(builder.build(), groupings, domains));
    }

    /** Handles one row of a result. */
    @FunctionalInterface
    private interface Rows {
        void row(ResultSet rs) throws SQLException;
    }

    /** Runs one of the queries with the filter's parameters and hands each row on. */
    private static void query(Connection c, AggregationSql sql, String query, Rows rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(query)) {
            sql.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.row(rs);
                }
            }
        }
    }

    /**
     * Adds the answers of one variable with one status (and, when valid, one value; NaN for none) in
     * a domain: a category count when valid and categorical, an exclusion count otherwise.
     */
    static void add(SufficientStatistics.Builder builder, int domain, Variable v, int status, double value, long n,
            double sumW, double sumW2) {
        if (status == AnswerStatus.VALID.code()) {
            if (v.isCategorical() && !Double.isNaN(value)) {
                builder.addCategory(domain, 0, 0, v.name(), value, n, sumW, sumW2);
            }
        } else if (status >= AnswerStatus.DONT_KNOW.code() && status <= AnswerStatus.HIDDEN.code()) {
            builder.addExcluded(domain, 0, 0, v.name(), SurveyVariables.exclusion(AnswerStatus.ofCode((byte) status)), n);
        } else {
            throw new IllegalStateException("stored answer status " + status + " of " + v.name() + " cannot be aggregated");
        }
    }

    /** The distinct domain labels in label order, numbered from 0. */
    static Map<Integer, List<Optional<String>>> domains(List<List<Optional<String>>> labels) {
        TreeSet<List<Optional<String>>> sorted = new TreeSet<>(LABEL_ORDER);
        sorted.addAll(labels);
        Map<Integer, List<Optional<String>>> domains = new LinkedHashMap<>();
        for (List<Optional<String>> l : sorted) {
            domains.put(domains.size(), l);
        }
        return domains;
    }

    /** The inverse of {@link #domains}: label → domain number. */
    static Map<List<Optional<String>>, Integer> codes(Map<Integer, List<Optional<String>>> domains) {
        Map<List<Optional<String>>, Integer> codes = new HashMap<>();
        domains.forEach((d, l) -> codes.put(l, d));
        return codes;
    }

    /** Q5 when asked and there are at least two categorical questions. */
    private static void crossProducts(Connection c, AggregationSql sql, Map<Integer, Variable> variables,
            List<Integer> categorical, Map<List<Optional<String>>, Integer> codes, SufficientStatistics.Builder builder,
            boolean crossProducts) throws SQLException {
        int keys = sql.keyColumns();
        if (crossProducts && categorical.size() >= 2) {
            query(c, sql, sql.crossProductsQuery(categorical), rs -> builder.addCrossProduct(codes.get(sql.labels(rs)), 0,
                    variables.get(rs.getInt(keys + 1)).name(), rs.getDouble(keys + 2), variables.get(rs.getInt(keys + 3)).name(),
                    rs.getDouble(keys + 4), rs.getDouble(keys + 5)));
        }
    }

    /** Q4 when there are numeric questions. */
    private static void numeric(Connection c, AggregationSql sql, Map<Integer, Variable> variables, List<Integer> numeric,
            Map<List<Optional<String>>, Integer> codes, SufficientStatistics.Builder builder) throws SQLException {
        int keys = sql.keyColumns();
        if (!numeric.isEmpty()) {
            query(c, sql, sql.numericQuery(numeric), rs -> builder.addNumeric(codes.get(sql.labels(rs)), 0, 0,
                    variables.get(rs.getInt(keys + 1)).name(), rs.getLong(keys + 2), rs.getDouble(keys + 3),
                    rs.getDouble(keys + 4), rs.getDouble(keys + 5), rs.getDouble(keys + 6), rs.getDouble(keys + 7),
                    rs.getDouble(keys + 8)));
        }
    }

    /**
     * Whether Q1-Q3 can come from the answer codes: on PostgreSQL (schema version 2) and MariaDB
     * (version 4), for an instrument with questions whose categorical variables' values all have a
     * code of their own.
     */
    private static boolean usesCodes(Dialect dialect, Instrument instrument, Map<Integer, Variable> variables) {
        if (dialect == Dialect.H2 || instrument.questions().isEmpty()) {
            return false;
        }
        for (Variable v : variables.values()) {
            if (v.isCategorical()) {
                double[] levels = v.categories();
                for (double level : levels) {
                    if (level != Math.rint(level) || level < ResponseRows.MIN_CODED_VALUE
                            || level > ResponseRows.MAX_CODED_VALUE) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** One row of the codes query. */
    private record CodeRow(List<Optional<String>> labels, int code, long n, double sumW, double sumW2, long positive) {
    }

    /** Q1-Q3 from the answer codes in one query, then Q5 and Q4 as usual. */
    private static Optional<GroupedStatistics> runOnCodes(Connection c, AggregationSql sql, int questions,
            Map<Integer, Variable> variables, List<Integer> categorical, List<Integer> numeric, List<GroupBy> groupings,
            boolean crossProducts) throws SQLException {
        int keys = sql.keyColumns();
        List<CodeRow> rows = new ArrayList<>();
        query(c, sql, sql.codesQuery(questions), rs -> rows.add(new CodeRow(sql.labels(rs), rs.getInt(keys + 1), rs.getLong(keys + 2),
                rs.getDouble(keys + 3), rs.getDouble(keys + 4), rs.getLong(keys + 5))));
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Map<Integer, List<Optional<String>>> domains = domains(rows.stream().map(CodeRow::labels).toList());
        Map<List<Optional<String>>, Integer> codes = codes(domains);
        // Q1: the codes of the first question count every response once
        long[] n = new long[codes.size()];
        long[] positive = new long[codes.size()];
        double[] sumW = new double[codes.size()];
        for (CodeRow r : rows) {
            if (r.code() / ResponseRows.CODE_STRIDE == 1) {
                int domain = codes.get(r.labels());
                n[domain] += r.n();
                positive[domain] += r.positive();
                sumW[domain] += r.sumW();
            }
        }
        SufficientStatistics.Builder builder = SufficientStatistics.builder(new ArrayList<>(variables.values()), false)
                .crossProducts(crossProducts);
        for (int d = 0; d < n.length; d++) {
            builder.addCell(d, 0, 0, n[d], positive[d], sumW[d]);
        }
        // Q2 + Q3: categories and exclusions; a slot from VALUE_SLOT on is a valid value
        for (CodeRow r : rows) {
            Variable v = variables.get(r.code() / ResponseRows.CODE_STRIDE);
            if (v == null) {
                continue;
            }
            int slot = r.code() % ResponseRows.CODE_STRIDE;
            boolean valued = slot >= ResponseRows.VALUE_SLOT;
            if (v.isCategorical() && slot == AnswerStatus.VALID.code()) {
                throw new IllegalStateException("stored valid answer of " + v.name() + " has no category code");
            }
            add(builder, codes.get(r.labels()), v, valued ? AnswerStatus.VALID.code() : slot,
                    valued ? slot - ResponseRows.VALUE_SLOT + ResponseRows.MIN_CODED_VALUE : Double.NaN, r.n(), r.sumW(),
                    r.sumW2());
        }
        crossProducts(c, sql, variables, categorical, codes, builder, crossProducts);
        numeric(c, sql, variables, numeric, codes, builder);
        return Optional.of(new GroupedStatistics(builder.build(), groupings, domains));
    }
}
