package org.civicsurvey.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.civicsurvey.scoring.GroupBy;
import org.civicsurvey.scoring.Period;

/**
 * The {@code GROUP BY} queries that fill {@link org.civicsurvey.stats.SufficientStatistics} inside
 * the database (the contract of {@code docs/estimation.md}, unclustered layout): Q1 rows per
 * domain; Q2+Q3 per domain, question position, category value and answer status, the count, Σw and
 * Σw²; Q4 per domain and numeric question position, n, Σw, Σwy, Σwy², Σw², Σw²y, Σw²y². Answers are
 * read from the per-response value array and status string, one row per (response, question) via a
 * cross join with the question positions, so no answer rows are stored or sent. Optionally Q5, the
 * cross-products Σw² per domain and pair of valid categorical answers of the same response.
 */
final class AggregationSql {

    private final Dialect dialect;
    private final StoreNamespace namespace;
    private final List<GroupBy> groupings;
    private final FilterSql filter;
    private final List<String> keyExpressions = new ArrayList<>();
    private final List<int[]> keyColumnsPerGrouping = new ArrayList<>();
    private final StringBuilder joins = new StringBuilder();
    private final List<Object> joinParameters = new ArrayList<>();
    /** Parameters of the key expressions (PostgreSQL's attributes), bound before the joins'. */
    private final List<Object> keyParameters = new ArrayList<>();

    /**
     * @param dialect the database
     * @param namespace the tables
     * @param groupings the groupings
     * @param filter the filter's WHERE clause
     */
    AggregationSql(Dialect dialect, StoreNamespace namespace, List<GroupBy> groupings, FilterSql filter) {
        this.dialect = dialect;
        this.namespace = namespace;
        this.groupings = List.copyOf(groupings);
        this.filter = filter;
        int attribute = 0;
        for (GroupBy g : this.groupings) {
            GroupBy.Field field = sqlField(g);
            int first = keyExpressions.size();
            switch (field.kind()) {
                case AGENCY:
                    keyExpressions.add("r.agency");
                    break;
                case SERVICE:
                    keyExpressions.add("r.service");
                    break;
                case CHANNEL:
                    keyExpressions.add("r.channel");
                    break;
                case PERIOD:
                    ZoneOffset offset = offset(g, field);
                    Period period = field.period().orElseThrow();
                    keyExpressions.add(extract("YEAR", offset));
                    if (period == Period.QUARTER) {
                        keyExpressions.add("FLOOR((" + extract("MONTH", offset) + " - 1) / 3) + 1");
                    } else if (period != Period.YEAR) {
                        keyExpressions.add(extract("MONTH", offset));
                    }
                    if (period == Period.DAY || period == Period.WEEK) {
                        keyExpressions.add(extract("DAY", offset));
                    }
                    break;
                default: // RESPONDENT
                    String name = field.key().orElseThrow();
                    if (!ResponseRows.hasAttributeRow(name)) {
                        keyExpressions.add("r.province");
                        break;
                    }
                    if (dialect == Dialect.POSTGRESQL) {
                        keyExpressions.add("r.attributes ->> ?");
                        keyParameters.add(name);
                        break;
                    }
                    String alias = "ga" + attribute++;
                    joins.append(" LEFT JOIN ").append(namespace.table("response_attribute")).append(' ').append(alias)
                            .append(" ON ").append(alias).append(".response_id = r.response_id AND ").append(alias)
                            .append(".attr_name = ?");
                    joinParameters.add(name);
                    keyExpressions.add(alias + ".attr_value");
                    break;
            }
            int[] columns = new int[keyExpressions.size() - first];
            for (int i = 0; i < columns.length; i++) {
                columns[i] = first + i;
            }
            keyColumnsPerGrouping.add(columns);
        }
    }

    /**
     * What a grouping reads, when the database can read it: the transaction's agency, service or
     * channel, a respondent attribute or a period of the transaction (else submission) time.
     */
    private static GroupBy.Field sqlField(GroupBy g) {
        GroupBy.Field field = g.field().orElseThrow(() -> new IllegalArgumentException("grouping " + g.name()
                + " is computed in Java (GroupBy.of); the store groups inside the database by agency, service, channel,"
                + " a respondent attribute or a period: group these responses in memory (ReportData.fromResponses)"));
        if (field.kind() == GroupBy.Kind.ANSWER) {
            throw new IllegalArgumentException("grouping " + g.name() + " reads an answer (GroupBy.answer), which the store"
                    + " does not group by inside the database; group in memory, or store it as a respondent attribute");
        }
        return field;
    }

    /** Zones whose offset last changed before this instant are taken at their offset since. */
    private static final Instant STABLE_SINCE = Instant.parse("1990-01-01T00:00:00Z");

    /**
     * A period's zone as the one offset SQL adds: a fixed offset, or a region without daylight-saving
     * time whose offset has not changed since 1990 and will not change by its rules (such as
     * Asia/Ho_Chi_Minh, +07:00 since 1975), taken at its current offset.
     */
    private static ZoneOffset offset(GroupBy g, GroupBy.Field field) {
        ZoneId zone = field.zone().orElseThrow();
        ZoneRules rules = zone.getRules();
        if (rules.isFixedOffset()) {
            return rules.getOffset(Instant.EPOCH);
        }
        Instant now = Instant.now();
        ZoneOffsetTransition last = rules.previousTransition(now);
        if (rules.nextTransition(now) == null && (last == null || last.getInstant().isBefore(STABLE_SINCE))) {
            return rules.getOffset(now);
        }
        throw new IllegalArgumentException("grouping " + g.name() + " cuts periods in " + zone + ", whose offset from UTC"
                + " changes (daylight-saving time, or a change since 1990); inside the database periods need one offset,"
                + " such as ZoneOffset.ofHours(7) or Asia/Ho_Chi_Minh");
    }

    /**
     * A calendar field of the response's time, as {@link GroupBy#period} reads it in memory: the
     * transaction's time, else the submission time (both stored in UTC), at the grouping's offset; the
     * offset is an integer number of seconds, written into the SQL as a number (standard interval
     * syntax, which H2, PostgreSQL and MariaDB all take).
     */
    private static String extract(String field, ZoneOffset offset) {
        int seconds = offset.getTotalSeconds();
        String at = "COALESCE(r.transaction_at, r.submitted_at)";
        String time = seconds == 0 ? at : "(" + at + " + INTERVAL '" + seconds + "' SECOND)";
        return "EXTRACT(" + field + " FROM " + time + ")";
    }

    private String weight() {
        return "COALESCE(r.weight, 1.0)";
    }

    /** The question position of an answer row. */
    private String position() {
        return dialect == Dialect.POSTGRESQL ? "u.j" : "q.j";
    }

    private String status() {
        return dialect == Dialect.POSTGRESQL ? "u.s" : "SUBSTRING(r.answer_status, q.j, 1)";
    }

    private String value() {
        return dialect == Dialect.POSTGRESQL ? "u.v" : valueAt("q.j");
    }

    /**
     * One row per (response, question position): on PostgreSQL by unnesting the value array and the
     * status digits side by side (about twice as fast as subscripts, and about 25% faster than
     * unnesting the values and taking each status with {@code SUBSTRING}, measured), elsewhere by a
     * cross join with the positions.
     */
    private String answerRows(List<Integer> positions) {
        return dialect == Dialect.POSTGRESQL ? unnested("u") : positionsTable(positions, "q");
    }

    /** PostgreSQL: the response's answers as rows {@code alias(v, s, j)}: value, status digit, position. */
    private static String unnested(String alias) {
        return " CROSS JOIN LATERAL unnest(r.answer_values, string_to_array(r.answer_status, NULL))"
                + " WITH ORDINALITY AS " + alias + "(v, s, j)";
    }

    /** Restricts answer rows to the positions (only needed where all positions are produced). */
    private String positionCondition(List<Integer> positions) {
        return dialect == Dialect.POSTGRESQL ? " AND u.j IN (" + list(positions) + ")" : "";
    }

    private static String list(List<Integer> values) {
        StringBuilder b = new StringBuilder();
        for (int v : values) {
            b.append(b.length() == 0 ? "" : ", ").append(v);
        }
        return b.toString();
    }

    private String keysSelect() {
        StringBuilder b = new StringBuilder();
        for (String k : keyExpressions) {
            b.append(k).append(", ");
        }
        return b.toString();
    }

    /**
     * The GROUP BY clause: the keys, then the given expressions. On PostgreSQL the keys are named by
     * their position in the select list, which every query starts with, so that a key with a
     * parameter (an attribute of the JSON column) is bound once.
     */
    private String groupBy(String... more) {
        List<String> all = new ArrayList<>();
        if (dialect == Dialect.POSTGRESQL) {
            for (int i = 1; i <= keyExpressions.size(); i++) {
                all.add(Integer.toString(i));
            }
        } else {
            all.addAll(keyExpressions);
        }
        all.addAll(List.of(more));
        return all.isEmpty() ? "" : " GROUP BY " + String.join(", ", all);
    }

    private String from() {
        return " FROM " + namespace.table("response") + " r";
    }

    /**
     * Q1: rows per domain. Columns: keys, row_count, positive_weight_rows, sum_w.
     *
     * @return the SQL
     */
    String rowsQuery() {
        String w = weight();
        return "SELECT " + keysSelect() + "COUNT(*), SUM(CASE WHEN " + w + " > 0 THEN 1 ELSE 0 END), SUM(" + w + ")" + from()
                + joins + filter.where() + groupBy();
    }

    /**
     * Q2 and Q3: per domain, question position, category value (null unless categorical and valid)
     * and status digit. Columns: keys, j, value, status, n, sum_w, sum_w2.
     *
     * @param positions 1-based positions of every aggregated question
     * @param categorical the positions of categorical ones
     * @return the SQL
     */
    String answersQuery(List<Integer> positions, List<Integer> categorical) {
        String w = weight();
        String isCategorical = categorical.isEmpty() ? "1 = 0 AND "
                : categorical.size() == positions.size() ? "" : position() + " IN (" + list(categorical) + ") AND ";
        String v = "CASE WHEN " + isCategorical + status() + " = '0' THEN " + value() + " END";
        return "SELECT " + keysSelect() + position() + ", " + v + ", " + status() + ", COUNT(*), SUM(" + w + "), SUM(" + w
                + " * " + w + ")" + from() + answerRows(positions) + joins + filter.where() + positionCondition(positions)
                + groupBy(position(), v, status());
    }

    /**
     * Q1 to Q3 in one pass, PostgreSQL and MariaDB: per domain and {@linkplain ResponseRows#answerCode
     * answer code}, the count, Σw, Σw² and the rows with a positive weight. The codes of question
     * position 1 add up to Q1 (every response has one code per question), the others give the
     * category and exclusion counts. On PostgreSQL the weight terms are computed once per
     * response, and the single integer array makes the grouping about three times as fast as
     * unnesting the values and statuses (measured on a million responses); on MariaDB each
     * position's code is four digits of the {@linkplain ResponseRows#codeText code text}, read
     * without parsing the JSON value array. Columns: keys, code, n, sum_w, sum_w2,
     * positive_weight_rows.
     *
     * @param questions the number of question positions (every one has a code)
     * @return the SQL
     */
    String codesQuery(int questions) {
        String w = weight();
        if (dialect == Dialect.MARIADB) {
            List<Integer> positions = new ArrayList<>();
            for (int j = 1; j <= questions; j++) {
                positions.add(j);
            }
            int width = ResponseRows.CODE_TEXT_WIDTH;
            String code = "q.j * " + ResponseRows.CODE_STRIDE + " + CAST(SUBSTRING(r.answer_codes, " + width + " * q.j - "
                    + (width - 1) + ", " + width + ") AS SIGNED)";
            return "SELECT " + keysSelect() + code + " AS c, COUNT(*), SUM(" + w + "), SUM(" + w + " * " + w
                    + "), SUM(CASE WHEN " + w + " > 0 THEN 1 ELSE 0 END)" + from() + positionsTable(positions, "q") + joins
                    + filter.where() + groupBy("c");
        }
        StringBuilder inner = new StringBuilder("SELECT ");
        StringBuilder keys = new StringBuilder();
        for (int i = 0; i < keyExpressions.size(); i++) {
            inner.append(keyExpressions.get(i)).append(" AS k").append(i).append(", ");
            keys.append("x.k").append(i).append(", ");
        }
        inner.append(w).append(" AS w, ").append(w).append(" * ").append(w).append(" AS w2, CASE WHEN ").append(w)
                .append(" > 0 THEN 1 ELSE 0 END AS p, unnest(r.answer_codes) AS c").append(from()).append(joins)
                .append(filter.where());
        return "SELECT " + keys + "x.c, COUNT(*), SUM(x.w), SUM(x.w2), SUM(x.p) FROM (" + inner + ") x GROUP BY " + keys
                + "x.c";
    }

    /**
     * Q4: per domain and numeric question position, valid answers only. Columns: keys, j, n, sum_w,
     * sum_wy, sum_wy2, sum_w2, sum_w2y, sum_w2y2.
     *
     * @param numeric 1-based positions of numeric questions
     * @return the SQL
     */
    String numericQuery(List<Integer> numeric) {
        String w = weight();
        String y = value();
        return "SELECT " + keysSelect() + position() + ", COUNT(*), SUM(" + w + "), SUM(" + w + " * " + y + "), SUM(" + w
                + " * " + y + " * " + y + "), SUM(" + w + " * " + w + "), SUM(" + w + " * " + w + " * " + y + "), SUM(" + w
                + " * " + w + " * " + y + " * " + y + ")" + from() + answerRows(numeric) + joins + filter.where()
                + positionCondition(numeric) + " AND " + status() + " = '0'" + groupBy(position());
    }

    /**
     * Q5: cross-products of categorical questions, per domain and pair of question positions
     * {@code a < b} both answered validly in the same response, and their two values: Σw². Columns:
     * keys, j_a, value_a, j_b, value_b, sum_w2. The pairs come from joining the response's answer
     * rows with themselves, so the database produces about n·k(k−1)/2 rows for k items before
     * grouping.
     *
     * @param categorical 1-based positions of the categorical questions (at least two)
     * @return the SQL
     */
    String crossProductsQuery(List<Integer> categorical) {
        String w = weight();
        String ja;
        String jb;
        String va;
        String vb;
        String rows;
        String conditions;
        if (dialect == Dialect.POSTGRESQL) {
            ja = "ua.j";
            jb = "ub.j";
            va = "ua.v";
            vb = "ub.v";
            rows = unnested("ua") + unnested("ub");
            conditions = " AND ua.j IN (" + list(categorical) + ") AND ub.j IN (" + list(categorical)
                    + ") AND ua.j < ub.j AND ua.s = '0' AND ub.s = '0'";
        } else {
            ja = "qa.j";
            jb = "qb.j";
            va = valueAt(ja);
            vb = valueAt(jb);
            rows = positionsTable(categorical, "qa") + positionsTable(categorical, "qb");
            conditions = " AND qa.j < qb.j AND SUBSTRING(r.answer_status, qa.j, 1) = '0'"
                    + " AND SUBSTRING(r.answer_status, qb.j, 1) = '0'";
        }
        return "SELECT " + keysSelect() + ja + ", " + va + ", " + jb + ", " + vb + ", SUM(" + w + " * " + w + ")" + from()
                + rows + joins + filter.where() + conditions + groupBy(ja, va, jb, vb);
    }

    /** The value at a position expression (H2 and MariaDB). */
    private String valueAt(String j) {
        return dialect == Dialect.MARIADB ? "CAST(JSON_VALUE(r.answer_values, CONCAT('$[', " + j + " - 1, ']')) AS DOUBLE)"
                : "r.answer_values[" + j + "]";
    }

    private static String positionsTable(List<Integer> positions, String alias) {
        StringBuilder b = new StringBuilder(" CROSS JOIN (");
        for (int i = 0; i < positions.size(); i++) {
            b.append(i == 0 ? "SELECT " + positions.get(i) + " AS j" : " UNION ALL SELECT " + positions.get(i));
        }
        return b.append(") ").append(alias).toString();
    }

    /**
     * Binds the join and filter parameters.
     *
     * @param ps the statement of one of the queries
     * @throws SQLException from the driver
     */
    void bind(PreparedStatement ps) throws SQLException {
        int i = 1;
        for (Object p : keyParameters) {
            ps.setObject(i++, p);
        }
        for (Object p : joinParameters) {
            ps.setObject(i++, p);
        }
        filter.bind(ps, i);
    }

    /**
     * The number of leading key columns in every query's result.
     *
     * @return the count
     */
    int keyColumns() {
        return keyExpressions.size();
    }

    /**
     * Reads the domain labels of the current row.
     *
     * @param rs a result positioned on a row
     * @return one label per grouping
     * @throws SQLException from the driver
     */
    List<Optional<String>> labels(ResultSet rs) throws SQLException {
        List<Optional<String>> labels = new ArrayList<>(groupings.size());
        for (int g = 0; g < groupings.size(); g++) {
            int[] cols = keyColumnsPerGrouping.get(g);
            GroupBy.Field field = groupings.get(g).field().orElseThrow();
            if (field.kind() == GroupBy.Kind.PERIOD) {
                labels.add(period(rs, field.period().orElseThrow(), cols));
            } else {
                labels.add(Optional.ofNullable(rs.getString(cols[0] + 1)));
            }
        }
        return labels;
    }

    /** The period's label, by {@link Period#label} on the calendar fields read (the first day of a coarser period). */
    private static Optional<String> period(ResultSet rs, Period period, int[] cols) throws SQLException {
        int[] parts = new int[cols.length];
        for (int i = 0; i < cols.length; i++) {
            parts[i] = rs.getInt(cols[i] + 1);
            if (rs.wasNull()) {
                return Optional.empty();
            }
        }
        int month = period == Period.YEAR ? 1 : period == Period.QUARTER ? (parts[1] - 1) * 3 + 1 : parts[1];
        int day = parts.length > 2 ? parts[2] : 1;
        return Optional.of(period.label(LocalDate.of(parts[0], month, day)));
    }
}
