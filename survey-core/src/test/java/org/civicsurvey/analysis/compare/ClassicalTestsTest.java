package org.civicsurvey.analysis.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.civicsurvey.testing.CsvTable;
import org.junit.jupiter.api.Test;

/**
 * Expected values from {@code reference/analysis1/classical.csv}, written by {@code classical.R}
 * (R 4.2.2 stats: t.test, aov, oneway.test, wilcox.test, kruskal.test, chisq.test, p.adjust,
 * pairwise.t.test) on survey 4.1.1's {@code apisrs} and a synthetic 63-province sample.
 */
class ClassicalTestsTest {
    private static final Reference REF = new Reference("classical.csv");
    private static final CsvTable SRS = CsvTable.resource("/reference/api/apisrs.csv");
    /** Closed form: 1e-9. p-values relative 1e-9 too (computed from the incomplete beta/gamma). */
    private static final double TOL = 1e-9;
    private static final ClassicalTests TESTS = ClassicalTests.withDefaults();

    private static double[] where(String valueColumn, String groupColumn, String level) {
        double[] v = SRS.doubles(valueColumn);
        String[] g = SRS.strings(groupColumn);
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < v.length; i++) {
            if (g[i].equals(level)) {
                out.add(v[i]);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static final double[] YES = where("api00", "sch.wide", "Yes");
    private static final double[] NO = where("api00", "sch.wide", "No");
    private static final double[][] BY_STYPE = {
        where("api00", "stype", "E"), where("api00", "stype", "H"), where("api00", "stype", "M")};

    private static void checkT(String c, TestResult r) {
        REF.check(r.statistic(), c, "statistic", TOL);
        REF.check(r.df(), c, "df", TOL);
        REF.checkP(r.pValue(), c, "p", TOL);
        REF.check(r.estimate().getAsDouble(), c, "estimate", TOL);
        REF.check(r.interval().orElseThrow().lower(), c, "lower", TOL);
        REF.check(r.interval().orElseThrow().upper(), c, "upper", TOL);
    }

    @Test
    void welchAndStudentT() {
        // t.test(x, y); t.test(x, y, var.equal = TRUE): api00 by sch.wide (Yes - No), apisrs
        TestResult welch = TESTS.welchT(YES, NO);
        checkT("welch/api00~sch.wide", welch);
        REF.check(welch.effectSize().orElseThrow().value(), "welch/api00~sch.wide", "cohens_d", TOL);
        assertThat(welch.method()).isEqualTo(TestResult.Method.WELCH_T);
        assertThat(welch.n()).isEqualTo(200);
        TestResult student = TESTS.studentT(YES, NO);
        checkT("student/api00~sch.wide", student);
        REF.check(student.effectSize().orElseThrow().value(), "student/api00~sch.wide", "cohens_d", TOL);
        // t.test(x, y, conf.level = 0.90)
        checkT("welch90/api00~sch.wide", TESTS.withConfidenceLevel(0.90).welchT(YES, NO));
    }

    @Test
    void missingValuesAreExcludedAndCounted() {
        double[] withNa = java.util.Arrays.copyOf(YES, YES.length + 2);
        withNa[YES.length] = Double.NaN;
        withNa[YES.length + 1] = Double.NaN;
        TestResult r = TESTS.welchT(withNa, NO);
        checkT("welch/api00~sch.wide", r);
        assertThat(r.excluded()).isEqualTo(2);
    }

    @Test
    void anovaAndWelchAnova() {
        // summary(aov(api00 ~ stype, apisrs)); oneway.test(api00 ~ stype, apisrs)
        TestResult a = TESTS.anova(BY_STYPE);
        REF.check(a.statistic(), "anova/api00~stype", "statistic", TOL);
        REF.check(a.degreesOfFreedom().get(0), "anova/api00~stype", "df1", TOL);
        REF.check(a.degreesOfFreedom().get(1), "anova/api00~stype", "df2", TOL);
        REF.checkP(a.pValue(), "anova/api00~stype", "p", TOL);
        REF.check(a.effectSize().orElseThrow().value(), "anova/api00~stype", "eta2", TOL);
        TestResult w = TESTS.welchAnova(BY_STYPE);
        REF.check(w.statistic(), "welchanova/api00~stype", "statistic", TOL);
        REF.check(w.degreesOfFreedom().get(1), "welchanova/api00~stype", "df2", TOL);
        REF.checkP(w.pValue(), "welchanova/api00~stype", "p", TOL);
    }

    @Test
    void mannWhitney() {
        // wilcox.test(x, y, exact = FALSE, correct = TRUE / FALSE): api00 by sch.wide
        TestResult mw = TESTS.mannWhitney(YES, NO);
        assertThat(mw.method()).isEqualTo(TestResult.Method.MANN_WHITNEY_NORMAL_CORRECTED);
        REF.check(mw.statistic(), "mw/api00~sch.wide", "statistic", TOL);
        REF.checkP(mw.pValue(), "mw/api00~sch.wide", "p", TOL);
        REF.check(mw.effectSize().orElseThrow().value(), "mw/api00~sch.wide", "rank_biserial", TOL);
        REF.checkP(TESTS.mannWhitneyNormal(YES, NO, false).pValue(), "mwnocorrect/api00~sch.wide", "p", TOL);
        // wilcox.test(apisrs$api00[1:30], apisrs$api99[31:70]): ties, so R's default is the normal approximation
        double[] a = java.util.Arrays.copyOfRange(SRS.doubles("api00"), 0, 30);
        double[] b = java.util.Arrays.copyOfRange(SRS.doubles("api99"), 30, 70);
        TestResult d = TESTS.mannWhitney(a, b);
        assertThat(d.method()).isEqualTo(TestResult.Method.MANN_WHITNEY_NORMAL_CORRECTED);
        REF.check(d.statistic(), "mwdefault/api30v40", "statistic", TOL);
        REF.checkP(d.pValue(), "mwdefault/api30v40", "p", TOL);
    }

    @Test
    void mannWhitneyExact() {
        // wilcox.test(sx, sy) exact (classical.R)
        double[] sx = {1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30};
        double[] sy = {0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.061, 3.14, 1.291, 0.33, 2.2};
        TestResult e = TESTS.mannWhitney(sx, sy);
        assertThat(e.method()).isEqualTo(TestResult.Method.MANN_WHITNEY_EXACT);
        REF.check(e.statistic(), "mwexact/small", "statistic", TOL);
        REF.checkP(e.pValue(), "mwexact/small", "p", TOL);
        CsvTable t = CsvTable.resource("/reference/analysis1/mw-exact.csv");
        double[] v = t.doubles("value");
        TestResult e2 = TESTS.mannWhitneyExact(java.util.Arrays.copyOfRange(v, 0, 20), java.util.Arrays.copyOfRange(v, 20, 45));
        REF.check(e2.statistic(), "mwexact/20v25", "statistic", TOL);
        REF.checkP(e2.pValue(), "mwexact/20v25", "p", TOL);
        assertThatThrownBy(() -> TESTS.mannWhitneyExact(new double[] {1, 2}, new double[] {2, 3}))
                .hasMessageContaining("without ties");
    }

    @Test
    void kruskalWallis() {
        // kruskal.test(api00 ~ stype, apisrs)
        TestResult k = TESTS.kruskalWallis(BY_STYPE);
        REF.check(k.statistic(), "kw/api00~stype", "statistic", TOL);
        REF.check(k.df(), "kw/api00~stype", "df", TOL);
        REF.checkP(k.pValue(), "kw/api00~stype", "p", TOL);
        REF.check(k.effectSize().orElseThrow().value(), "kw/api00~stype", "eta2H", TOL);
    }

    private static long[][] table(String file) {
        CsvTable t = CsvTable.resource("/reference/analysis1/" + file);
        List<String> cols = t.columns().subList(1, t.columns().size());
        long[][] x = new long[t.size()][cols.size()];
        for (int j = 0; j < cols.size(); j++) {
            double[] c = t.doubles(cols.get(j));
            for (int i = 0; i < c.length; i++) {
                x[i][j] = (long) c[i];
            }
        }
        return x;
    }

    @Test
    void chiSquare() {
        // chisq.test(table(apisrs$sch.wide, apisrs$stype))
        TestResult c = TESTS.chiSquare(table("table-schwide-stype.csv"));
        assertThat(c.method()).isEqualTo(TestResult.Method.PEARSON_CHI_SQUARE);
        REF.check(c.statistic(), "chisq/sch.wide x stype", "statistic", TOL);
        REF.check(c.df(), "chisq/sch.wide x stype", "df", TOL);
        REF.checkP(c.pValue(), "chisq/sch.wide x stype", "p", TOL);
        REF.check(c.effectSize().orElseThrow().value(), "chisq/sch.wide x stype", "cramers_v", TOL);
        // chisq.test(table(apisrs$sch.wide, apisrs$comp.imp)) with and without Yates
        long[][] t22 = table("table-schwide-compimp.csv");
        TestResult y = TESTS.chiSquare(t22);
        assertThat(y.method()).isEqualTo(TestResult.Method.PEARSON_CHI_SQUARE_YATES);
        REF.check(y.statistic(), "chisq/yates", "statistic", TOL);
        REF.checkP(y.pValue(), "chisq/yates", "p", TOL);
        TestResult n = TESTS.chiSquare(t22, false);
        REF.check(n.statistic(), "chisq/noyates", "statistic", TOL);
        REF.checkP(n.pValue(), "chisq/noyates", "p", TOL);
        REF.check(n.effectSize().orElseThrow().value(), "chisq/noyates", "cramers_v", TOL);
    }

    @Test
    void pAdjust() {
        // p.adjust(p, "holm" / "BH" / "bonferroni")
        double[] p = {0.01, 0.02, 0.03, 0.04, 0.05, 0.5, 0.0001, 0.2, 0.03};
        Map<PValueAdjustment, String> cases = Map.of(PValueAdjustment.HOLM, "padjust/holm",
                PValueAdjustment.BENJAMINI_HOCHBERG, "padjust/BH", PValueAdjustment.BONFERRONI, "padjust/bonferroni");
        cases.forEach((m, c) -> {
            double[] adj = m.adjust(p);
            for (int i = 0; i < p.length; i++) {
                REF.check(adj[i], c, String.valueOf(i + 1), 1e-15);
            }
        });
        assertThat(PValueAdjustment.NONE.adjust(p)).containsExactly(p);
        assertThatThrownBy(() -> PValueAdjustment.HOLM.adjust(new double[] {0.1, Double.NaN}))
                .hasMessageContaining("pValues[1] = NaN");
    }

    @Test
    void pairwiseAmong63Provinces() {
        // pairwise.t.test(score, province, p.adjust.method = m, pool.sd = TRUE / FALSE)
        CsvTable t = CsvTable.resource("/reference/analysis1/provinces.csv");
        Map<String, List<Double>> byProvince = new LinkedHashMap<>();
        String[] prov = t.strings("province");
        double[] score = t.doubles("score");
        for (int i = 0; i < prov.length; i++) {
            byProvince.computeIfAbsent(prov[i], k -> new ArrayList<>()).add(score[i]);
        }
        List<String> names = new ArrayList<>(byProvince.keySet());
        double[][] groups = new double[names.size()][];
        for (int g = 0; g < names.size(); g++) {
            groups[g] = byProvince.get(names.get(g)).stream().mapToDouble(Double::doubleValue).toArray();
        }
        assertThat(names).hasSize(63);
        Map<PValueAdjustment, String> methods = Map.of(PValueAdjustment.HOLM, "holm",
                PValueAdjustment.BENJAMINI_HOCHBERG, "BH", PValueAdjustment.NONE, "none");
        methods.forEach((m, label) -> {
            for (boolean pooled : new boolean[] {true, false}) {
                List<PairwiseComparison> family = TESTS.pairwiseT(names, groups, pooled, m);
                assertThat(family).hasSize(63 * 62 / 2);
                String c = "pairwise/" + label + "/" + (pooled ? "pooled" : "welch");
                for (PairwiseComparison pc : family) {
                    double e = REF.get(c, pc.first() + " " + pc.second());
                    assertThat(pc.adjustedP()).as(c + " " + pc.first() + " " + pc.second())
                            .isCloseTo(e, within(1e-9 * e + 1e-300));
                }
            }
        });
    }

    @Test
    void badInput() {
        assertThatThrownBy(() -> TESTS.welchT(new double[] {1}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x has 1 non-missing values; at least 2");
        assertThatThrownBy(() -> TESTS.welchT(new double[] {1, Double.POSITIVE_INFINITY}, new double[] {1, 2}))
                .hasMessageContaining("x[1] = Infinity is not finite");
        assertThatThrownBy(() -> TESTS.welchT(new double[] {3, 3}, new double[] {3, 3}))
                .hasMessageContaining("essentially constant");
        assertThatThrownBy(() -> TESTS.anova(new double[][] {{1, 2}})).hasMessageContaining("at least 2 groups");
        assertThatThrownBy(() -> TESTS.welchAnova(new double[][] {{1, 2}, {3, 3}})).hasMessageContaining("groups[1] has no variance");
        assertThatThrownBy(() -> TESTS.kruskalWallis(new double[][] {{1, 1}, {1}})).hasMessageContaining("all 3 values are tied");
        assertThatThrownBy(() -> TESTS.chiSquare(new long[][] {{1, 2}, {0, 0}})).hasMessageContaining("row 1 has no observations");
        assertThatThrownBy(() -> TESTS.chiSquare(new long[][] {{1, -2}, {3, 4}})).hasMessageContaining("table[0][1] = -2 is negative");
        assertThatThrownBy(() -> TESTS.chiSquare(new long[][] {{1, 2}, {3}})).hasMessageContaining("table[1] has 1 columns");
        assertThatThrownBy(() -> TESTS.pairwiseT(List.of("a", "a"), new double[][] {{1, 2}, {3, 4}}, true, PValueAdjustment.HOLM))
                .hasMessageContaining("not distinct");
        assertThatThrownBy(() -> TESTS.welchT(null, new double[] {1})).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> TESTS.withConfidenceLevel(0)).hasMessageContaining("outside (0, 1)");
    }
}
