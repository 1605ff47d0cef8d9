package org.civicsurvey.analysis.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.civicsurvey.stats.Design;
import org.civicsurvey.stats.SurveyData;
import org.civicsurvey.stats.SurveyDesign;
import org.civicsurvey.stats.Variable;
import org.civicsurvey.testing.CsvTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Expected values from {@code reference/analysis1/design.csv}, written by {@code design.R}
 * (R 4.2.2, survey 4.1.1: svyttest, svyby + svycontrast, svychisq on the api designs
 * {@code dstrat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = apistrat)},
 * {@code dclus1 <- svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = apiclus1)},
 * {@code dclus2 <- svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = apiclus2)}).
 */
class DesignComparisonsTest {
    private static final Reference REF = new Reference("design.csv");
    /** Closed form given the kernel's svyrecvar: 1e-9 relative. */
    private static final double TOL = 1e-9;
    private static final DesignComparisons CMP = DesignComparisons.withDefaults();

    private static CsvTable data(String design) {
        switch (design) {
            case "dstrat":
                return CsvTable.resource("/reference/api/apistrat.csv");
            case "dclus1":
                return CsvTable.resource("/reference/api/apiclus1.csv");
            default:
                return CsvTable.resource("/reference/api/apiclus2.csv");
        }
    }

    private static int[] ints(CsvTable t, String column) {
        double[] d = t.doubles(column);
        int[] out = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (int) d[i];
        }
        return out;
    }

    private static Design design(String name, CsvTable t) {
        switch (name) {
            case "dstrat":
                return SurveyDesign.builder(t.doubles("pw")).strata(t.codes("stype")).fpc(t.doubles("fpc")).build();
            case "dclus1":
                return SurveyDesign.builder(t.doubles("pw")).clusters(ints(t, "dnum")).fpc(t.doubles("fpc")).build();
            default:
                return SurveyDesign.builder(t.doubles("pw")).clusters(ints(t, "dnum"), ints(t, "snum"))
                        .fpc(t.doubles("fpc1"), t.doubles("fpc2")).build();
        }
    }

    /** Codes of a factor column in R's level order (sorted labels). */
    private static int[] factor(CsvTable t, String column, List<String> levels) {
        String[] s = t.strings(column);
        int[] out = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = levels.indexOf(s[i]);
            if (out[i] < 0) {
                throw new AssertionError("unexpected level " + s[i]);
            }
        }
        return out;
    }

    private static final List<String> NO_YES = List.of("No", "Yes");
    private static final List<String> STYPE = List.of("E", "H", "M");

    private static void check(String c, TestResult r) {
        REF.check(r.statistic(), c, "statistic", TOL);
        REF.check(r.df(), c, "df", TOL);
        REF.checkP(r.pValue(), c, "p", 1e-8);
        REF.check(r.estimate().getAsDouble(), c, "estimate", TOL);
        REF.check(r.standardError().getAsDouble(), c, "se", TOL);
        REF.check(r.interval().orElseThrow().lower(), c, "lower", TOL);
        REF.check(r.interval().orElseThrow().upper(), c, "upper", TOL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dstrat", "dclus1", "dclus2"})
    void svyttest(String name) {
        CsvTable t = data(name);
        Design d = design(name, t);
        double[] api00 = t.doubles("api00");
        // svyttest(api00 ~ sch.wide, design); svyttest(api00 ~ awards, design)
        TestResult r = CMP.tTest(d, api00, factor(t, "sch.wide", NO_YES));
        assertThat(r.method()).isEqualTo(TestResult.Method.DESIGN_T);
        check("svyttest/" + name + "/api00~sch.wide", r);
        check("svyttest/" + name + "/api00~awards", CMP.tTest(d, api00, factor(t, "awards", NO_YES)));
        // svyttest(I(as.numeric(api00 > 700)) ~ comp.imp, design): a difference of proportions
        double[] high = new double[api00.length];
        for (int i = 0; i < high.length; i++) {
            high[i] = api00[i] > 700 ? 1 : 0;
        }
        check("svyttest/" + name + "/I(as.numeric(api00>700))~comp.imp", CMP.tTest(d, high, factor(t, "comp.imp", NO_YES)));
        assertThat(r.n()).isEqualTo(t.size());
        assertThat(r.excluded()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dstrat", "dclus1", "dclus2"})
    void svycontrastOfSvyby(String name) {
        CsvTable t = data(name);
        Design d = design(name, t);
        double[] sw = new double[t.size()];
        String[] s = t.strings("sch.wide");
        for (int i = 0; i < sw.length; i++) {
            sw[i] = s[i].equals("Yes") ? 1 : 0;
        }
        for (String v : new String[] {"api00", "I(as.numeric(sch.wide=='Yes'))"}) {
            double[] y = v.equals("api00") ? t.doubles("api00") : sw;
            // svyby(~v, ~stype, design, svymean, covmat = TRUE)
            DomainMeans m = CMP.domainMeans(d, y, factor(t, "stype", STYPE), STYPE);
            String b = "svyby/" + name + "/" + v;
            REF.check(m.degreesOfFreedom(), b, "degf", 0);
            for (int g = 0; g < 3; g++) {
                REF.check(m.mean(g), b, "mean." + STYPE.get(g), TOL);
                REF.check(m.standardError(g), b, "se." + STYPE.get(g), TOL);
            }
            // svycontrast(b, c(E = 1, H = -1)) etc.
            int[][] pairs = {{0, 1}, {0, 2}, {1, 2}};
            for (int[] p : pairs) {
                TestResult r = CMP.difference(m, p[0], p[1]);
                check("contrast/" + name + "/" + v + "/" + STYPE.get(p[0]) + "-" + STYPE.get(p[1]), r);
            }
            List<PairwiseComparison> all = CMP.pairwise(m, PValueAdjustment.HOLM);
            assertThat(all).hasSize(3);
            double[] raw = all.stream().mapToDouble(c -> c.test().pValue()).toArray();
            double[] holm = PValueAdjustment.HOLM.adjust(raw);
            for (int i = 0; i < 3; i++) {
                assertThat(all.get(i).adjustedP()).isEqualTo(holm[i]);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dstrat", "dclus1", "dclus2"})
    void svychisq(String name) {
        CsvTable t = data(name);
        Design d = design(name, t);
        String[][] tables = {{"sch.wide", "stype"}, {"comp.imp", "stype"}, {"sch.wide", "comp.imp"}};
        for (String[] tab : tables) {
            int[] rows = factor(t, tab[0], tab[0].equals("stype") ? STYPE : NO_YES);
            int[] cols = factor(t, tab[1], tab[1].equals("stype") ? STYPE : NO_YES);
            String c = "svychisq/" + name + "/~" + tab[0] + "+" + tab[1];
            // svychisq(~r + c, design)  (statistic = "F")
            TestResult f = CMP.chiSquare(d, rows, cols);
            assertThat(f.method()).isEqualTo(TestResult.Method.RAO_SCOTT_F);
            REF.check(f.statistic(), c, "F", TOL);
            REF.check(f.degreesOfFreedom().get(0), c, "ndf", TOL);
            REF.check(f.degreesOfFreedom().get(1), c, "ddf", TOL);
            REF.checkP(f.pValue(), c, "p.F", 1e-8);
            // svychisq(~r + c, design, statistic = "Chisq")
            TestResult x = CMP.chiSquareFirstOrder(d, rows, cols);
            REF.check(x.statistic(), c, "X2.corrected", TOL);
            REF.check(x.df(), c, "df", TOL);
            REF.checkP(x.pValue(), c, "p.Chisq", 1e-8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dstrat", "dclus1", "dclus2"})
    void namedColumnsOfSurveyDataGiveRsNumbersToo(String name) {
        CsvTable t = data(name);
        Design d = design(name, t);
        // sch.wide as the domain (No = code 0, Yes = 1): svyttest(api00 ~ sch.wide, design)
        SurveyData data = SurveyData.of(d, factor(t, "sch.wide", NO_YES))
            .withNumeric(Variable.numeric("api00"), t.doubles("api00"))
            .withCategoricalValues(Variable.categorical("sch.wide", 0, 1), toDoubles(factor(t, "sch.wide", NO_YES)))
            .withCategoricalValues(Variable.categorical("stype", 0, 1, 2), toDoubles(factor(t, "stype", STYPE)));
        check("svyttest/" + name + "/api00~sch.wide", CMP.tTest(data, "api00"));
        // svychisq(~sch.wide + stype, design)
        TestResult f = CMP.chiSquare(data, "sch.wide", "stype");
        String c = "svychisq/" + name + "/~sch.wide+stype";
        REF.check(f.statistic(), c, "F", TOL);
        REF.checkP(f.pValue(), c, "p.F", 1e-8);
        assertThat(CMP.domainMeans(data, "api00").names()).containsExactly("0", "1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CMP.chiSquare(data, "api00", "stype"))
            .hasMessageContaining("api00 is numeric");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CMP.tTest(SurveyData.of(d)
            .withNumeric(Variable.numeric("api00"), t.doubles("api00")), "api00"))
            .hasMessageContaining("exactly two domains; the data have domain codes [0]");
    }

    private static double[] toDoubles(int[] codes) {
        double[] out = new double[codes.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = codes[i];
        }
        return out;
    }

    @Test
    void missingValuesAreLeftOutOfDomainsButStayInTheDesign() {
        CsvTable t = data("dclus2");
        Design d = design("dclus2", t);
        double[] api00 = t.doubles("api00");
        int[] g = factor(t, "sch.wide", NO_YES);
        TestResult full = CMP.tTest(d, api00, g);
        // a unit with no group changes nothing when its value is also dropped from the domains
        double[] y = api00.clone();
        y[0] = Double.NaN;
        TestResult dropped = CMP.tTest(d, y, g);
        assertThat(dropped.excluded()).isEqualTo(1);
        assertThat(dropped.n()).isEqualTo(full.n() - 1);
        int[] g2 = g.clone();
        g2[0] = -1;
        TestResult noGroup = CMP.tTest(d, api00, g2);
        assertThat(noGroup.statistic()).isEqualTo(dropped.statistic());
    }

    @Test
    void badInput() {
        CsvTable t = data("dstrat");
        Design d = design("dstrat", t);
        double[] y = t.doubles("api00");
        int[] g = factor(t, "sch.wide", NO_YES);
        assertThatThrownBy(() -> CMP.tTest(d, new double[3], g)).hasMessageContaining("the design has 200 units");
        int[] bad = g.clone();
        bad[5] = 2;
        assertThatThrownBy(() -> CMP.tTest(d, y, bad)).hasMessageContaining("group[5] = 2 is outside -1..1");
        int[] one = new int[g.length];
        assertThatThrownBy(() -> CMP.tTest(d, y, one)).hasMessageContaining("domain '1' has no unit");
        double[] inf = y.clone();
        inf[3] = Double.POSITIVE_INFINITY;
        assertThatThrownBy(() -> CMP.tTest(d, inf, g)).hasMessageContaining("y[3] = Infinity");
        int[] single = new int[g.length];
        assertThatThrownBy(() -> CMP.chiSquare(d, single, g)).hasMessageContaining("at least 2 row and 2 column");
        DomainMeans m = CMP.domainMeans(d, y, g, NO_YES);
        assertThatThrownBy(() -> CMP.difference(m, 1, 1)).hasMessageContaining("with itself");
        assertThatThrownBy(() -> m.mean(2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(m.indexOf("Yes")).isEqualTo(1);
    }
}
