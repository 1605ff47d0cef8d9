package org.civicsurvey.jdbc;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;

import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.Question;
import org.civicsurvey.model.QuestionKind;
import org.civicsurvey.model.Scale;
import org.civicsurvey.model.SpecialCode;
import org.civicsurvey.response.AnswerStatus;
import org.civicsurvey.scoring.GroupBy;
import org.civicsurvey.scoring.SurveyVariables;
import org.civicsurvey.stats.Exclusion;
import org.civicsurvey.stats.LonelyPsu;
import org.civicsurvey.stats.SufficientStatistics;
import org.civicsurvey.stats.Variable;

/**
 * A survey kept in any SQL table or query in wide format (one row per respondent, one column per
 * item), analysed where it is: the engine's {@link SufficientStatistics} are summed by the database
 * in one {@code GROUP BY} query and only the sums (one row per domain and PSU, per domain and
 * stratum, or per domain and SSU with a second stage) come back, so every estimator, index engine
 * and report works on them unchanged. Works on PostgreSQL, MariaDB/MySQL, H2 and DuckDB (in
 * process, over Parquet or CSV files: {@link #parquet(String)}, {@link #csv(String)}), and on other
 * databases that speak standard SQL.
 *
 * <pre>{@code
 * SqlSurvey survey = SqlSurvey.parquet("ratings/*.parquet")       // or table(dataSource, "ratings")
 *         .weight("w").strata("province").clusters("commune")
 *         .domains("province")
 *         .items(StandardInstruments.sipas2017())                   // one column per rating item
 *         .build();
 * GroupedStatistics stats = survey.statistics().orElseThrow();
 * Map<Integer, RollUpResult> sipas = RollUp.sipas().evaluateByDomain(instrument, stats.statistics(), Estimator.withDefaults());
 * }</pre>
 *
 * <p><b>Columns.</b> The design: an optional weight (absent: every row weighs 1), optional strata,
 * optional clusters (PSU; or PSU and SSU), optional fpc (population sizes or sampling fractions, as
 * {@code SurveyDesign.Builder#fpc}), R's {@code nest} and lonely-PSU policy. Domains: any columns;
 * the statistics' domain codes number their distinct label combinations in label order, a NULL
 * being the "no value" label ({@link GroupedStatistics#domains()}). Items: numeric columns, each a
 * categorical {@link Variable} (its categories the valid values) or a numeric one, with exclusion
 * codes ({@code 98} → {@link Exclusion#DONT_KNOW}); NULL is {@link Exclusion#MISSING}. An item's
 * answers count in its denominators exactly as the core's in-memory collector counts them, so the
 * statistics equal those of {@code SurveyData.statistics} on the same rows (up to floating-point
 * summation order).
 *
 * <p><b>Designs.</b> As {@code SurveyDesign}: strata, PSUs, a per-stratum fpc. Two-stage clusters
 * ({@link Builder#clusters(String, String)}) with a first-stage fpc or none give the
 * ultimate-cluster variance, as R and {@code SurveyDesign} do; with a second-stage fpc too
 * ({@link Builder#fpc(String, String)}) the second stage enters the variance, as R's
 * {@code svydesign(id = ~psu + ssu, fpc = ~fpc1 + fpc2)}: the sums then come back per SSU and
 * the second-stage fpc must be constant within each PSU. Without clusters every row is its own
 * PSU (the unclustered layout: memory grows with domains × strata);
 * {@link Builder#crossProducts(boolean)} then also sums the products between items that the
 * standard error of an element or index needs.
 *
 * <p><b>Names are never SQL.</b> Table and column names are checked against a strict alphabet
 * (letters of any script, digits, {@code _ $ -}, inner spaces; see {@code docs/jdbc.md}) and quoted
 * with the database's identifier quote, so a hostile name is an {@link IllegalArgumentException}
 * naming it. A {@linkplain #query(DataSource, String) query} is SQL you write and is used as it is:
 * never build it from input. Before summing, the source's columns are read from the database's
 * metadata: a missing column, or an item, weight or fpc column that is not numeric, is a {@link
 * SurveyStoreException} naming the column; so are NULL weights, strata, PSUs or SSUs, negative
 * weights, item values that are neither a category nor an exclusion code, an fpc that varies within
 * a stratum, and a second-stage fpc that varies within a PSU.
 *
 * <p>Any {@link DataSource} will do: a pool, or for a JDBC URL {@code new UrlDataSource(url, user,
 * password)}. Instances are immutable and thread-safe; each {@link #statistics()} borrows one
 * connection and only reads.
 */
public final class SqlSurvey {

    /** The DuckDB JDBC driver, loaded by name so that DuckDB stays an optional dependency. */
    static final String DUCKDB_DRIVER = "org.duckdb.DuckDBDriver";

    private final DataSource dataSource;
    private final Source source;
    private final Design design;
    private final List<String> domains;
    private final List<Item> items;
    private final boolean crossProducts;

    private SqlSurvey(Builder b) {
        this.dataSource = b.dataSource;
        this.source = b.source;
        this.design = new Design(b.weight, b.strata, b.psu, b.ssu, b.fpc1, b.fpc2, b.nest, b.lonelyPsu);
        this.domains = List.copyOf(b.domains);
        List<Item> all = new ArrayList<>();
        for (Item item : b.items) {
            all.add(item.withCodes(b.commonCodes));
        }
        this.items = List.copyOf(all);
        this.crossProducts = b.crossProducts;
    }

    /**
     * Starts a survey over a table or view.
     *
     * @param dataSource where the table is
     * @param name the table's name, optionally qualified: {@code ("ratings")}, {@code ("public", "ratings")}
     * @return a builder
     * @throws IllegalArgumentException if a part of the name is not a valid name
     */
    public static Builder table(DataSource dataSource, String... name) {
        Objects.requireNonNull(name, "name");
        if (name.length < 1 || name.length > 3) {
            throw new IllegalArgumentException("table name has " + name.length + " parts; give 1 to 3 (catalog, schema, table)");
        }
        for (String part : name) {
            SqlIdentifiers.check("table name", part);
        }
        return new Builder(dataSource, new Source(List.of(name), null));
    }

    /**
     * Starts a survey over the rows of a query of yours, e.g. {@code SELECT * FROM ratings WHERE year
     * = 2024} or, on DuckDB, {@code SELECT * FROM read_parquet('ratings/*.parquet')}. The query is
     * run as a derived table, as written: it is trusted SQL, never to be built from input.
     *
     * @param dataSource where to run it
     * @param sql one {@code SELECT} (or {@code WITH}, {@code VALUES}) statement, without a trailing {@code ;}
     * @return a builder
     * @throws IllegalArgumentException if the query is blank or ends with {@code ;}
     */
    public static Builder query(DataSource dataSource, String sql) {
        Objects.requireNonNull(sql, "sql");
        String trimmed = sql.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("query is blank");
        }
        if (trimmed.endsWith(";")) {
            throw new IllegalArgumentException("query ends with ';'; give one statement without it (it runs as a derived table)");
        }
        return new Builder(dataSource, new Source(null, trimmed));
    }

    /**
     * Starts a survey over Parquet files read by DuckDB in this process ({@code read_parquet}), which
     * reads only the columns the statistics need. Needs {@code org.duckdb:duckdb_jdbc} on the class path.
     *
     * @param path a file, or a glob such as {@code ratings/*.parquet}
     * @return a builder
     * @throws IllegalStateException if DuckDB is not on the class path
     */
    public static Builder parquet(String path) {
        return query(duckDb(), "SELECT * FROM read_parquet(" + SqlIdentifiers.literal("parquet path", path) + ")");
    }

    /**
     * Starts a survey over a CSV file (with a header row) read by DuckDB in this process
     * ({@code read_csv}, types detected; an empty field is NULL). Needs {@code org.duckdb:duckdb_jdbc}
     * on the class path. For other options write the {@code read_csv(...)} call in a {@link
     * #query(DataSource, String)} on {@link #duckDb()}.
     *
     * @param path a file, or a glob
     * @return a builder
     * @throws IllegalStateException if DuckDB is not on the class path
     */
    public static Builder csv(String path) {
        return query(duckDb(), "SELECT * FROM read_csv(" + SqlIdentifiers.literal("csv path", path) + ")");
    }

    /**
     * An in-process DuckDB database in memory (a new one per connection), for reading files with
     * {@code read_parquet}, {@code read_csv} and the like. Needs {@code org.duckdb:duckdb_jdbc} on the
     * class path.
     *
     * @return the data source
     * @throws IllegalStateException if DuckDB is not on the class path
     */
    public static DataSource duckDb() {
        return duckDb(SqlSurvey.class.getClassLoader());
    }

    /** {@link #duckDb()}, looking for the driver through a given class loader. */
    static DataSource duckDb(ClassLoader loader) {
        requireDuckDb(loader, "SqlSurvey.duckDb(), parquet() and csv() need");
        return new UrlDataSource("jdbc:duckdb:", null, null);
    }

    /**
     * Loads the DuckDB driver through the class loader.
     *
     * @param who who needs it, for the message ("ParquetExporter needs")
     * @throws IllegalStateException if it is not on the class path, naming the dependency to add
     */
    static void requireDuckDb(ClassLoader loader, String who) {
        try {
            Class.forName(DUCKDB_DRIVER, true, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("DuckDB is not on the class path: " + who
                    + " the dependency org.duckdb:duckdb_jdbc (not brought by survey-jdbc; add it to your build)", e);
        }
    }

    /**
     * Sums the statistics inside the database: one {@code GROUP BY} query over the source (with
     * {@linkplain Builder#crossProducts(boolean) cross-products}, a few more over the same groups).
     *
     * @return the statistics and their domains' labels; empty when the source has no rows
     * @throws SurveyStoreException for a missing or non-numeric column, bad design values (NULL or
     *     negative weights, NULL strata, PSUs or SSUs, an fpc varying within a stratum or, at the
     *     second stage, within a PSU, PSUs not nested in strata), item values that are neither a
     *     category nor an exclusion code, or a database error
     */
    public Optional<GroupedStatistics> statistics() {
        String op = "SqlSurvey over " + source.describe();
        try (java.sql.Connection c = dataSource.getConnection()) {
            return new WideAggregation(c, op, source, design, domains, items, crossProducts).run();
        } catch (SQLException e) {
            throw new SurveyStoreException(op + ": database error", e);
        }
    }

    /** @return the variables the statistics hold, in item order */
    public List<Variable> variables() {
        List<Variable> out = new ArrayList<>();
        for (Item item : items) {
            out.add(item.variable());
        }
        return out;
    }

    /** @return the groupings the statistics' domains are labelled by: one per domain column, named after it */
    public List<GroupBy> groupings() {
        List<GroupBy> out = new ArrayList<>();
        for (String d : domains) {
            out.add(GroupBy.respondent(d));
        }
        return out;
    }

    @Override
    public String toString() {
        return "SqlSurvey[" + source.describe() + ", " + items.size() + " items, domains " + domains + "]";
    }

    /** A table (name parts) or a query. */
    record Source(List<String> table, String query) {
        String describe() {
            if (table != null) {
                StringBuilder b = new StringBuilder("table ");
                for (int i = 0; i < table.size(); i++) {
                    b.append(i == 0 ? "" : ".").append(SqlIdentifiers.show(table.get(i)));
                }
                return b.toString();
            }
            String oneLine = query.replaceAll("\\s+", " ");
            return "query \"" + (oneLine.length() > 80 ? oneLine.substring(0, 77) + "..." : oneLine) + "\"";
        }

        /** The FROM clause's source, with the database's quote. */
        String sql(String quote) {
            if (table != null) {
                List<String> parts = new ArrayList<>();
                for (String p : table) {
                    parts.add(SqlIdentifiers.quote(p, quote));
                }
                return String.join(".", parts);
            }
            return "(" + query + ")";
        }
    }

    /** The design's columns (null when absent). */
    record Design(String weight, String strata, String psu, String ssu, String fpc1, String fpc2, boolean nest,
            LonelyPsu lonelyPsu) {
        boolean clustered() {
            return psu != null;
        }

        /** Whether the second stage enters the variance: SSUs and a second-stage fpc. */
        boolean twoStage() {
            return ssu != null && fpc2 != null;
        }
    }

    /**
     * An item: its column, its variable, and its exclusion codes (value → reason; NULL is missing).
     */
    record Item(String column, Variable variable, Map<Double, Exclusion> codes) {
        Item {
            codes = Collections.unmodifiableMap(new TreeMap<>(codes));
        }

        /**
         * This item with the codes shared by every item: they apply to a categorical item whose
         * categories do not hold them (98 = don't know on a 1..5 scale, but not 8 on a 0..10 NPS
         * scale), never to a numeric item, whose values they could be.
         */
        Item withCodes(Map<Double, Exclusion> common) {
            Map<Double, Exclusion> all = new TreeMap<>();
            if (variable.isCategorical()) {
                common.forEach((code, reason) -> {
                    if (variable.codeOf(code) < 0) {
                        all.put(code, reason);
                    }
                });
            }
            for (Map.Entry<Double, Exclusion> e : codes.entrySet()) {
                Exclusion before = all.put(e.getKey(), e.getValue());
                if (before != null && before != e.getValue()) {
                    throw new IllegalArgumentException("item " + SqlIdentifiers.show(column) + ": code " + e.getKey()
                            + " means " + e.getValue() + " for it and " + before + " for every item");
                }
            }
            for (double code : all.keySet()) {
                if (variable.codeOf(code) >= 0) {
                    throw new IllegalArgumentException("item " + SqlIdentifiers.show(column) + ": exclusion code " + code
                            + " is also one of its categories " + java.util.Arrays.toString(variable.categories()));
                }
            }
            return new Item(column, variable, all);
        }
    }

    /**
     * What to read: the design's, domains' and items' columns. Every name is checked as it is given.
     */
    public static final class Builder {
        private final DataSource dataSource;
        private final Source source;
        private String weight;
        private String strata;
        private String psu;
        private String ssu;
        private String fpc1;
        private String fpc2;
        private boolean nest;
        private LonelyPsu lonelyPsu = LonelyPsu.FAIL;
        private final List<String> domains = new ArrayList<>();
        private final List<Item> items = new ArrayList<>();
        private final Map<Double, Exclusion> commonCodes = new LinkedHashMap<>();
        private boolean crossProducts;

        Builder(DataSource dataSource, Source source) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            this.source = source;
        }

        /**
         * @param column the weight column (numeric, no NULL, {@code >= 0}); without one every row weighs 1
         * @return this builder
         */
        public Builder weight(String column) {
            this.weight = SqlIdentifiers.check("weight column", column);
            return this;
        }

        /**
         * @param column the strata column (any type; no NULL)
         * @return this builder
         */
        public Builder strata(String column) {
            this.strata = SqlIdentifiers.check("strata column", column);
            return this;
        }

        /**
         * One-stage clusters.
         *
         * @param psu the primary sampling unit column (any type; no NULL)
         * @return this builder
         */
        public Builder clusters(String psu) {
            this.psu = SqlIdentifiers.check("PSU column", psu);
            this.ssu = null;
            return this;
        }

        /**
         * Two-stage clusters. The variance is the ultimate-cluster one (PSUs only) unless a
         * second-stage fpc is given, as in R and {@code SurveyDesign}.
         *
         * @param psu the primary sampling unit column
         * @param ssu the secondary sampling unit column (unique within its PSU)
         * @return this builder
         */
        public Builder clusters(String psu, String ssu) {
            this.psu = SqlIdentifiers.check("PSU column", psu);
            this.ssu = SqlIdentifiers.check("SSU column", ssu);
            return this;
        }

        /**
         * First-stage finite population correction: per row the stratum's population size (in PSUs;
         * in rows without clusters) or its sampling fraction (values {@code <= 1}), constant within a stratum.
         *
         * @param column the fpc column (numeric, no NULL)
         * @return this builder
         */
        public Builder fpc(String column) {
            this.fpc1 = SqlIdentifiers.check("fpc column", column);
            this.fpc2 = null;
            return this;
        }

        /**
         * Finite population corrections at both stages (R's {@code fpc = ~fpc1 + fpc2}): the second
         * stage then enters the variance. The second-stage fpc is per row the PSU's population of
         * SSUs or its sampling fraction (sizes or fractions as the first stage's: sizes when a value
         * of either column is above 1), constant within a PSU. Needs {@link #clusters(String, String)}.
         *
         * @param stage1 the first-stage fpc column
         * @param stage2 the second-stage fpc column (numeric, no NULL)
         * @return this builder
         */
        public Builder fpc(String stage1, String stage2) {
            this.fpc1 = SqlIdentifiers.check("fpc column", stage1);
            this.fpc2 = SqlIdentifiers.check("second-stage fpc column", stage2);
            return this;
        }

        /**
         * @param nest true when PSU values are only unique within strata (R's {@code nest = TRUE});
         *     by default a PSU value found in two strata is an error
         * @return this builder
         */
        public Builder nest(boolean nest) {
            this.nest = nest;
            return this;
        }

        /**
         * @param policy what to do with a stratum with one PSU (default {@link LonelyPsu#FAIL}, as R)
         * @return this builder
         */
        public Builder lonelyPsu(LonelyPsu policy) {
            this.lonelyPsu = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Groups by these columns (any type); each distinct combination of their values is a domain.
         *
         * @param columns the domain columns, in order
         * @return this builder
         */
        public Builder domains(String... columns) {
            Objects.requireNonNull(columns, "columns");
            for (String c : columns) {
                SqlIdentifiers.check("domain column", c);
                if (domains.contains(c)) {
                    throw new IllegalArgumentException("domain column " + SqlIdentifiers.show(c) + " is given twice");
                }
                domains.add(c);
            }
            return this;
        }

        /**
         * An item in the column of the variable's name.
         *
         * @param variable the item's variable (categorical: the valid values; or numeric)
         * @return this builder
         */
        public Builder item(Variable variable) {
            return item(Objects.requireNonNull(variable, "variable").name(), variable, Map.of());
        }

        /**
         * An item read from a column, under the variable's name.
         *
         * @param column the item's column (numeric)
         * @param variable the item's variable
         * @return this builder
         */
        public Builder item(String column, Variable variable) {
            return item(column, variable, Map.of());
        }

        /**
         * An item with exclusion codes of its own (besides the shared ones of {@link #exclusionCode}).
         *
         * @param column the item's column (numeric)
         * @param variable the item's variable
         * @param codes value → why it is excluded (e.g. {@code 98.0 → DONT_KNOW}); not categories
         * @return this builder
         */
        public Builder item(String column, Variable variable, Map<Double, Exclusion> codes) {
            SqlIdentifiers.check("item column", column);
            Objects.requireNonNull(variable, "variable");
            Objects.requireNonNull(codes, "codes");
            for (Item other : items) {
                if (other.variable().name().equals(variable.name())) {
                    throw new IllegalArgumentException("variable " + variable.name() + " is given twice");
                }
            }
            Map<Double, Exclusion> checked = new TreeMap<>();
            codes.forEach((code, reason) -> checked.put(finite(code, column), Objects.requireNonNull(reason, "reason")));
            items.add(new Item(column, variable, checked).withCodes(Map.of()));
            return this;
        }

        /**
         * The items of an instrument: each rating, NPS and number question read from the column
         * named by its id, as {@link SurveyVariables#of(Question)} defines its variable, its scale's
         * special codes (e.g. 98 = don't know) as exclusion codes. Choice and text questions are not
         * items of a wide numeric table and are skipped.
         *
         * @param instrument the instrument
         * @return this builder
         */
        public Builder items(Instrument instrument) {
            Objects.requireNonNull(instrument, "instrument");
            for (Question q : instrument.questions()) {
                if (q.kind() != QuestionKind.RATING && q.kind() != QuestionKind.NPS && q.kind() != QuestionKind.NUMBER) {
                    continue;
                }
                Map<Double, Exclusion> codes = new TreeMap<>();
                Optional<Scale> scale = q.answerScale();
                if (scale.isPresent()) {
                    for (SpecialCode sc : scale.get().specialCodes()) {
                        codes.put((double) sc.code(), SurveyVariables.exclusion(AnswerStatus.of(sc.status())));
                    }
                }
                item(q.id(), SurveyVariables.of(q), codes);
            }
            return this;
        }

        /**
         * An exclusion code shared by the categorical items (e.g. {@code 9} for don't know on a paper
         * ballot): it applies to each categorical item whose categories do not hold it (so {@code 9}
         * stays an answer of a 0..10 NPS item), never to numeric items (give theirs with {@link
         * #item(String, Variable, Map)}).
         *
         * @param code the value in the item columns
         * @param reason why it is excluded
         * @return this builder
         */
        public Builder exclusionCode(double code, Exclusion reason) {
            Objects.requireNonNull(reason, "reason");
            Exclusion before = commonCodes.put(finite(code, "every item"), reason);
            if (before != null && before != reason) {
                throw new IllegalArgumentException("exclusion code " + code + " is given as " + before + " and " + reason);
            }
            return this;
        }

        /**
         * Keeps the products between categorical items that the covariance of two items needs when
         * every row is its own PSU (no clusters): the standard error of an element or an index.
         * Clustered statistics get them from the PSU totals and need none. Costs about k(k−1)/2 × K²
         * sums per domain and stratum for k items of K categories, summed by extra queries.
         *
         * @param keep whether to keep them (default false)
         * @return this builder
         */
        public Builder crossProducts(boolean keep) {
            this.crossProducts = keep;
            return this;
        }

        private static double finite(double code, String where) {
            if (!Double.isFinite(code)) {
                throw new IllegalArgumentException("exclusion code of " + where + " is " + code + "; must be finite");
            }
            return code == 0 ? 0.0 : code; // -0.0 and 0.0 are one code
        }

        /**
         * @return the survey
         * @throws IllegalArgumentException with no items, a second-stage fpc without second-stage
         *     clusters, cross-products with clusters, or an exclusion code that is a category
         */
        public SqlSurvey build() {
            if (items.isEmpty()) {
                throw new IllegalArgumentException("no items: add item columns with item(...) or items(instrument)");
            }
            if (fpc2 != null && ssu == null) {
                throw new IllegalArgumentException("a second-stage fpc needs second-stage clusters: call clusters(psu, ssu)");
            }
            if (crossProducts && psu != null) {
                throw new IllegalArgumentException("cross-products are kept only without clusters (every row its own PSU);"
                        + " clustered statistics get covariances from the PSU totals");
            }
            return new SqlSurvey(this);
        }
    }
}
