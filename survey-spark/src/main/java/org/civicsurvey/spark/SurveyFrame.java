package org.civicsurvey.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.Column;
import org.civicsurvey.spark.internal.Failures;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.civicsurvey.spark.internal.CellSums;
import org.civicsurvey.spark.internal.Plan;
import org.civicsurvey.spark.internal.Selection;
import org.civicsurvey.spark.internal.StatisticsAssembly;
import org.civicsurvey.stats.Exclusion;
import org.civicsurvey.stats.LonelyPsu;
import org.civicsurvey.stats.SufficientStatistics;
import org.civicsurvey.stats.Variable;
import org.civicsurvey.weighting.Weighting;

/**
 * A survey held in a Spark DataFrame, one row per respondent, described by column names: the
 * weight, strata, primary (and secondary) sampling units, the finite population correction, the
 * domain, and one column per item. {@link #statistics(List)} sums the rows into the core's
 * {@link SufficientStatistics} with one Spark job (each task adds its partition's rows into one
 * buffer of mergeable sums, reading them column by column from Spark's column batches when the
 * DataFrame is cached or read from Parquet or ORC files, else row by row with Spark's primitive
 * getters; the buffers are added in a tree), so every estimator, index engine and report of the library works on the result unchanged. The weights stay in the DataFrame: {@link #rake} and
 * {@link #postStratify} add a weight column computed by aggregations.
 *
 * <pre>{@code
 * SufficientStatistics stats = SurveyFrame.of(ratings)
 *         .weight("w").strata("province").clusters("commune").fpc("communes")
 *         .excluding(9, Exclusion.DONT_KNOW)
 *         .groupBy("province")
 *         .statistics(SurveyVariables.of(instrument));
 * Map<Integer, RollUpResult> sipas = RollUp.sipas().evaluateByDomain(instrument, stats, Estimator.withDefaults());
 * }</pre>
 *
 * <p><b>Columns.</b> Each is named exactly as in the DataFrame's schema (names with dots are
 * fine). The weight and the fpc must be numeric; strata, PSU, SSU and domain columns integral
 * ({@code byte}, {@code short}, {@code int}, {@code long}; strata and domain codes within the int
 * range); an item column numeric, named as its {@link Variable}. A missing column, a column of the
 * wrong type, and a null in a design column are errors naming the column.
 *
 * <p><b>Answers.</b> In a categorical variable's column a value is one of its categories, a
 * declared exclusion code ({@link #excluding(double, Exclusion)}), or null / NaN for a missing
 * answer ({@link Exclusion#MISSING}); any other value is an error naming the column and the value.
 * In a numeric variable's column null and NaN are missing, other values must be finite.
 *
 * <p><b>Design.</b> As the core's {@code SurveyDesign} and R's {@code svydesign}: without PSUs
 * every row is its own PSU; without strata one stratum; without a weight every row weighs 1. The
 * fpc holds population sizes (values &gt; 1) or sampling fractions (all &lt;= 1), one per stratum.
 * Two-stage clusters ({@link #clusters(String, String)}) give R's ultimate-cluster variance, which is
 * R's variance of {@code svydesign(id = ~psu + ssu)} without a second-stage fpc; with fpc at both
 * stages ({@link #fpc(String, String)}) the second stage enters the variance as in R's
 * {@code svydesign(id = ~psu + ssu, fpc = ~fpc1 + fpc2)}, summed per SSU. Without {@link #nest(boolean) nest(true)} a PSU id that appears in two strata
 * is an error, as in R.
 *
 * <p>Instances are immutable: every method returns a new frame. A frame over a cached DataFrame
 * keeps the columns its last call selected, as Spark planned them, and uses them again for the same
 * variables while the cache stays loaded (planning takes tens of milliseconds); otherwise every call
 * selects and plans anew. Spark itself is the user's.
 */
public final class SurveyFrame {
    private final Dataset<Row> data;
    private final String weight;
    private final String strata;
    private final String psu;
    private final String ssu;
    private final String fpc;
    private final String fpc2;
    private final boolean nest;
    private final LonelyPsu lonelyPsu;
    private final String domain;
    private final Map<Double, Exclusion> exclusions;
    private final boolean crossProducts;
    /** The selection of the last call, used again while it stays valid ({@link Selection#reusableFor}). */
    private final AtomicReference<Selection> selection = new AtomicReference<>();

    private SurveyFrame(Dataset<Row> data, String weight, String strata, String psu, String ssu, String fpc, String fpc2,
                        boolean nest, LonelyPsu lonelyPsu, String domain, Map<Double, Exclusion> exclusions,
                        boolean crossProducts) {
        this.data = data;
        this.weight = weight;
        this.strata = strata;
        this.psu = psu;
        this.ssu = ssu;
        this.fpc = fpc;
        this.fpc2 = fpc2;
        this.nest = nest;
        this.lonelyPsu = lonelyPsu;
        this.domain = domain;
        this.exclusions = exclusions;
        this.crossProducts = crossProducts;
    }

    /**
     * @param data one row per respondent
     * @return an unweighted, unstratified, unclustered survey of the rows, one domain, no exclusion codes
     */
    public static SurveyFrame of(Dataset<Row> data) {
        return new SurveyFrame(Objects.requireNonNull(data, "data"), null, null, null, null, null, null, false,
            LonelyPsu.FAIL,
            null, Map.of(), false);
    }

    private static String name(String role, String column) {
        Objects.requireNonNull(column, role + " column");
        if (column.isBlank()) {
            throw new IllegalArgumentException(role + " column name is blank");
        }
        return column;
    }

    /** @return the DataFrame */
    public Dataset<Row> data() {
        return data;
    }

    /** @return the weight column, or null when every row weighs 1 */
    public String weightColumn() {
        return weight;
    }

    /**
     * @param column the sampling weight of each row (finite, &gt;= 0, with a positive sum)
     * @return a frame with that weight
     */
    public SurveyFrame weight(String column) {
        return new SurveyFrame(data, name("weight", column), strata, psu, ssu, fpc, fpc2, nest, lonelyPsu, domain, exclusions,
            crossProducts);
    }

    /**
     * @param column the stratum code of each row
     * @return a frame with those strata
     */
    public SurveyFrame strata(String column) {
        return new SurveyFrame(data, weight, name("strata", column), psu, ssu, fpc, fpc2, nest, lonelyPsu, domain, exclusions,
            crossProducts);
    }

    /**
     * One-stage clusters.
     *
     * @param psu the primary sampling unit of each row
     * @return a clustered frame
     */
    public SurveyFrame clusters(String psu) {
        return new SurveyFrame(data, weight, strata, name("psu", psu), null, fpc, fpc2, nest, lonelyPsu, domain, exclusions,
            crossProducts);
    }

    /**
     * Two-stage clusters: the variance is the ultimate-cluster one (R's {@code svydesign(id = ~psu + ssu)}
     * without a second-stage fpc; the SSU column is checked, integral with no nulls, but does not
     * enter it) unless {@link #fpc(String, String)} gives a second-stage fpc.
     *
     * @param psu the primary sampling unit of each row
     * @param ssu the secondary sampling unit of each row
     * @return a clustered frame
     */
    public SurveyFrame clusters(String psu, String ssu) {
        return new SurveyFrame(data, weight, strata, name("psu", psu), name("ssu", ssu), fpc, fpc2, nest, lonelyPsu, domain,
            exclusions, crossProducts);
    }

    /**
     * @param column first-stage finite population correction of each row: population sizes
     *     (values &gt; 1, in PSUs; in rows when unclustered) or sampling fractions (all &lt;= 1), constant
     *     within each stratum
     * @return a frame with that fpc
     */
    public SurveyFrame fpc(String column) {
        return new SurveyFrame(data, weight, strata, psu, ssu, name("fpc", column), null, nest, lonelyPsu, domain, exclusions,
            crossProducts);
    }

    /**
     * Finite population corrections at both stages (R's {@code fpc = ~fpc1 + fpc2}): the second
     * stage then enters the variance, and the statistics hold one cell per SSU
     * ({@code SufficientStatistics.twoStageBuilder}). Needs {@link #clusters(String, String)}.
     *
     * @param stage1 first-stage fpc of each row, as {@link #fpc(String)}
     * @param stage2 second-stage fpc of each row: its PSU's population of SSUs or sampling fraction
     *     (sizes when a value of either column is &gt; 1, else fractions), constant within each PSU
     * @return a frame with those fpc
     */
    public SurveyFrame fpc(String stage1, String stage2) {
        return new SurveyFrame(data, weight, strata, psu, ssu, name("fpc", stage1), name("second-stage fpc", stage2), nest,
            lonelyPsu, domain, exclusions, crossProducts);
    }

    /**
     * @param nest true when PSU ids are only unique within strata (R's {@code nest = TRUE})
     * @return a frame with that setting
     */
    public SurveyFrame nest(boolean nest) {
        return new SurveyFrame(data, weight, strata, psu, ssu, fpc, fpc2, nest, lonelyPsu, domain, exclusions, crossProducts);
    }

    /**
     * @param policy what a stratum with one PSU contributes to a variance (default {@link LonelyPsu#FAIL}, as R)
     * @return a frame with that policy
     */
    public SurveyFrame lonelyPsu(LonelyPsu policy) {
        return new SurveyFrame(data, weight, strata, psu, ssu, fpc, fpc2, nest, Objects.requireNonNull(policy, "policy"), domain,
            exclusions, crossProducts);
    }

    /**
     * Declares a code that, in any categorical item's column, means an excluded answer (e.g. 9 =
     * don't know), left out of the denominators and counted by reason as everywhere in the library.
     * A category of a variable keeps its meaning in that variable even if it equals a code.
     *
     * @param value the code, finite
     * @param reason why such answers are excluded
     * @return a frame with that code added
     */
    public SurveyFrame excluding(double value, Exclusion reason) {
        Objects.requireNonNull(reason, "reason");
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("exclusion code " + value + " must be finite (null and NaN already mean "
                + Exclusion.MISSING + ")");
        }
        Map<Double, Exclusion> codes = new TreeMap<>(exclusions);
        Exclusion prev = codes.put(value, reason);
        if (prev != null && prev != reason) {
            throw new IllegalArgumentException("exclusion code " + Plan.format(value) + " is already " + prev);
        }
        return new SurveyFrame(data, weight, strata, psu, ssu, fpc, fpc2, nest, lonelyPsu, domain, java.util.Collections.unmodifiableMap(codes),
            crossProducts);
    }

    /**
     * Sums by domain: the statistics then hold every domain's cells, as R's {@code svyby} needs them
     * (estimate one domain with {@code Statistic.in(code)}, all with {@code Estimator.byDomain}).
     *
     * @param column the domain code of each row (integral; the finest grouping wanted, coarser ones
     *     come from {@code SufficientStatistics.collapseDomains})
     * @return a frame grouped by that column
     */
    public SurveyFrame groupBy(String column) {
        return new SurveyFrame(data, weight, strata, psu, ssu, fpc, fpc2, nest, lonelyPsu, name("domain", column), exclusions,
            crossProducts);
    }

    /**
     * @param keep keep the cross-products between categorical items that covariances between items
     *     need in an unclustered design (an element's or an index's standard error); ignored when
     *     clustered, where covariances come from PSU totals
     * @return a frame with that setting
     */
    public SurveyFrame crossProducts(boolean keep) {
        return new SurveyFrame(data, weight, strata, psu, ssu, fpc, fpc2, nest, lonelyPsu, domain, exclusions, keep);
    }

    /**
     * A frame over other rows (e.g. a filtered or re-weighted DataFrame) with the same design.
     *
     * @param other the rows
     * @return a frame with the same columns and settings over {@code other}
     */
    public SurveyFrame withData(Dataset<Row> other) {
        return new SurveyFrame(Objects.requireNonNull(other, "data"), weight, strata, psu, ssu, fpc, fpc2, nest, lonelyPsu,
            domain, exclusions, crossProducts);
    }

    /**
     * @param variables the items, each named as its column
     * @return the statistics of all rows
     * @see #statistics(List)
     */
    public SufficientStatistics statistics(Variable... variables) {
        return statistics(Arrays.asList(variables));
    }

    /**
     * Sums the rows into sufficient statistics with one Spark job: each partition's rows are added
     * into their cells' sums (domain, stratum, PSU), the partitions' sums are added together, and the
     * core's {@link SufficientStatistics.Builder} receives them, so the result equals
     * {@code SurveyData.statistics} on the same rows in memory to rounding.
     *
     * @param variables the items, each named as its column, names unique
     * @return the statistics of all rows
     * @throws IllegalArgumentException naming the column: a missing column, a column of the wrong
     *     type, a null in a design column, a value that is neither a category nor an exclusion code,
     *     a negative or non-finite weight, an fpc that varies within a stratum (a second-stage fpc
     *     within a PSU), a second-stage fpc without SSUs, a PSU in two strata
     *     (without nest); or an empty DataFrame
     */
    public SufficientStatistics statistics(List<Variable> variables) {
        Objects.requireNonNull(variables, "variables");
        if (variables.isEmpty()) {
            throw new IllegalArgumentException("no variables to sum; name at least one item column");
        }
        Set<String> seen = new HashSet<>();
        for (Variable v : variables) {
            if (!seen.add(Objects.requireNonNull(v, "variable").name())) {
                throw new IllegalArgumentException("variable " + v.name() + " is given twice");
            }
        }
        Selection last = selection.get();
        if (last == null || !last.reusableFor(variables)) {
            last = select(variables);
            selection.set(last);
        }
        Selection chosenColumns = last;
        CellSums sums = Failures.run(chosenColumns::sum);
        return StatisticsAssembly.build(sums, variables, nest, lonelyPsu);
    }

    /** The columns the statistics read, checked, each once, in the DataFrame's order, and the plan of their sums. */
    private Selection select(List<Variable> variables) {
        Set<String> chosen = new HashSet<>();
        check(chosen, weight, "weight", false);
        check(chosen, strata, "strata", true);
        check(chosen, psu, "psu", true);
        check(chosen, ssu, "ssu", true);
        if (fpc2 != null && ssu == null) {
            throw new IllegalArgumentException("a second-stage fpc (column '" + fpc2 + "') needs second-stage clusters:"
                + " call clusters(psu, ssu)");
        }
        check(chosen, fpc, "fpc", false);
        check(chosen, fpc2, "second-stage fpc", false);
        check(chosen, domain, "domain", true);
        for (Variable v : variables) {
            check(chosen, v.name(), "item", false);
        }
        // each column once, in the DataFrame's order, so a scan of files or of a cache needs no reordering
        List<String> names = new ArrayList<>();
        List<Column> select = new ArrayList<>();
        List<DataType> types = new ArrayList<>();
        for (StructField f : data.schema().fields()) {
            if (chosen.remove(f.name())) {
                names.add(f.name());
                select.add(column(f.name()));
                types.add(f.dataType());
            }
        }
        int[] variableAt = new int[variables.size()];
        for (int j = 0; j < variableAt.length; j++) {
            variableAt[j] = names.indexOf(variables.get(j).name());
        }
        Dataset<Row> columns = data.select(select.toArray(new Column[0]));
        Plan plan = new Plan(names.toArray(new String[0]), types.toArray(new DataType[0]), at(names, weight), at(names, strata),
            at(names, psu), at(names, ssu), at(names, fpc), at(names, fpc2), at(names, domain), variableAt, variables,
            exclusions, crossProducts && psu == null);
        return Selection.of(variables, columns, plan);
    }

    /** Checks a column's presence and type, and adds it to the columns to select (nothing when {@code column} is null). */
    private void check(Set<String> chosen, String column, String role, boolean integral) {
        if (column == null) {
            return;
        }
        StructField field = field(data, column, role);
        DataType t = field.dataType();
        if (integral) {
            if (!(t.equals(DataTypes.IntegerType) || t.equals(DataTypes.LongType) || t.equals(DataTypes.ShortType)
                || t.equals(DataTypes.ByteType))) {
                throw new IllegalArgumentException(role + " column '" + column + "' is of type " + t.simpleString()
                    + "; it must be integral (byte, short, int or long codes)");
            }
        } else if (!(t instanceof NumericType)) {
            throw new IllegalArgumentException(role + " column '" + column + "' is of type " + t.simpleString()
                + "; it must be numeric");
        }
        chosen.add(field.name());
    }

    /** A column's position in the selection, or -1 when the design has no such column. */
    private static int at(List<String> names, String column) {
        return column == null ? -1 : names.indexOf(column);
    }

    static StructField field(Dataset<Row> data, String column, String role) {
        for (StructField f : data.schema().fields()) {
            if (f.name().equals(column)) {
                return f;
            }
        }
        throw new IllegalArgumentException(role + " column '" + column + "' is not in the DataFrame; its columns are "
            + Arrays.toString(data.columns()));
    }

    /** A column by its exact name (dots and back-quotes are not interpreted). */
    static Column column(String name) {
        return functions.col("`" + name.replace("`", "``") + "`");
    }

    /**
     * Rakes the weights to population margins, as the core's {@link Weighting#rake} (R's
     * {@code rake}): the rows are summed once by the margins' crossed cells in one aggregation, the
     * sweeps run on those sums through the core's own raking, and one more pass multiplies each
     * row's weight by its cell's product of factors, into a new column. Equal to the core's weights
     * to rounding, with the same convergence report.
     *
     * <p>Standard errors from {@link #statistics(List)} of the result treat the raked weights as
     * sampling weights (R: {@code svydesign(weights = ~raked)}), as the core's sufficient statistics
     * do; R's variance of a raked design needs the rows ({@code Weighting.rake} on a core design).
     *
     * @param weighting iteration limit, tolerance and whether convergence is required
     * @param margins the margins, at least one, with equal population totals
     * @param newWeight the name of the raked weight column (replaced if it exists)
     * @return the raked frame (its weight column is {@code newWeight}) and the convergence report
     * @throws IllegalArgumentException naming a missing margin column, a null in it, a value not
     *     in its population table, or a weight that is null, not finite or not &gt; 0
     * @throws org.civicsurvey.weighting.WeightingException as the core's: a category without
     *     respondents, disagreeing totals, or (when required) no convergence
     */
    public WeightedFrame rake(Weighting weighting, List<ColumnMargin> margins, String newWeight) {
        Objects.requireNonNull(weighting, "weighting");
        Objects.requireNonNull(margins, "margins");
        if (margins.isEmpty()) {
            throw new IllegalArgumentException("rake needs at least one margin");
        }
        return FrameWeighting.weigh(this, weighting, List.copyOf(margins), name("new weight", newWeight), true);
    }

    /**
     * Post-stratifies the weights to known cell counts, as the core's {@link Weighting#postStratify}
     * (R's {@code postStratify}): each row's weight times its cell's population count over the cell's
     * weighted count, into a new column.
     *
     * @param weighting the core's settings (its report's tolerance)
     * @param cells the post-strata column and their population counts
     * @param newWeight the name of the new weight column (replaced if it exists)
     * @return the post-stratified frame and its report
     * @throws IllegalArgumentException as {@link #rake}
     * @throws org.civicsurvey.weighting.WeightingException as the core's: a cell without respondents
     */
    public WeightedFrame postStratify(Weighting weighting, ColumnMargin cells, String newWeight) {
        Objects.requireNonNull(weighting, "weighting");
        Objects.requireNonNull(cells, "cells");
        return FrameWeighting.weigh(this, weighting, List.of(cells), name("new weight", newWeight), false);
    }

    @Override
    public String toString() {
        return "SurveyFrame[weight=" + weight + ", strata=" + strata + ", psu=" + psu + (ssu != null ? ", ssu=" + ssu : "")
            + ", fpc=" + fpc + (fpc2 != null ? ", fpc2=" + fpc2 : "") + ", domain=" + domain + ", exclusions=" + exclusions + "]";
    }
}
