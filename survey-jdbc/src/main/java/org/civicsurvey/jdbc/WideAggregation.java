package org.civicsurvey.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import org.civicsurvey.scoring.GroupBy;
import org.civicsurvey.stats.Exclusion;
import org.civicsurvey.stats.SufficientStatistics;
import org.civicsurvey.stats.Variable;

/**
 * The work of {@link SqlSurvey#statistics()}: reads the source's columns from the database's
 * metadata, writes the {@code GROUP BY} over a derived table that renames every column it reads to
 * an alias of its own ({@code cs_d0.., cs_h, cs_p, cs_s, cs_w, cs_w2, cs_f, cs_f2, cs_i0..}), and fills the core's
 * statistics builder from the groups, the sums of {@code docs/estimation.md} (Q1–Q4, and Q5 when
 * cross-products are asked) computed side by side:
 *
 * <ul>
 *   <li>per group: rows, rows with positive weight, Σw (and the checks: NULL weights, the smallest
 *       weight, the fpc's range and NULLs);</li>
 *   <li>per categorical item and category: answers, Σw, Σw²; per numeric item: n, Σw, Σwy, Σwy², Σw²,
 *       Σw²y, Σw²y² over valid answers, each product formed as the in-memory collector forms it;</li>
 *   <li>per item and reason: excluded answers (NULL is missing); per categorical item: the values
 *       that are neither a category nor a code, and the smallest of them, for the error message;</li>
 *   <li>with cross-products: Σw² per pair of categorical items and pair of categories.</li>
 * </ul>
 *
 * All of it is one query while it has at most {@value #MAX_AGGREGATES} aggregates (22 five-point
 * items need about 450); beyond that (many items, or cross-products) the aggregates are cut into
 * queries of that many over the same groups (PostgreSQL takes at most 1,664 select-list entries).
 */
final class WideAggregation {

    /** Aggregates per query. */
    static final int MAX_AGGREGATES = 1000;

    private final Connection connection;
    private final String op;
    private final SqlSurvey.Source source;
    private final SqlSurvey.Design design;
    private final List<String> domainColumns;
    private final List<SqlSurvey.Item> items;
    private final boolean crossProducts;

    private String quote;
    private String doubleType;
    /** Requested name → the database's spelling and type. */
    private final Map<String, Column> columns = new HashMap<>();
    /** Aggregates, in result order. */
    private final List<String> aggregates = new ArrayList<>();
    /** Where each item's aggregates start, and its reasons in order. */
    private final int[] itemStart;
    private final List<List<Exclusion>> itemReasons = new ArrayList<>();
    private final int[] invalidStart;
    /** Per cross-product aggregate: {item a, category a, item b, category b}. */
    private final List<int[]> crossIndex = new ArrayList<>();
    private int crossStart = -1;
    /** Where MIN, MAX and the NULL count of the second-stage fpc are, or -1 without one. */
    private int fpc2Start = -1;

    /** A column of the source as its metadata describes it. */
    private record Column(String name, int type, String typeName) {
    }

    /** One group of the result: its labels and aggregates. */
    private static final class Row {
        final List<String> keys;
        final double[] values;
        final boolean[] nulls;

        Row(List<String> keys, int width) {
            this.keys = keys;
            this.values = new double[width];
            this.nulls = new boolean[width];
        }
    }

    // fixed aggregates of every group
    private static final int ROWS = 0;
    private static final int POSITIVE = 1;
    private static final int SUM_W = 2;
    private static final int NULL_W = 3;
    private static final int MIN_W = 4;
    private static final int MIN_F = 5;
    private static final int MAX_F = 6;
    private static final int NULL_F = 7;

    WideAggregation(Connection connection, String op, SqlSurvey.Source source, SqlSurvey.Design design,
            List<String> domainColumns, List<SqlSurvey.Item> items, boolean crossProducts) {
        this.connection = connection;
        this.op = op;
        this.source = source;
        this.design = design;
        this.domainColumns = domainColumns;
        this.items = items;
        this.crossProducts = crossProducts;
        this.itemStart = new int[items.size()];
        this.invalidStart = new int[items.size()];
    }

    private SurveyStoreException error(String message) {
        return new SurveyStoreException(op + ": " + message);
    }

    Optional<GroupedStatistics> run() throws SQLException {
        DatabaseMetaData md = connection.getMetaData();
        String q = md.getIdentifierQuoteString();
        quote = q == null || q.isBlank() ? "\"" : q.strip();
        String product = md.getDatabaseProductName().toLowerCase(Locale.ROOT);
        doubleType = product.startsWith("mariadb") || product.startsWith("mysql") ? "DOUBLE" : "DOUBLE PRECISION";
        readColumns();
        String inner = innerSelect();
        buildAggregates();
        List<String> keys = keyAliases();
        Map<List<String>, Row> groups = new LinkedHashMap<>();
        for (int from = 0; from < aggregates.size(); from += MAX_AGGREGATES) {
            int to = Math.min(aggregates.size(), from + MAX_AGGREGATES);
            query(inner, keys, from, to, groups);
        }
        List<Row> rows = new ArrayList<>();
        for (Row r : groups.values()) {
            if (r.values[ROWS] > 0) {
                rows.add(r);
            }
        }
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        // the groups in label order, whatever order the database returned them in
        rows.sort((a, b) -> {
            for (int i = 0; i < a.keys.size(); i++) {
                String x = a.keys.get(i);
                String y = b.keys.get(i);
                int c = x == null ? (y == null ? 0 : -1) : y == null ? 1 : x.compareTo(y);
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        });
        return Optional.of(build(rows));
    }

    // ---- columns ---------------------------------------------------------------------------

    private String from() {
        return " FROM " + source.sql(quote) + " src";
    }

    /** Reads the source's columns (no rows) and resolves every requested name, checking types. */
    private void readColumns() {
        Map<String, Column> available = new LinkedHashMap<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT *" + from() + " WHERE 1 = 0")) {
            ResultSetMetaData m = rs.getMetaData();
            for (int i = 1; i <= m.getColumnCount(); i++) {
                String name = m.getColumnLabel(i);
                available.putIfAbsent(name, new Column(name, m.getColumnType(i), m.getColumnTypeName(i)));
            }
        } catch (SQLException e) {
            throw new SurveyStoreException(op + ": cannot read the source's columns: " + e.getMessage(), e);
        }
        if (design.weight() != null) {
            resolve(available, "weight column", design.weight(), true);
        }
        if (design.strata() != null) {
            resolve(available, "strata column", design.strata(), false);
        }
        if (design.psu() != null) {
            resolve(available, "PSU column", design.psu(), false);
        }
        if (design.ssu() != null) {
            resolve(available, "SSU column", design.ssu(), false);
        }
        if (design.fpc1() != null) {
            resolve(available, "fpc column", design.fpc1(), true);
        }
        if (design.fpc2() != null) {
            resolve(available, "second-stage fpc column", design.fpc2(), true);
        }
        for (String d : domainColumns) {
            resolve(available, "domain column", d, false);
        }
        for (SqlSurvey.Item item : items) {
            resolve(available, "item column", item.column(), true);
        }
    }

    private void resolve(Map<String, Column> available, String role, String name, boolean numeric) {
        Column c = available.get(name);
        if (c == null) {
            // H2 and others fold unquoted names to upper case: accept one match that differs only in case
            List<Column> matches = new ArrayList<>();
            for (Column a : available.values()) {
                if (a.name().equalsIgnoreCase(name)) {
                    matches.add(a);
                }
            }
            if (matches.size() != 1) {
                List<String> names = new ArrayList<>();
                for (String a : available.keySet()) {
                    names.add(SqlIdentifiers.show(a));
                }
                String list = names.size() > 40 ? String.join(", ", names.subList(0, 40)) + ", ... (" + names.size() + ")"
                        : String.join(", ", names);
                throw error("no " + role + " " + SqlIdentifiers.show(name) + " in the source"
                        + (matches.size() > 1 ? " (several columns differ from it only in case)" : "") + "; its columns are "
                        + list);
            }
            c = matches.get(0);
            SqlIdentifiers.check(role + " (as the database spells it)", c.name());
        }
        if (numeric && !isNumeric(c)) {
            throw error(role + " " + SqlIdentifiers.show(name) + " is of type " + c.typeName() + ", not numeric; "
                    + (role.startsWith("item") ? "items must hold numbers (scale values, codes)" : "it must hold numbers"));
        }
        columns.put(name, c);
    }

    private static boolean isNumeric(Column c) {
        switch (c.type()) {
            case Types.TINYINT:
            case Types.SMALLINT:
            case Types.INTEGER:
            case Types.BIGINT:
            case Types.REAL:
            case Types.FLOAT:
            case Types.DOUBLE:
            case Types.NUMERIC:
            case Types.DECIMAL:
                return true;
            default:
                // DuckDB's unsigned and 128-bit integers
                String t = c.typeName() == null ? "" : c.typeName().toUpperCase(Locale.ROOT);
                return t.equals("HUGEINT") || t.equals("UHUGEINT") || t.equals("UBIGINT") || t.equals("UINTEGER")
                        || t.equals("USMALLINT") || t.equals("UTINYINT");
        }
    }

    private String col(String requested) {
        return "src." + SqlIdentifiers.quote(columns.get(requested).name(), quote);
    }

    private String dbl(String expression) {
        return "CAST(" + expression + " AS " + doubleType + ")";
    }

    /** The derived table: every column read once, under an alias of ours. */
    private String innerSelect() {
        List<String> select = new ArrayList<>();
        for (int i = 0; i < domainColumns.size(); i++) {
            select.add(col(domainColumns.get(i)) + " AS cs_d" + i);
        }
        if (design.strata() != null) {
            select.add(col(design.strata()) + " AS cs_h");
        }
        if (design.clustered()) {
            select.add(col(design.psu()) + " AS cs_p");
        }
        if (design.twoStage()) {
            select.add(col(design.ssu()) + " AS cs_s");
            select.add(dbl(col(design.fpc2())) + " AS cs_f2");
        }
        String w = design.weight() == null ? dbl("1") : dbl(col(design.weight()));
        select.add(w + " AS cs_w");
        select.add(w + " * " + w + " AS cs_w2");
        if (design.fpc1() != null) {
            select.add(dbl(col(design.fpc1())) + " AS cs_f");
        }
        for (int j = 0; j < items.size(); j++) {
            select.add(dbl(col(items.get(j).column())) + " AS cs_i" + j);
        }
        return "SELECT " + String.join(", ", select) + from();
    }

    private List<String> keyAliases() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < domainColumns.size(); i++) {
            keys.add("cs_d" + i);
        }
        if (design.strata() != null) {
            keys.add("cs_h");
        }
        if (design.clustered()) {
            keys.add("cs_p");
        }
        if (design.twoStage()) {
            keys.add("cs_s");
        }
        return keys;
    }

    // ---- aggregates ------------------------------------------------------------------------

    /** A number as an SQL literal (integers without a decimal point). */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    private static String in(String item, List<Double> values) {
        List<String> literals = new ArrayList<>();
        for (double v : values) {
            literals.add(number(v));
        }
        return values.size() == 1 ? item + " = " + literals.get(0) : item + " IN (" + String.join(", ", literals) + ")";
    }

    private void buildAggregates() {
        aggregates.add("COUNT(*)");
        aggregates.add("COUNT(CASE WHEN cs_w > 0 THEN 1 END)");
        aggregates.add("SUM(cs_w)");
        aggregates.add("COUNT(CASE WHEN cs_w IS NULL THEN 1 END)");
        aggregates.add("MIN(cs_w)");
        if (design.fpc1() != null) {
            aggregates.add("MIN(cs_f)");
            aggregates.add("MAX(cs_f)");
            aggregates.add("COUNT(CASE WHEN cs_f IS NULL THEN 1 END)");
        }
        if (design.twoStage()) {
            fpc2Start = aggregates.size();
            aggregates.add("MIN(cs_f2)");
            aggregates.add("MAX(cs_f2)");
            aggregates.add("COUNT(CASE WHEN cs_f2 IS NULL THEN 1 END)");
        }
        for (int j = 0; j < items.size(); j++) {
            SqlSurvey.Item item = items.get(j);
            Variable v = item.variable();
            String i = "cs_i" + j;
            itemStart[j] = aggregates.size();
            Map<Exclusion, List<Double>> byReason = new EnumMap<>(Exclusion.class);
            item.codes().forEach((code, reason) -> byReason.computeIfAbsent(reason, r -> new ArrayList<>()).add(code));
            if (v.isCategorical()) {
                for (double value : v.categories()) {
                    String when = "CASE WHEN " + i + " = " + number(value) + " THEN ";
                    aggregates.add("COUNT(" + when + "1 END)");
                    aggregates.add("SUM(" + when + "cs_w END)");
                    aggregates.add("SUM(" + when + "cs_w2 END)");
                }
            } else {
                String valid = "CASE WHEN " + i + " IS NOT NULL" + (item.codes().isEmpty() ? ""
                        : " AND NOT (" + in(i, new ArrayList<>(item.codes().keySet())) + ")") + " THEN ";
                String wy = "(cs_w * " + i + ")";
                aggregates.add("COUNT(" + valid + "1 END)");
                aggregates.add("SUM(" + valid + "cs_w END)");
                aggregates.add("SUM(" + valid + wy + " END)");
                aggregates.add("SUM(" + valid + wy + " * " + i + " END)");
                aggregates.add("SUM(" + valid + "cs_w2 END)");
                aggregates.add("SUM(" + valid + "cs_w * " + wy + " END)");
                aggregates.add("SUM(" + valid + wy + " * " + wy + " END)");
            }
            List<Exclusion> reasons = new ArrayList<>();
            for (Exclusion reason : Exclusion.values()) {
                List<Double> codes = byReason.get(reason);
                if (reason == Exclusion.MISSING) {
                    aggregates.add("COUNT(CASE WHEN " + i + " IS NULL" + (codes == null ? "" : " OR " + in(i, codes))
                            + " THEN 1 END)");
                } else if (codes != null) {
                    aggregates.add("COUNT(CASE WHEN " + in(i, codes) + " THEN 1 END)");
                } else {
                    continue;
                }
                reasons.add(reason);
            }
            itemReasons.add(reasons);
            invalidStart[j] = -1;
            if (v.isCategorical()) {
                List<Double> known = new ArrayList<>();
                for (double value : v.categories()) {
                    known.add(value);
                }
                known.addAll(item.codes().keySet());
                String invalid = "CASE WHEN NOT (" + in(i, known) + ") THEN ";
                invalidStart[j] = aggregates.size();
                aggregates.add("COUNT(" + invalid + "1 END)");
                aggregates.add("MIN(" + invalid + i + " END)");
            }
        }
        if (crossProducts) {
            crossStart = aggregates.size();
            for (int a = 0; a < items.size(); a++) {
                Variable va = items.get(a).variable();
                for (int b = a + 1; b < items.size() && va.isCategorical(); b++) {
                    Variable vb = items.get(b).variable();
                    if (!vb.isCategorical()) {
                        continue;
                    }
                    double[] ca = va.categories();
                    double[] cb = vb.categories();
                    for (int x = 0; x < ca.length; x++) {
                        for (int y = 0; y < cb.length; y++) {
                            aggregates.add("SUM(CASE WHEN cs_i" + a + " = " + number(ca[x]) + " AND cs_i" + b + " = "
                                    + number(cb[y]) + " THEN cs_w2 END)");
                            crossIndex.add(new int[] {a, x, b, y});
                        }
                    }
                }
            }
        }
    }

    /** Runs the aggregates {@code from..to-1} over the groups, adding each group's values. */
    private void query(String inner, List<String> keys, int from, int to, Map<List<String>, Row> groups) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ");
        for (String k : keys) {
            sql.append(k).append(", ");
        }
        sql.append(String.join(", ", aggregates.subList(from, to))).append(" FROM (").append(inner).append(") x");
        if (!keys.isEmpty()) {
            sql.append(" GROUP BY ").append(String.join(", ", keys));
        }
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql.toString())) {
            int k = keys.size();
            while (rs.next()) {
                List<String> labels = new ArrayList<>(k);
                for (int c = 1; c <= k; c++) {
                    labels.add(rs.getString(c));
                }
                Row row = groups.computeIfAbsent(labels, l -> new Row(l, aggregates.size()));
                for (int a = from; a < to; a++) {
                    double v = rs.getDouble(k + 1 + a - from);
                    // an aggregate over no rows is NULL (DuckDB's getDouble gives NaN for it, the others 0)
                    row.nulls[a] = rs.wasNull();
                    row.values[a] = row.nulls[a] ? 0 : v;
                }
            }
        }
    }

    // ---- statistics ------------------------------------------------------------------------

    private static String count(double n) {
        return String.format(Locale.ROOT, "%,d", (long) n);
    }

    private GroupedStatistics build(List<Row> rows) {
        int domains = domainColumns.size();
        int strataKey = design.strata() != null ? domains : -1;
        int psuKey = design.clustered() ? domains + (design.strata() != null ? 1 : 0) : -1;
        int ssuKey = design.twoStage() ? psuKey + 1 : -1;
        checkDesign(rows, strataKey, psuKey, ssuKey);
        checkItems(rows);

        // domains, numbered in label order as the store numbers them
        List<List<Optional<String>>> labels = new ArrayList<>();
        for (Row r : rows) {
            labels.add(domainLabels(r, domains));
        }
        Map<Integer, List<Optional<String>>> domainMap = StoreAggregation.domains(labels);
        Map<List<Optional<String>>, Integer> domainCodes = StoreAggregation.codes(domainMap);
        // strata in label order; PSUs numbered as found (within their stratum when nested)
        TreeSet<String> strataLabels = new TreeSet<>();
        for (Row r : rows) {
            strataLabels.add(strataKey < 0 ? "" : r.keys.get(strataKey));
        }
        Map<String, Integer> strataCodes = new HashMap<>();
        for (String s : strataLabels) {
            strataCodes.put(s, strataCodes.size());
        }
        Map<String, Long> psuCodes = new HashMap<>();
        Map<String, String> psuStratum = new HashMap<>();
        double[] sampled = new double[strataCodes.size()];
        for (Row r : rows) {
            String stratum = strataKey < 0 ? "" : r.keys.get(strataKey);
            int h = strataCodes.get(stratum);
            if (psuKey < 0) {
                sampled[h] += r.values[ROWS];
                continue;
            }
            String psu = r.keys.get(psuKey);
            String before = psuStratum.putIfAbsent(psu, stratum);
            if (before != null && !before.equals(stratum) && !design.nest()) {
                throw error("PSUs not nested in strata: PSU " + SqlIdentifiers.show(psu) + " of PSU column "
                        + SqlIdentifiers.show(design.psu()) + " is in strata " + SqlIdentifiers.show(before) + " and "
                        + SqlIdentifiers.show(stratum) + "; call nest(true) if PSU values are only unique within strata");
            }
            String key = psuKey(stratum, psu);
            if (!psuCodes.containsKey(key)) {
                psuCodes.put(key, (long) psuCodes.size());
                sampled[h]++;
            }
        }
        // SSUs numbered as found; the SSUs sampled in each PSU
        Map<List<String>, Long> ssuCodes = new HashMap<>();
        Map<Long, Integer> ssusSampled = new HashMap<>();
        for (Row r : rows) {
            if (ssuKey >= 0) {
                String stratum = strataKey < 0 ? "" : r.keys.get(strataKey);
                long p = psuCodes.get(psuKey(stratum, r.keys.get(psuKey)));
                if (ssuCodes.putIfAbsent(List.of(Long.toString(p), r.keys.get(ssuKey)), (long) ssuCodes.size()) == null) {
                    ssusSampled.merge(p, 1, Integer::sum);
                }
            }
        }

        List<Variable> variables = new ArrayList<>();
        for (SqlSurvey.Item item : items) {
            variables.add(item.variable());
        }
        SufficientStatistics.Builder b = (design.twoStage() ? SufficientStatistics.twoStageBuilder(variables)
                : SufficientStatistics.builder(variables, design.clustered())).lonelyPsu(design.lonelyPsu())
                .crossProducts(crossProducts);
        if (design.fpc1() != null) {
            populations(rows, strataKey, strataCodes, sampled, b, ssuKey < 0 ? null : r -> {
                String stratum = strataKey < 0 ? "" : r.keys.get(strataKey);
                return psuCodes.get(psuKey(stratum, r.keys.get(psuKey)));
            }, ssusSampled);
        }
        for (Row r : rows) {
            int d = domainCodes.get(domainLabels(r, domains));
            String stratum = strataKey < 0 ? "" : r.keys.get(strataKey);
            int h = strataCodes.get(stratum);
            long p = psuKey < 0 ? 0 : psuCodes.get(psuKey(stratum, r.keys.get(psuKey)));
            long q = ssuKey < 0 ? 0 : ssuCodes.get(List.of(Long.toString(p), r.keys.get(ssuKey)));
            double[] v = r.values;
            b.addCell(d, h, p, q, (long) v[ROWS], (long) v[POSITIVE], v[SUM_W]);
            for (int j = 0; j < items.size(); j++) {
                Variable var = items.get(j).variable();
                int at = itemStart[j];
                if (var.isCategorical()) {
                    double[] categories = var.categories();
                    for (int k = 0; k < categories.length; k++, at += 3) {
                        if (v[at] > 0) {
                            b.addCategory(d, h, p, q, var.name(), categories[k], (long) v[at], v[at + 1], v[at + 2]);
                        }
                    }
                } else {
                    if (v[at] > 0) {
                        b.addNumeric(d, h, p, q, var.name(), (long) v[at], v[at + 1], v[at + 2], v[at + 3], v[at + 4], v[at + 5],
                                v[at + 6]);
                    }
                    at += 7;
                }
                for (Exclusion reason : itemReasons.get(j)) {
                    if (v[at] > 0) {
                        b.addExcluded(d, h, p, q, var.name(), reason, (long) v[at]);
                    }
                    at++;
                }
            }
            if (crossProducts) {
                for (int x = 0; x < crossIndex.size(); x++) {
                    double sum = v[crossStart + x];
                    if (sum != 0) {
                        int[] ix = crossIndex.get(x);
                        Variable va = items.get(ix[0]).variable();
                        Variable vb = items.get(ix[2]).variable();
                        b.addCrossProduct(d, h, va.name(), va.categories()[ix[1]], vb.name(), vb.categories()[ix[3]], sum);
                    }
                }
            }
        }
        List<GroupBy> groupings = new ArrayList<>();
        for (String c : domainColumns) {
            groupings.add(GroupBy.respondent(c));
        }
        return new GroupedStatistics(b.build(), groupings, domainMap);
    }

    /** A PSU's key: its label, within its stratum when PSU labels are only unique there. */
    private String psuKey(String stratum, String psu) {
        return design.nest() ? stratum.length() + ":" + stratum + psu : psu;
    }

    private static List<Optional<String>> domainLabels(Row r, int domains) {
        List<Optional<String>> l = new ArrayList<>(domains);
        for (int i = 0; i < domains; i++) {
            l.add(Optional.ofNullable(r.keys.get(i)));
        }
        return l;
    }

    /** Weights, strata, PSUs and SSUs: no NULL, weights finite and >= 0 with a positive sum. */
    private void checkDesign(List<Row> rows, int strataKey, int psuKey, int ssuKey) {
        double nullWeights = 0;
        double minWeight = Double.POSITIVE_INFINITY;
        double sumWeights = 0;
        double nullStrata = 0;
        double nullPsus = 0;
        double nullSsus = 0;
        for (Row r : rows) {
            nullWeights += r.values[NULL_W];
            if (!r.nulls[MIN_W]) {
                minWeight = Math.min(minWeight, r.values[MIN_W]);
            }
            sumWeights += r.values[SUM_W];
            if (strataKey >= 0 && r.keys.get(strataKey) == null) {
                nullStrata += r.values[ROWS];
            }
            if (psuKey >= 0 && r.keys.get(psuKey) == null) {
                nullPsus += r.values[ROWS];
            }
            if (ssuKey >= 0 && r.keys.get(ssuKey) == null) {
                nullSsus += r.values[ROWS];
            }
        }
        String weight = design.weight() == null ? "" : SqlIdentifiers.show(design.weight());
        if (nullWeights > 0) {
            throw error("weight column " + weight + " is NULL in " + count(nullWeights) + " rows; every row needs a weight");
        }
        if (minWeight < 0) {
            throw error("weight column " + weight + " has negative weights (the smallest is " + minWeight + "); weights must"
                    + " be >= 0");
        }
        if (!Double.isFinite(sumWeights)) {
            throw error("weight column " + weight + " holds NaN or infinite weights; weights must be finite");
        }
        if (!(sumWeights > 0)) {
            throw error("weight column " + weight + " sums to 0; weights need a positive sum");
        }
        if (nullStrata > 0) {
            throw error("strata column " + SqlIdentifiers.show(design.strata()) + " is NULL in " + count(nullStrata)
                    + " rows; every row needs a stratum");
        }
        if (nullPsus > 0) {
            throw error("PSU column " + SqlIdentifiers.show(design.psu()) + " is NULL in " + count(nullPsus)
                    + " rows; every row needs a PSU");
        }
        if (nullSsus > 0) {
            throw error("SSU column " + SqlIdentifiers.show(design.ssu()) + " is NULL in " + count(nullSsus)
                    + " rows; every row needs an SSU");
        }
    }

    /** Item values that are neither a category nor a code; numeric sums that are not finite. */
    private void checkItems(List<Row> rows) {
        for (int j = 0; j < items.size(); j++) {
            SqlSurvey.Item item = items.get(j);
            String column = SqlIdentifiers.show(item.column());
            if (invalidStart[j] >= 0) {
                double invalid = 0;
                double smallest = Double.POSITIVE_INFINITY;
                for (Row r : rows) {
                    invalid += r.values[invalidStart[j]];
                    if (!r.nulls[invalidStart[j] + 1]) {
                        smallest = Math.min(smallest, r.values[invalidStart[j] + 1]);
                    }
                }
                if (invalid > 0) {
                    throw error("item column " + column + " has " + count(invalid) + " values that are neither a category "
                            + Arrays.toString(item.variable().categories()) + " of " + item.variable().name()
                            + " nor an exclusion code " + item.codes().keySet() + " (the smallest is " + smallest
                            + "); declare their codes with exclusionCode(...) or item(column, variable, codes)");
                }
            } else {
                for (Row r : rows) {
                    for (int k = 1; k < 7; k++) {
                        if (!Double.isFinite(r.values[itemStart[j] + k])) {
                            throw error("item column " + column + " holds NaN or infinite values; numeric items must be"
                                    + " finite (NULL for no answer)");
                        }
                    }
                }
            }
        }
    }

    /**
     * The stratum population sizes from the fpc column and, with a second stage, each PSU's
     * population of SSUs from the second-stage fpc column, as {@code SurveyDesign} reads them: both
     * columns are population sizes when a value of either is above 1, else sampling fractions.
     *
     * @param psuOf a group's PSU code (null without a second stage)
     * @param ssusSampled the SSUs sampled in each PSU (by code)
     */
    private void populations(List<Row> rows, int strataKey, Map<String, Integer> strataCodes, double[] sampled,
            SufficientStatistics.Builder b, java.util.function.Function<Row, Long> psuOf, Map<Long, Integer> ssusSampled) {
        String fpc = SqlIdentifiers.show(design.fpc1());
        Map<String, double[]> range = new TreeMap<>();
        double nulls = 0;
        for (Row r : rows) {
            nulls += r.values[NULL_F];
            if (!r.nulls[MIN_F]) {
                widen(range.computeIfAbsent(strataKey < 0 ? "" : r.keys.get(strataKey), s -> empty()), r, MIN_F);
            }
        }
        if (nulls > 0) {
            throw error("fpc column " + fpc + " is NULL in " + count(nulls) + " rows");
        }
        boolean[] aboveBelow = new boolean[2];
        for (Map.Entry<String, double[]> e : range.entrySet()) {
            checkRange("fpc column " + fpc, strataKey < 0 ? "" : " in stratum " + SqlIdentifiers.show(e.getKey()), e.getValue(), "stratum",
                    aboveBelow);
        }
        // the second stage: one fpc per PSU
        String fpc2 = psuOf == null ? null : SqlIdentifiers.show(design.fpc2());
        Map<Long, double[]> range2 = new TreeMap<>();
        Map<Long, Row> psuRow = new HashMap<>();
        if (psuOf != null) {
            double nulls2 = 0;
            for (Row r : rows) {
                nulls2 += r.values[fpc2Start + 2];
                if (!r.nulls[fpc2Start]) {
                    long p = psuOf.apply(r);
                    psuRow.putIfAbsent(p, r);
                    widen(range2.computeIfAbsent(p, x -> empty()), r, fpc2Start);
                }
            }
            if (nulls2 > 0) {
                throw error("second-stage fpc column " + fpc2 + " is NULL in " + count(nulls2) + " rows");
            }
            for (Map.Entry<Long, double[]> e : range2.entrySet()) {
                checkRange("second-stage fpc column " + fpc2, inPsu(psuRow.get(e.getKey()), strataKey), e.getValue(), "PSU",
                        aboveBelow);
            }
        }
        boolean sizes = aboveBelow[0];
        if (aboveBelow[0] && aboveBelow[1]) {
            throw error("fpc column " + fpc + (fpc2 == null ? "" : " with second-stage fpc column " + fpc2) + " mixes"
                    + " population sizes (> 1) and sampling fractions (< 1); must be all >= 1 or all <= 1");
        }
        for (Map.Entry<String, double[]> e : range.entrySet()) {
            int h = strataCodes.get(e.getKey());
            double f = e.getValue()[0];
            double population = sizes ? f : sampled[h] / f;
            if (population < sampled[h]) {
                throw error("fpc column " + fpc + (strataKey < 0 ? "" : " in stratum " + SqlIdentifiers.show(e.getKey()))
                        + " implies a population of " + population + ", smaller than the " + (long) sampled[h]
                        + (design.clustered() ? " PSUs" : " rows") + " sampled");
            }
            if (population != Double.POSITIVE_INFINITY) {
                b.stratumPopulation(h, population);
            }
        }
        for (Map.Entry<Long, double[]> e : range2.entrySet()) {
            Row r = psuRow.get(e.getKey());
            int m = ssusSampled.get(e.getKey());
            double f = e.getValue()[0];
            double population = sizes ? f : m / f;
            if (population < m) {
                throw error("second-stage fpc column " + fpc2 + inPsu(r, strataKey) + " implies a population of "
                        + population + " SSUs, smaller than the " + m + " sampled");
            }
            b.psuPopulation(strataCodes.get(strataKey < 0 ? "" : r.keys.get(strataKey)), e.getKey(), population);
        }
    }

    private static double[] empty() {
        return new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    }

    /** Widens a (min, max) range by a group's MIN and MAX aggregates at {@code at} and {@code at + 1}. */
    private static void widen(double[] mm, Row r, int at) {
        mm[0] = Math.min(mm[0], r.values[at]);
        mm[1] = Math.max(mm[1], r.values[at + 1]);
    }

    private String inPsu(Row r, int strataKey) {
        int psuKey = domainColumns.size() + (strataKey < 0 ? 0 : 1);
        return " in PSU " + SqlIdentifiers.show(r.keys.get(psuKey))
                + (strataKey < 0 ? "" : " of stratum " + SqlIdentifiers.show(r.keys.get(strataKey)));
    }

    /** One value per stratum (PSU), a size or a fraction; notes in {@code aboveBelow} whether it is above or below 1. */
    private void checkRange(String column, String where, double[] mm, String unit, boolean[] aboveBelow) {
        if (mm[0] != mm[1]) {
            throw error(column + " varies" + where + " (" + mm[0] + " to " + mm[1] + "); sufficient statistics need one"
                    + " population size per " + unit);
        }
        if (Double.isNaN(mm[0]) || mm[0] < 0) {
            throw error(column + " is " + mm[0] + where + "; must be a population size >= 1 or a sampling fraction in [0, 1]");
        }
        aboveBelow[0] |= mm[0] > 1;
        aboveBelow[1] |= mm[0] < 1;
    }
}
