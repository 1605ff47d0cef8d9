package org.civicsurvey.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Supplier;
import javax.sql.DataSource;

import org.civicsurvey.jdbc.testing.WideTable;
import org.civicsurvey.jdbc.testing.WideTable.Kind;
import org.civicsurvey.stats.Estimate;
import org.civicsurvey.stats.EstimateSet;
import org.civicsurvey.stats.Estimator;
import org.civicsurvey.stats.Exclusion;
import org.civicsurvey.stats.LonelyPsu;
import org.civicsurvey.stats.Statistic;
import org.civicsurvey.stats.SufficientStatistics;
import org.civicsurvey.stats.SurveyData;
import org.civicsurvey.stats.SurveyDesign;
import org.civicsurvey.stats.Variable;
import org.civicsurvey.testing.CsvTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SqlSurvey}'s contract, run on every database: H2 and DuckDB always, PostgreSQL and MariaDB
 * when reachable (always when {@code CI=true}). The R reference data of {@code survey-core}
 * ({@code reference/api}, {@code reference/engine/synthetic.csv}) are written into a table; the
 * statistics summed by the database must give the estimates the in-memory engine gives on the same
 * rows, to 1e-12 relative (floating-point summation order), and a few of them are checked against
 * R's own numbers ({@code reference/engine/estimates.R}, {@code kernel.R}; R 4.2.2, survey 4.1.1) to
 * 1e-9. Subclasses only say which database.
 */
abstract class SqlSurveyContract {

    static final CsvTable STRAT = CsvTable.resource("/reference/api/apistrat.csv");
    static final CsvTable CLUS1 = CsvTable.resource("/reference/api/apiclus1.csv");
    static final CsvTable CLUS2 = CsvTable.resource("/reference/api/apiclus2.csv");
    static final CsvTable SYN = CsvTable.resource("/reference/engine/synthetic.csv");
    static final CsvTable ESTIMATES = CsvTable.resource("/reference/engine/estimates.csv");
    static final CsvTable KERNEL = CsvTable.resource("/reference/engine/kernel.csv");
    /** A stratified two-stage design on the synthetic survey (twostage.R, survey 4.1.1), as estimates.csv. */
    static final CsvTable TWO_STAGE = CsvTable.resource("/reference/engine/twostage.csv");
    /** The synthetic survey's codes: 8 = don't know, 9 = not applicable (estimates.R); NA is missing. */
    static final Map<Double, Exclusion> SYN_CODES = Map.of(8.0, Exclusion.DONT_KNOW, 9.0, Exclusion.NOT_APPLICABLE);

    private final List<WideTable> tables = new ArrayList<>();
    protected DataSource dataSource;

    /** @return the database under test, opened once per test */
    protected abstract DataSource open();

    /** Closes what {@link #open()} opened. */
    protected abstract void closeDatabase() throws Exception;

    @BeforeEach
    void openDatabase() {
        dataSource = open();
    }

    @AfterEach
    void dropTables() throws Exception {
        try {
            for (WideTable t : tables) {
                t.drop();
            }
        } finally {
            closeDatabase();
        }
    }

    WideTable table(WideTable t) throws SQLException {
        tables.add(t);
        return t.create();
    }

    // ---- the reference data as tables --------------------------------------------------------

    /** An api sample: the columns the tests read, acs.k3 as acs_k3, sch.wide as sch_wide 1/0. */
    WideTable api(CsvTable t, String prefix) throws SQLException {
        WideTable w = WideTable.named(dataSource, prefix).text("stype", t.strings("stype"))
                .numbers("dnum", Kind.INTEGER, t.doubles("dnum")).numbers("pw", Kind.DOUBLE, t.doubles("pw"))
                .numbers("api00", Kind.INTEGER, t.doubles("api00")).numbers("api99", Kind.INTEGER, t.doubles("api99"))
                .numbers("acs_k3", Kind.INTEGER, t.doubles("acs.k3")).numbers("sch_wide", Kind.INTEGER, yes(t, "sch.wide"));
        for (String c : List.of("fpc", "fpc1", "fpc2", "snum")) {
            if (t.columns().contains(c)) {
                w.numbers(c, c.equals("snum") ? Kind.INTEGER : Kind.DOUBLE, t.doubles(c));
            }
        }
        return table(w);
    }

    static double[] yes(CsvTable t, String column) {
        String[] s = t.strings(column);
        double[] out = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = "Yes".equals(s[i]) ? 1 : 0;
        }
        return out;
    }

    WideTable synthetic() throws SQLException {
        WideTable w = WideTable.named(dataSource, "syn_");
        for (String c : List.of("stratum", "psu", "province", "q1", "q2", "q3", "q4", "q5", "nps")) {
            w.numbers(c, Kind.INTEGER, SYN.doubles(c));
        }
        return table(w.numbers("w", Kind.DOUBLE, SYN.doubles("w")).numbers("fpc", Kind.DOUBLE, SYN.doubles("fpc")));
    }

    // ---- the in-memory side ------------------------------------------------------------------

    static int[] ints(double[] d) {
        int[] out = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (int) d[i];
        }
        return out;
    }

    /** Codes of labels in label order (as SqlSurvey numbers domains); null sorts first. */
    static int[] labelCodes(String[] labels) {
        TreeSet<String> sorted = new TreeSet<>();
        boolean hasNull = false;
        for (String l : labels) {
            if (l == null) {
                hasNull = true;
            } else {
                sorted.add(l);
            }
        }
        List<String> order = new ArrayList<>(sorted);
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = labels[i] == null ? 0 : order.indexOf(labels[i]) + (hasNull ? 1 : 0);
        }
        return out;
    }

    static String[] strings(double[] d) {
        String[] out = new String[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = Double.isNaN(d[i]) ? null : Long.toString((long) d[i]);
        }
        return out;
    }

    /** A categorical column's codes as the in-memory collector reads them. */
    static byte[] codes(Variable v, double[] values, Map<Double, Exclusion> exclusions) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            double x = values[i];
            out[i] = Double.isNaN(x) ? Exclusion.MISSING.code()
                    : exclusions.containsKey(x) ? exclusions.get(x).code() : (byte) v.codeOf(x);
            if (out[i] == -1 && !exclusions.containsKey(x) && v.codeOf(x) < 0) {
                throw new IllegalArgumentException(v.name() + " row " + i + ": " + x);
            }
        }
        return out;
    }

    /** A numeric column as the in-memory collector reads it: codes and NULL are missing (NaN). */
    static double[] numeric(double[] values) {
        return values.clone();
    }

    static final Estimator EST = Estimator.withDefaults();

    /**
     * Every estimate of every variable, overall and in every domain, from both statistics: the
     * counts exactly, values and SEs to 1e-12 relative; with cross-products, the joint covariance of
     * the categorical items' top shares too.
     */
    static void assertSameEstimates(SufficientStatistics sql, SufficientStatistics memory, String what) {
        assertThat(sql.rows()).as(what + " rows").isEqualTo(memory.rows());
        assertThat(sql.domains()).as(what + " domains").containsExactly(memory.domains());
        assertThat(sql.degreesOfFreedom()).as(what + " df").isEqualTo(memory.degreesOfFreedom());
        assertThat(sql.isClustered()).isEqualTo(memory.isClustered());
        assertThat(sql.stratumPopulations().values()).as(what + " population sizes")
                .containsExactlyInAnyOrderElementsOf(memory.stratumPopulations().values());
        List<Statistic> joint = new ArrayList<>();
        for (Variable v : memory.variables()) {
            assertThat(sql.variable(v.name())).isEqualTo(v);
            List<Statistic> statistics = new ArrayList<>(List.of(Statistic.mean(v.name()), Statistic.total(v.name())));
            if (v.isCategorical()) {
                statistics.addAll(Statistic.eachCategory(v));
                double[] c = v.categories();
                joint.add(Statistic.proportion(v.name(), c[c.length - 1]));
            }
            for (Statistic st : statistics) {
                assertSame(EST.estimate(sql, st), EST.estimate(memory, st), what + " " + st);
                Map<Integer, Estimate> a = EST.byDomain(sql, st);
                Map<Integer, Estimate> b = EST.byDomain(memory, st);
                assertThat(a.keySet()).isEqualTo(b.keySet());
                for (int d : b.keySet()) {
                    assertSame(a.get(d), b.get(d), what + " " + st + " in domain " + d);
                }
            }
            for (int d : memory.domains()) {
                assertThat(sql.excluded(v.name(), d)).isEqualTo(memory.excluded(v.name(), d));
            }
        }
        if (joint.size() > 1) {
            EstimateSet x = EST.estimate(sql, joint);
            EstimateSet y = EST.estimate(memory, joint);
            for (int i = 0; i < joint.size(); i++) {
                for (int j = 0; j < joint.size(); j++) {
                    double expected = y.covariance(i, j);
                    assertThat(x.covariance(i, j)).as(what + " covariance " + joint.get(i) + ", " + joint.get(j))
                            .isCloseTo(expected, within(1e-12 * Math.max(1e-6, Math.abs(y.covariance(i, i)))));
                }
            }
        }
    }

    static void assertSame(Estimate x, Estimate y, String label) {
        assertThat(x.validN()).as(label + " n").isEqualTo(y.validN());
        assertThat(x.excluded()).as(label + " excluded").isEqualTo(y.excluded());
        assertThat(x.isDefined()).as(label + " defined").isEqualTo(y.isDefined());
        assertThat(x.degreesOfFreedom()).as(label + " df").isEqualTo(y.degreesOfFreedom());
        if (y.isDefined()) {
            // equal up to floating-point summation order
            assertThat(x.value()).as(label).isCloseTo(y.value(), within(1e-12 * Math.max(1, Math.abs(y.value()))));
            assertThat(x.standardError()).as(label + " SE")
                    .isCloseTo(y.standardError(), within(1e-12 * Math.max(1, y.standardError())));
        }
    }

    /** One row of estimates.csv: {value, se}. */
    static double[] r(String design, String domain, String variable, String statistic, String method) {
        for (int i = 0; i < ESTIMATES.size(); i++) {
            if (ESTIMATES.get(i, "design").equals(design) && ESTIMATES.get(i, "domain").equals(domain)
                    && ESTIMATES.get(i, "variable").equals(variable) && ESTIMATES.get(i, "statistic").equals(statistic)
                    && ESTIMATES.get(i, "method").equals(method)) {
                return new double[] {Double.parseDouble(ESTIMATES.get(i, "value")), Double.parseDouble(ESTIMATES.get(i, "se"))};
            }
        }
        throw new IllegalArgumentException("no estimates.csv row " + design + " " + domain + " " + variable + " " + statistic);
    }

    static void assertR(Estimate e, double[] r, String call) {
        assertThat(e.value()).as(call).isCloseTo(r[0], within(1e-9 * Math.abs(r[0])));
        assertThat(e.standardError()).as(call + " SE").isCloseTo(r[1], within(1e-9 * r[1]));
    }

    // ---- designs on the api samples -----------------------------------------------------------

    private static final Variable API00 = Variable.numeric("api00");
    private static final Variable ACS_K3 = Variable.numeric("acs_k3");
    private static final Variable SCH_WIDE = Variable.categorical("sch_wide", 0, 1);

    SurveyData apiRows(CsvTable t, SurveyDesign design) {
        return SurveyData.of(design, labelCodes(t.strings("stype"))).withNumeric(API00, t.doubles("api00"))
                .withNumeric(ACS_K3, t.doubles("acs.k3")).withCategoricalValues(SCH_WIDE, yes(t, "sch.wide"));
    }

    SqlSurvey.Builder apiItems(SqlSurvey.Builder b) {
        return b.domains("stype").item(API00).item(ACS_K3).item("sch_wide", SCH_WIDE);
    }

    @Test
    void stratifiedWithFpcEqualsTheInMemoryEngineAndR() throws SQLException {
        WideTable t = api(STRAT, "apistrat_");
        GroupedStatistics g = apiItems(SqlSurvey.table(dataSource, t.name()).weight("pw").strata("stype").fpc("fpc"))
                .build().statistics().orElseThrow();
        SurveyDesign design = SurveyDesign.builder(STRAT.doubles("pw")).strata(STRAT.codes("stype")).fpc(STRAT.doubles("fpc"))
                .build();
        assertSameEstimates(g.statistics(), apiRows(STRAT, design).statistics(false), "apistrat");
        assertThat(g.domainOf("E")).contains(0);
        assertThat(g.domainOf("M")).contains(2);
        // R: svydesign(id = ~1, strata = ~stype, fpc = ~fpc, weights = ~pw, data = apistrat)
        assertApiR(g.statistics(), "strat_fpc", 2);
    }

    /**
     * estimates.csv on an api design: {@code svymean(~api00, d)}, {@code svyby(~api00, ~stypecode, d,
     * svymean)} in one school type (domain code 0..2 = stypecode 1..3) and
     * {@code svyciprop(~I(sch.wide == "Yes"), d, method = "mean")}.
     */
    static void assertApiR(SufficientStatistics stats, String design, int domain) {
        assertR(EST.estimate(stats, Statistic.mean("api00")), r(design, "all", "api00", "mean", ""),
                "svymean(~api00, " + design + ")");
        assertR(EST.estimate(stats, Statistic.mean("api00").in(domain)), r(design, Integer.toString(domain + 1), "api00",
                "mean", ""), "svyby(~api00, ~stypecode, " + design + ", svymean)[" + (domain + 1) + "]");
        assertR(EST.estimate(stats, Statistic.proportion("sch_wide", 1)), r(design, "all", "sch.wide", "proportion", "mean"),
                "svyciprop(~I(sch.wide == \"Yes\"), " + design + ", method = \"mean\")");
    }

    @Test
    void oneStageClustersWithFpcEqualTheInMemoryEngineAndR() throws SQLException {
        WideTable t = api(CLUS1, "apiclus1_");
        GroupedStatistics g = apiItems(SqlSurvey.table(dataSource, t.name()).weight("pw").clusters("dnum").fpc("fpc"))
                .build().statistics().orElseThrow();
        SurveyDesign design = SurveyDesign.builder(CLUS1.doubles("pw")).clusters(ints(CLUS1.doubles("dnum")))
                .fpc(CLUS1.doubles("fpc")).build();
        assertSameEstimates(g.statistics(), apiRows(CLUS1, design).statistics(false), "apiclus1");
        // R: svytotal(~api00, svydesign(id = ~dnum, fpc = ~fpc, weights = ~pw, data = apiclus1))
        assertR(EST.estimate(g.statistics(), Statistic.total("api00")), r("clus1_fpc", "all", "api00", "total", ""),
                "svytotal(~api00, dclus1)");
    }

    /** kernel.csv: the estimate and SE of svymean(~api00) on a design. */
    static double[] kernel(String design) {
        for (int i = 0; i < KERNEL.size(); i++) {
            if (KERNEL.get(i, "design").equals(design) && KERNEL.get(i, "stat").equals("mean")
                    && KERNEL.get(i, "var1").equals("api00") && KERNEL.get(i, "var2").equals("api00")) {
                return new double[] {Double.parseDouble(KERNEL.get(i, "estimate")), Math.sqrt(Double.parseDouble(KERNEL.get(i,
                        "cov")))};
            }
        }
        throw new IllegalArgumentException(design);
    }

    @Test
    void twoStageClustersGiveTheUltimateClusterVarianceAsRAndTheEngine() throws SQLException {
        WideTable t = api(CLUS2, "apiclus2_");
        int[] dnum = ints(CLUS2.doubles("dnum"));
        int[] snum = ints(CLUS2.doubles("snum"));
        // without fpc: R's svydesign(id = ~dnum + snum, weights = ~pw, data = apiclus2)
        GroupedStatistics none = apiItems(SqlSurvey.table(dataSource, t.name()).weight("pw").clusters("dnum", "snum"))
                .build().statistics().orElseThrow();
        SurveyDesign noFpc = SurveyDesign.builder(CLUS2.doubles("pw")).clusters(dnum, snum).build();
        assertSameEstimates(none.statistics(), apiRows(CLUS2, noFpc).statistics(false), "apiclus2 without fpc");
        assertR(EST.estimate(none.statistics(), Statistic.mean("api00")), kernel("clus2_nofpc"),
                "svymean(~api00, svydesign(id = ~dnum + snum, weights = ~pw))");
        // a first-stage fpc: R's svydesign(id = ~dnum, fpc = ~fpc1, weights = ~pw, data = apiclus2) (kernel.R)
        GroupedStatistics fpc1 = apiItems(SqlSurvey.table(dataSource, t.name()).weight("pw").clusters("dnum", "snum")
                .fpc("fpc1")).build().statistics().orElseThrow();
        SurveyDesign withFpc1 = SurveyDesign.builder(CLUS2.doubles("pw")).clusters(dnum, snum).fpc(CLUS2.doubles("fpc1")).build();
        assertSameEstimates(fpc1.statistics(), apiRows(CLUS2, withFpc1).statistics(false), "apiclus2 with fpc1");
        assertR(EST.estimate(fpc1.statistics(), Statistic.mean("api00")), kernel("clus2_fpc1"),
                "svymean(~api00, svydesign(id = ~dnum, fpc = ~fpc1, weights = ~pw))");
    }

    @Test
    void twoStageWithBothFpcsEqualsTheInMemoryEngineAndR() throws SQLException {
        WideTable t = api(CLUS2, "apiclus2_");
        int[] dnum = ints(CLUS2.doubles("dnum"));
        int[] snum = ints(CLUS2.doubles("snum"));
        // R's svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, weights = ~pw, data = apiclus2)
        GroupedStatistics g = apiItems(SqlSurvey.table(dataSource, t.name()).weight("pw").clusters("dnum", "snum")
                .fpc("fpc1", "fpc2")).build().statistics().orElseThrow();
        assertThat(g.statistics().isTwoStage()).isTrue();
        SurveyDesign design = SurveyDesign.builder(CLUS2.doubles("pw")).clusters(dnum, snum)
                .fpc(CLUS2.doubles("fpc1"), CLUS2.doubles("fpc2")).build();
        assertSameEstimates(g.statistics(), apiRows(CLUS2, design).statistics(false), "apiclus2 with fpc1 + fpc2");
        assertApiR(g.statistics(), "clus2_fpc", 1);
        assertR(EST.estimate(g.statistics(), Statistic.total("api00")), r("clus2_fpc", "all", "api00", "total", ""),
                "svytotal(~api00, dclus2)");
        // the same design given by sampling fractions at both stages
        double[] fraction1 = new double[dnum.length];
        double[] fraction2 = new double[dnum.length];
        Map<Integer, Integer> schools = new java.util.HashMap<>();
        for (int d : dnum) {
            schools.merge(d, 1, Integer::sum);
        }
        for (int i = 0; i < dnum.length; i++) {
            fraction1[i] = 40 / CLUS2.doubles("fpc1")[i];
            fraction2[i] = schools.get(dnum[i]) / CLUS2.doubles("fpc2")[i];
        }
        WideTable f = table(WideTable.named(dataSource, "apiclus2f_").numbers("dnum", Kind.INTEGER, CLUS2.doubles("dnum"))
                .numbers("snum", Kind.INTEGER, CLUS2.doubles("snum")).numbers("pw", Kind.DOUBLE, CLUS2.doubles("pw"))
                .numbers("f1", Kind.DOUBLE, fraction1).numbers("f2", Kind.DOUBLE, fraction2)
                .numbers("api00", Kind.INTEGER, CLUS2.doubles("api00")));
        SufficientStatistics fractions = SqlSurvey.table(dataSource, f.name()).weight("pw").clusters("dnum", "snum")
                .fpc("f1", "f2").item(API00).build().statistics().orElseThrow().statistics();
        assertR(EST.estimate(fractions, Statistic.mean("api00")), kernel("clus2_fpc"), "svymean(~api00, dclus2), fractions");
    }

    @Test
    void stratifiedTwoStageWithExclusionCodesEqualsTheEngineAndR() throws SQLException {
        double[] ssu = new double[SYN.size()];
        double[] fpc2 = new double[SYN.size()];
        double[] psu = SYN.doubles("psu");
        for (int i = 0; i < ssu.length; i++) {
            ssu[i] = (i + 1) % 5 + 1; // twostage.R: seq_len(nrow(syn)) %% 5 + 1
            fpc2[i] = 5 + psu[i] % 7; // twostage.R: 5 + psu %% 7
        }
        WideTable w = WideTable.named(dataSource, "syn2_");
        for (String c : List.of("stratum", "psu", "province", "q1", "q2", "q3", "q4", "q5")) {
            w.numbers(c, Kind.INTEGER, SYN.doubles(c));
        }
        WideTable t = table(w.numbers("ssu", Kind.INTEGER, ssu).numbers("w", Kind.DOUBLE, SYN.doubles("w"))
                .numbers("fpc", Kind.DOUBLE, SYN.doubles("fpc")).numbers("fpc2", Kind.DOUBLE, fpc2));
        GroupedStatistics g = synItems(SqlSurvey.table(dataSource, t.name()).weight("w").strata("stratum")
                .clusters("psu", "ssu").fpc("fpc", "fpc2")).build().statistics().orElseThrow();
        SurveyDesign design = SurveyDesign.builder(SYN.doubles("w")).strata(ints(SYN.doubles("stratum")))
                .clusters(ints(psu), ints(ssu)).fpc(SYN.doubles("fpc"), fpc2).build();
        assertSameEstimates(g.statistics(), synRows(design).statistics(false), "synthetic two-stage");
        // R (twostage.R): svyby(~y1, ~province, syn_clus2, svymean, na.rm = TRUE), province 1
        assertR(EST.estimate(g.statistics(), Statistic.mean("q1").in(g.domainOf("1").orElseThrow())),
                twoStage("1", "q1", "mean", ""), "svyby(~y1, ~province, syn_clus2, svymean, na.rm = TRUE)[1]");
        assertR(EST.estimate(g.statistics(), Statistic.total("q3")), twoStage("all", "q3", "total", ""),
                "svytotal(~y3, syn_clus2, na.rm = TRUE)");
        // a second-stage fpc that varies within a PSU, and a NULL SSU, are errors naming the column
        fpc2[0] = fpc2[0] + 1;
        assertThatThrownBy(() -> twoStageQ1(psu, ssu, fpc2, "syn2v_")).isInstanceOf(SurveyStoreException.class)
                .hasMessageContaining("second-stage fpc column \"fpc2\" varies in PSU \"" + (long) psu[0] + "\" of stratum");
        ssu[3] = Double.NaN;
        assertThatThrownBy(() -> twoStageQ1(psu, ssu, fpc2, "syn2n_")).isInstanceOf(SurveyStoreException.class)
                .hasMessageContaining("SSU column \"ssu\" is NULL in 1 rows");
    }

    /** The synthetic survey's q1 over strata, PSUs, the given SSUs and fpc at both stages. */
    private Optional<GroupedStatistics> twoStageQ1(double[] psu, double[] ssu, double[] fpc2, String prefix)
            throws SQLException {
        WideTable t = table(WideTable.named(dataSource, prefix).numbers("psu", Kind.INTEGER, psu)
                .numbers("stratum", Kind.INTEGER, SYN.doubles("stratum")).numbers("ssu", Kind.INTEGER, ssu)
                .numbers("fpc", Kind.DOUBLE, SYN.doubles("fpc")).numbers("fpc2", Kind.DOUBLE, fpc2)
                .numbers("q1", Kind.INTEGER, SYN.doubles("q1")));
        return SqlSurvey.table(dataSource, t.name()).strata("stratum").clusters("psu", "ssu").fpc("fpc", "fpc2")
                .item("q1", Variable.numeric("q1")).build().statistics();
    }

    /** One row of twostage.csv: {value, se}. */
    static double[] twoStage(String domain, String variable, String statistic, String method) {
        for (int i = 0; i < TWO_STAGE.size(); i++) {
            if (TWO_STAGE.get(i, "domain").equals(domain) && TWO_STAGE.get(i, "variable").equals(variable)
                    && TWO_STAGE.get(i, "statistic").equals(statistic) && TWO_STAGE.get(i, "method").equals(method)) {
                return new double[] {Double.parseDouble(TWO_STAGE.get(i, "value")), Double.parseDouble(TWO_STAGE.get(i, "se"))};
            }
        }
        throw new IllegalArgumentException("no twostage.csv row " + domain + " " + variable + " " + statistic);
    }

    // ---- the synthetic satisfaction survey --------------------------------------------------

    static final List<Variable> SYN_ITEMS = List.of(Variable.scale("q1", 1, 5), Variable.scale("q2", 1, 5),
            Variable.scale("q3", 1, 5), Variable.scale("q4", 1, 5), Variable.scale("q5", 1, 5), Variable.scale("nps", 0, 10));

    SqlSurvey.Builder synItems(SqlSurvey.Builder b) {
        b.domains("province").exclusionCode(8, Exclusion.DONT_KNOW).exclusionCode(9, Exclusion.NOT_APPLICABLE);
        for (Variable v : SYN_ITEMS.subList(0, 5)) {
            b.item(v);
        }
        // the NPS item is 0..10: 8 and 9 are answers there, so its codes are its own (none)
        return b;
    }

    SurveyData synRows(SurveyDesign design) {
        SurveyData data = SurveyData.of(design, labelCodes(strings(SYN.doubles("province"))));
        for (Variable v : SYN_ITEMS.subList(0, 5)) {
            data = data.withCategorical(v, codes(v, SYN.doubles(v.name()), SYN_CODES));
        }
        return data;
    }

    @Test
    void stratifiedClustersWithFpcAndExclusionCodesEqualTheEngineAndR() throws SQLException {
        WideTable t = synthetic();
        GroupedStatistics g = synItems(SqlSurvey.table(dataSource, t.name()).weight("w").strata("stratum").clusters("psu")
                .fpc("fpc")).build().statistics().orElseThrow();
        SurveyDesign design = SurveyDesign.builder(SYN.doubles("w")).strata(ints(SYN.doubles("stratum")))
                .clusters(ints(SYN.doubles("psu"))).fpc(SYN.doubles("fpc")).build();
        assertSameEstimates(g.statistics(), synRows(design).statistics(false), "synthetic clustered");
        assertThat(g.domains()).hasSize(6);
        assertThat(g.statistics().excluded("q1", 0).count(Exclusion.DONT_KNOW)).isPositive();
        // R: svyby(~y1, ~province, syn_clus, svymean, na.rm = TRUE), province 1
        assertR(EST.estimate(g.statistics(), Statistic.mean("q1").in(g.domainOf("1").orElseThrow())),
                r("syn_clus", "1", "q1", "mean", ""), "svyby(~y1, ~province, syn_clus, svymean, na.rm = TRUE)[1]");
        // R (estimates.R): the SIPAS-style index of province 1, svycontrast of the item shares' ratios
        List<Statistic> shares = new ArrayList<>();
        for (int k = 1; k <= 5; k++) {
            shares.add(Statistic.proportion("q" + k, 4, 5).in(g.domainOf("1").orElseThrow()));
        }
        Estimate index = EST.estimate(g.statistics(), shares).linear(new double[] {1 / 6.0, 1 / 6.0, 1 / 6.0, 1 / 4.0, 1 / 4.0})
                .scaled(100);
        assertR(index, r("syn_clus", "1", "index", "sipas", ""), "svycontrast(svyratio(~t1+..+t5, ~v1+..+v5), index)");
    }

    @Test
    void everyRowItsOwnPsuWithCrossProductsGivesTheCovariancesOfRAndTheEngine() throws SQLException {
        WideTable t = synthetic();
        SqlSurvey survey = synItems(SqlSurvey.table(dataSource, t.name()).weight("w").strata("stratum"))
                .item(SYN_ITEMS.get(5)).crossProducts(true).build();
        GroupedStatistics g = survey.statistics().orElseThrow();
        SurveyDesign design = SurveyDesign.builder(SYN.doubles("w")).strata(ints(SYN.doubles("stratum"))).build();
        Variable nps = SYN_ITEMS.get(5);
        SufficientStatistics memory = synRows(design).withCategorical(nps, codes(nps, SYN.doubles("nps"), Map.of()))
                .statistics(true);
        assertThat(g.statistics().hasCrossProducts()).isTrue();
        assertSameEstimates(g.statistics(), memory, "synthetic stratified");
        // R: the five top-2-box shares' average, svyratio(~t1 + ... + t5, ~v1 + ... + v5, syn_strat, covmat = TRUE)
        List<Statistic> shares = new ArrayList<>();
        for (int k = 1; k <= 5; k++) {
            shares.add(Statistic.proportion("q" + k, 4, 5));
        }
        assertR(EST.estimate(g.statistics(), shares).average(), r("syn_strat", "all", "q1..q5", "top2average", ""),
                "svycontrast(svyratio(~t1+..+t5, ~v1+..+v5, syn_strat), average)");
        List<Statistic> inOne = new ArrayList<>();
        for (Statistic s : shares) {
            inOne.add(s.in(g.domainOf("1").orElseThrow()));
        }
        Estimate index = EST.estimate(g.statistics(), inOne).linear(new double[] {1 / 6.0, 1 / 6.0, 1 / 6.0, 1 / 4.0, 1 / 4.0})
                .scaled(100);
        assertR(index, r("syn_strat", "1", "index", "sipas", ""), "svycontrast(svyratio(...), index), province 1");
    }

    @Test
    void manyItemsWithCrossProductsAreSummedByQueriesOfAtMostAThousandAggregates() throws SQLException {
        // 22 five-point items without clusters: about 450 sums and 5,775 cross-products per group,
        // cut into 7 queries over the same groups (PostgreSQL allows 1,664 select-list entries)
        int n = 600;
        int k = 22;
        Random random = new Random(7);
        double[] stratum = new double[n];
        double[] w = new double[n];
        double[][] answers = new double[k][n];
        for (int i = 0; i < n; i++) {
            stratum[i] = 1 + random.nextInt(3);
            w[i] = 1 + random.nextInt(9);
            for (int j = 0; j < k; j++) {
                int r = random.nextInt(14);
                answers[j][i] = r < 12 ? 1 + r % 5 : r == 12 ? 9 : Double.NaN;
            }
        }
        WideTable t = WideTable.named(dataSource, "wide_").numbers("h", Kind.INTEGER, stratum).numbers("w", Kind.DOUBLE, w);
        SqlSurvey.Builder b = SqlSurvey.table(dataSource, t.name()).weight("w").strata("h").exclusionCode(9, Exclusion.DONT_KNOW)
                .crossProducts(true);
        SurveyData rows = SurveyData.of(SurveyDesign.builder(w).strata(ints(stratum)).build());
        for (int j = 0; j < k; j++) {
            Variable v = Variable.scale("item " + (j + 1), 1, 5);
            t.numbers("item " + (j + 1), Kind.INTEGER, answers[j]);
            b.item(v);
            rows = rows.withCategorical(v, codes(v, answers[j], Map.of(9.0, Exclusion.DONT_KNOW)));
        }
        table(t);
        SufficientStatistics sql = b.build().statistics().orElseThrow().statistics();
        assertSameEstimates(sql, rows.statistics(true), "22 items with cross-products");
    }

    // ---- nulls, zero weights, hostile and Unicode labels and names ----------------------------

    @Test
    void nullsZeroWeightsAndOddLabelsAsTheEngine() throws SQLException {
        int n = 400;
        Random random = new Random(20261127);
        String[] region = new String[n];
        String[] stratum = new String[n];
        double[] psu = new double[n];
        double[] w = new double[n];
        double[] q = new double[n];
        double[] y = new double[n];
        String[] labels = {"Hà Nội", "Robert'); DROP TABLE students;--", "\"quoted\"", "省", null};
        for (int i = 0; i < n; i++) {
            region[i] = labels[random.nextInt(labels.length)];
            stratum[i] = i % 3 == 0 ? "đồng bằng" : "miền núi";
            psu[i] = (i % 3 == 0 ? 100 : 200) + random.nextInt(6);
            w[i] = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(40) / 4.0;
            int r = random.nextInt(12);
            q[i] = r < 5 ? r + 1 : r == 5 ? 98 : r == 6 ? Double.NaN : 1 + random.nextInt(5);
            y[i] = random.nextInt(8) == 0 ? Double.NaN : random.nextInt(8) == 0 ? -9 : Math.round(random.nextGaussian() * 1000) / 100.0;
        }
        double[] times = y.clone();
        for (int i = 0; i < n; i++) {
            if (times[i] == -9) {
                times[i] = Double.NaN;
            }
        }
        WideTable t = table(WideTable.exactly(dataSource, "khảo sát " + Long.toHexString(random.nextLong()))
                .text("vùng", region).text("tầng", stratum).numbers("xã", Kind.INTEGER, psu).numbers("trọng số", Kind.DOUBLE, w)
                .numbers("câu 1", Kind.INTEGER, q).numbers("thời gian", Kind.DOUBLE, times).numbers("thời gian mã", Kind.DOUBLE, y));
        Variable q1 = Variable.scale("q1", 1, 5);
        Variable time = Variable.numeric("time");
        SqlSurvey.Builder survey = SqlSurvey.table(dataSource, t.name()).weight("trọng số").strata("tầng").clusters("xã")
                .domains("vùng").item("câu 1", q1, Map.of(98.0, Exclusion.DONT_KNOW));
        GroupedStatistics g = survey.item("thời gian", time).build().statistics().orElseThrow();
        SurveyDesign design = SurveyDesign.builder(w).strata(labelCodes(stratum)).clusters(ints(psu)).build();
        SufficientStatistics memory = SurveyData.of(design, labelCodes(region))
                .withCategorical(q1, codes(q1, q, Map.of(98.0, Exclusion.DONT_KNOW))).withNumeric(time, times).statistics(false);
        assertSameEstimates(g.statistics(), memory, "nulls and odd labels");
        // the labels come back as they are; NULL is the "no value" domain, first
        assertThat(g.domains().get(0)).containsExactly(Optional.empty());
        assertThat(g.domainOf("Robert'); DROP TABLE students;--")).isPresent();
        assertThat(g.domainOf("Hà Nội")).isPresent();
        assertThat(g.groupings().get(0).name()).isEqualTo("vùng");

        // a numeric item's code: the same estimates, its answers counted as refused rather than missing
        Variable coded = Variable.numeric("time coded");
        SufficientStatistics withCode = SqlSurvey.table(dataSource, t.name()).weight("trọng số").strata("tầng").clusters("xã")
                .domains("vùng").item("thời gian mã", coded, Map.of(-9.0, Exclusion.REFUSED)).build().statistics()
                .orElseThrow().statistics();
        long refused = Arrays.stream(y).filter(v -> v == -9).count();
        long missing = Arrays.stream(y).filter(Double::isNaN).count();
        Estimate a = EST.estimate(withCode, Statistic.mean("time coded"));
        Estimate b = EST.estimate(memory, Statistic.mean("time"));
        assertThat(a.value()).isCloseTo(b.value(), within(1e-12 * Math.abs(b.value())));
        assertThat(a.standardError()).isCloseTo(b.standardError(), within(1e-12 * b.standardError()));
        assertThat(a.excluded().count(Exclusion.REFUSED)).isEqualTo(refused).isPositive();
        assertThat(a.excluded().count(Exclusion.MISSING)).isEqualTo(missing).isPositive();
    }

    // ---- errors ----------------------------------------------------------------------------

    static final List<String> HOSTILE = List.of("x\"; DROP TABLE t; --", "x`; DROP TABLE t; --", "q1' OR '1'='1",
            "q1;--", "q1/*", "a;b", "q\u0000", "q\u202E1", "q\u200B1", "q\n1", "(SELECT 1)", "e\u0301", " q1", "q1 ",
            "q  1", "");

    @Test
    void hostileNamesAreErrorsNamingThemNeverSql() throws SQLException {
        WideTable t = synthetic();
        for (String h : HOSTILE) {
            assertThatThrownBy(() -> SqlSurvey.table(dataSource, h)).as(h).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("table name");
            assertThatThrownBy(() -> SqlSurvey.table(dataSource, t.name()).item(h, Variable.scale("q", 1, 5))).as(h)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("item column");
            assertThatThrownBy(() -> SqlSurvey.table(dataSource, t.name()).strata(h)).as(h)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("strata column");
            assertThatThrownBy(() -> SqlSurvey.table(dataSource, t.name()).domains(h)).as(h)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("domain column");
        }
        assertThatThrownBy(() -> SqlSurvey.table(dataSource, t.name()).weight("w\"; DROP TABLE x; --"))
                .hasMessage("weight column \"w\"; DROP TABLE x; --\" is not a valid name: character '\"' (U+0022) at position 1"
                        + " is not allowed (names take letters, digits, combining marks, _ $ - and single inner spaces)");
        assertThatThrownBy(() -> SqlSurvey.table(dataSource, t.name()).clusters("p\u202Esu"))
                .hasMessageContaining("PSU column \"p\\u202Esu\"").hasMessageContaining("(U+202E)");
        assertThatThrownBy(() -> SqlSurvey.table(dataSource, t.name()).domains("e\u0301"))
                .hasMessageContaining("not in Unicode normal form C");
        // the table is still there and whole
        assertThat(SqlSurvey.table(dataSource, t.name()).weight("w").item(Variable.scale("q1", 1, 5))
                .exclusionCode(8, Exclusion.DONT_KNOW).exclusionCode(9, Exclusion.NOT_APPLICABLE).build().statistics()
                .orElseThrow().statistics().rows()).isEqualTo(SYN.size());
    }

    @Test
    void aMissingColumnOrTableIsAnErrorNamingIt() throws SQLException {
        WideTable t = synthetic();
        assertThatThrownBy(() -> SqlSurvey.table(dataSource, t.name()).weight("w").item(Variable.scale("q7", 1, 5)).build()
                .statistics()).isInstanceOf(SurveyStoreException.class)
                .hasMessageContaining("no item column \"q7\" in the source").hasMessageContaining("\"q1\"");
        assertThatThrownBy(() -> SqlSurvey.table(dataSource, t.name()).weight("weight").item(Variable.scale("q1", 1, 5))
                .build().statistics()).isInstanceOf(SurveyStoreException.class)
                .hasMessageContaining("no weight column \"weight\" in the source");
        assertThatThrownBy(() -> SqlSurvey.table(dataSource, t.name()).strata("region").item(Variable.scale("q1", 1, 5))
                .build().statistics()).isInstanceOf(SurveyStoreException.class)
                .hasMessageContaining("no strata column \"region\"");
        assertThatThrownBy(() -> SqlSurvey.table(dataSource, t.name() + "_gone").item(Variable.scale("q1", 1, 5)).build()
                .statistics()).isInstanceOf(SurveyStoreException.class)
                .hasMessageContaining("SqlSurvey over table \"" + t.name() + "_gone\": cannot read the source's columns");
    }

    @Test
    void aNonNumericItemWeightOrFpcColumnIsAnErrorNamingIt() throws SQLException {
        WideTable t = table(WideTable.named(dataSource, "text_").text("q1", new String[] {"4", "5"})
                .text("w", new String[] {"1", "2"}).numbers("q2", Kind.INTEGER, new double[] {4, 5}));
        assertThatThrownBy(() -> SqlSurvey.table(dataSource, t.name()).item(Variable.scale("q1", 1, 5)).build().statistics())
                .isInstanceOf(SurveyStoreException.class).hasMessageContaining("item column \"q1\" is of type")
                .hasMessageContaining("not numeric");
        assertThatThrownBy(() -> SqlSurvey.table(dataSource, t.name()).weight("w").item(Variable.scale("q2", 1, 5)).build()
                .statistics()).isInstanceOf(SurveyStoreException.class).hasMessageContaining("weight column \"w\" is of type");
        assertThatThrownBy(() -> SqlSurvey.table(dataSource, t.name()).fpc("q1").item(Variable.scale("q2", 1, 5)).build()
                .statistics()).isInstanceOf(SurveyStoreException.class).hasMessageContaining("fpc column \"q1\" is of type");
    }

    @Test
    void badValuesAreErrorsNamingTheColumn() throws SQLException {
        WideTable t = table(WideTable.named(dataSource, "bad_").numbers("q", Kind.INTEGER, new double[] {1, 7, 5, 8, 6})
                .numbers("w", Kind.DOUBLE, new double[] {1, 1, Double.NaN, 1, 1})
                .numbers("neg", Kind.DOUBLE, new double[] {1, -2, 1, 1, 1})
                .numbers("h", Kind.INTEGER, new double[] {1, Double.NaN, 1, 2, 2})
                .numbers("s", Kind.INTEGER, new double[] {1, 1, 1, 2, 2})
                .numbers("p", Kind.INTEGER, new double[] {1, 2, 1, 1, 2})
                .numbers("f", Kind.DOUBLE, new double[] {10, 10, 12, 20, 20}));
        Variable q = Variable.scale("q", 1, 5);
        assertThatThrownBy(() -> SqlSurvey.table(dataSource, t.name()).item(q).build().statistics())
                .isInstanceOf(SurveyStoreException.class).hasMessageContaining("item column \"q\" has 3 values that are neither"
                        + " a category [1.0, 2.0, 3.0, 4.0, 5.0] of q nor an exclusion code [] (the smallest is 6.0)");
        assertThatThrownBy(() -> SqlSurvey.table(dataSource, t.name()).item("q", q, Map.of(8.0, Exclusion.DONT_KNOW))
                .exclusionCode(7, Exclusion.REFUSED).build().statistics()).isInstanceOf(SurveyStoreException.class)
                .hasMessageContaining("item column \"q\" has 1 values").hasMessageContaining("(the smallest is 6.0)");
        Supplier<SqlSurvey.Builder> valid = () -> SqlSurvey.table(dataSource, t.name()).item("q", q,
                Map.of(6.0, Exclusion.REFUSED, 7.0, Exclusion.HIDDEN, 8.0, Exclusion.DONT_KNOW));
        assertThat(valid.get().build().statistics().orElseThrow().statistics().excluded("q", 0).count(Exclusion.HIDDEN))
                .isEqualTo(1);
        assertThatThrownBy(() -> valid.get().weight("w").build().statistics()).isInstanceOf(SurveyStoreException.class)
                .hasMessageContaining("weight column \"w\" is NULL in 1 rows");
        assertThatThrownBy(() -> valid.get().weight("neg").build().statistics()).isInstanceOf(SurveyStoreException.class)
                .hasMessageContaining("weight column \"neg\" has negative weights (the smallest is -2.0)");
        assertThatThrownBy(() -> valid.get().strata("h").build().statistics()).isInstanceOf(SurveyStoreException.class)
                .hasMessageContaining("strata column \"h\" is NULL in 1 rows");
        assertThatThrownBy(() -> valid.get().strata("s").clusters("h").build().statistics())
                .isInstanceOf(SurveyStoreException.class).hasMessageContaining("PSU column \"h\" is NULL in 1 rows");
        assertThatThrownBy(() -> valid.get().strata("s").clusters("p").build().statistics())
                .isInstanceOf(SurveyStoreException.class).hasMessageContaining("PSUs not nested in strata: PSU \"1\"")
                .hasMessageContaining("call nest(true)");
        assertThat(valid.get().strata("s").clusters("p").nest(true).lonelyPsu(LonelyPsu.ADJUST).build().statistics()
                .orElseThrow().statistics().degreesOfFreedom()).isEqualTo(2);
        assertThatThrownBy(() -> valid.get().strata("p").clusters("p").fpc("f").build().statistics())
                .isInstanceOf(SurveyStoreException.class).hasMessageContaining("fpc column \"f\" varies in stratum \"1\"");
        assertThatThrownBy(() -> valid.get().strata("s").fpc("neg").build().statistics())
                .isInstanceOf(SurveyStoreException.class).hasMessageContaining("fpc column \"neg\"");
        assertThatThrownBy(() -> SqlSurvey.table(dataSource, t.name()).item("q", q, Map.of(5.0, Exclusion.REFUSED)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exclusion code 5.0 is also one of its categories");
    }

    @Test
    void aQueryIsASourceAndNoRowsGiveNoStatistics() throws SQLException {
        WideTable t = synthetic();
        String quoted = t.quoted();
        SqlSurvey survey = SqlSurvey.query(dataSource, "SELECT * FROM " + quoted + " WHERE " + t.quote("province") + " = 2").weight("w")
                .strata("stratum").clusters("psu").lonelyPsu(LonelyPsu.ADJUST).item(Variable.scale("q1", 1, 5))
                .exclusionCode(8, Exclusion.DONT_KNOW).exclusionCode(9, Exclusion.NOT_APPLICABLE).build();
        GroupedStatistics g = survey.statistics().orElseThrow();
        long inProvince2 = Arrays.stream(SYN.doubles("province")).filter(p -> p == 2).count();
        assertThat(g.statistics().rows()).isEqualTo(inProvince2);
        assertThat(g.statistics().lonelyPsu()).isEqualTo(LonelyPsu.ADJUST);
        assertThat(SqlSurvey.query(dataSource, "SELECT * FROM " + quoted + " WHERE " + t.quote("province") + " = 99").weight("w")
                .item(Variable.scale("q1", 1, 5)).build().statistics()).isEmpty();
        assertThat(SqlSurvey.query(dataSource, "SELECT * FROM " + quoted + " WHERE " + t.quote("province") + " = 99").weight("w")
                .domains("province").item(Variable.scale("q1", 1, 5)).build().statistics()).isEmpty();
        assertThatThrownBy(() -> SqlSurvey.query(dataSource, "SELECT 1;")).isInstanceOf(IllegalArgumentException.class);
    }
}
