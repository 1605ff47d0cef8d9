package org.civicsurvey.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The statistics' algebra: merge equals the union, SQL-style GROUP BY rows give the same
 * statistics as the one-pass collector, domains collapse. The numbers themselves are checked
 * against R in {@link EstimatorTest}.
 */
class SufficientStatisticsTest {
    private static final Estimator EST = Estimator.withDefaults();

    private static List<Statistic> statistics() {
        List<Statistic> list = new ArrayList<>();
        for (int k = 1; k <= Synthetic.ITEMS; k++) {
            list.add(Statistic.mean("q" + k));
            list.add(Statistic.proportion("q" + k, 4, 5).in(2));
            list.add(Statistic.total("q" + k).in(5));
        }
        return list;
    }

    private static void assertSame(EstimateSet a, EstimateSet b, double tol) {
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).value()).isCloseTo(b.get(i).value(), within(tol * Math.abs(b.get(i).value())));
            assertThat(a.get(i).standardError()).isCloseTo(b.get(i).standardError(),
                within(tol * b.get(i).standardError()));
            assertThat(a.get(i).validN()).isEqualTo(b.get(i).validN());
            assertThat(a.get(i).excluded()).isEqualTo(b.get(i).excluded());
            for (int j = 0; j < a.size(); j++) {
                double ca;
                try {
                    ca = a.covariance(i, j);
                } catch (IllegalStateException unknown) {
                    continue; // unclustered statistics without cross-products relate no two variables
                }
                assertThat(ca).isCloseTo(b.covariance(i, j), within(1e-12 + tol * Math.abs(b.covariance(i, j))));
            }
        }
    }

    /** Rows i with i % parts == part, as their own design and data. */
    private static SufficientStatistics part(String name, int part, int parts) {
        SurveyDesign full = Synthetic.design(name);
        int n = full.size();
        List<Integer> rows = new ArrayList<>();
        for (int i = part; i < n; i += parts) {
            rows.add(i);
        }
        int m = rows.size();
        double[] w = new double[m];
        int[] strata = new int[m];
        int[] psu = new int[m];
        double[] fpc = new double[m];
        int[] dom = new int[m];
        int[] allStrata = ApiData.ints(Synthetic.TABLE, "stratum");
        int[] allPsu = ApiData.ints(Synthetic.TABLE, "psu");
        double[] allFpc = Synthetic.TABLE.doubles("fpc");
        int[] allDom = ApiData.ints(Synthetic.TABLE, "province");
        int[] allSsu = Synthetic.ssu();
        double[] allFpc2 = Synthetic.fpc2(allPsu);
        int[] ssu = new int[m];
        double[] fpc2 = new double[m];
        for (int r = 0; r < m; r++) {
            int i = rows.get(r);
            w[r] = full.weight(i);
            strata[r] = allStrata[i];
            psu[r] = allPsu[i];
            fpc[r] = allFpc[i];
            dom[r] = allDom[i];
            ssu[r] = allSsu[i];
            fpc2[r] = allFpc2[i];
        }
        SurveyDesign.Builder b = SurveyDesign.builder(w).strata(strata);
        if (name.equals("syn_clus")) {
            b.clusters(psu).fpc(fpc);
        } else if (name.equals("syn_clus2")) {
            b.clusters(psu, ssu).fpc(fpc, fpc2); // every SSU's rows are spread over the three parts
        }
        SurveyDesign d = b.build();
        StatisticsCollector c = SufficientStatistics.collector(d, dom).crossProducts(true);
        for (int k = 1; k <= Synthetic.ITEMS; k++) {
            byte[] all = Synthetic.codes("q" + k);
            byte[] codes = new byte[m];
            for (int r = 0; r < m; r++) {
                codes[r] = all[rows.get(r)];
            }
            c.categorical(Variable.scale("q" + k, 1, 5), codes);
        }
        return c.collect();
    }

    @ParameterizedTest
    @ValueSource(strings = {"syn_clus", "syn_strat", "syn_clus2"})
    void mergeOfPartsEqualsTheWhole(String name) {
        SufficientStatistics whole = Synthetic.data(name).statistics(true);
        SufficientStatistics a = part(name, 0, 3);
        SufficientStatistics b = part(name, 1, 3);
        SufficientStatistics c = part(name, 2, 3);
        SufficientStatistics left = a.merge(b).merge(c);
        SufficientStatistics right = c.merge(a.merge(b));
        assertThat(left.rows()).isEqualTo(2400);
        assertThat(left.degreesOfFreedom()).isEqualTo(whole.degreesOfFreedom());
        assertSame(EST.estimate(left, statistics()), EST.estimate(whole, statistics()), 1e-12);
        assertSame(EST.estimate(right, statistics()), EST.estimate(whole, statistics()), 1e-12);
    }

    /** What docs/estimation.md asks a SQL GROUP BY to return, computed here row by row. */
    @ParameterizedTest
    @ValueSource(strings = {"syn_clus", "syn_strat"})
    void groupByRowsGiveTheSameStatistics(String name) {
        boolean clustered = name.equals("syn_clus");
        int[] strata = ApiData.ints(Synthetic.TABLE, "stratum");
        int[] psu = ApiData.ints(Synthetic.TABLE, "psu");
        int[] dom = ApiData.ints(Synthetic.TABLE, "province");
        double[] w = Synthetic.TABLE.doubles("w");
        double[] fpc = Synthetic.TABLE.doubles("fpc");
        int n = w.length;
        List<Variable> vars = new ArrayList<>();
        for (int k = 1; k <= Synthetic.ITEMS; k++) {
            vars.add(Variable.scale("q" + k, 1, 5));
        }
        SufficientStatistics.Builder b = SufficientStatistics.builder(vars, clustered).crossProducts(!clustered);
        if (clustered) {
            for (int i = 0; i < n; i++) {
                b.stratumPopulation(strata[i], fpc[i]);
            }
        }
        // query 1: SELECT domain, stratum, psu, COUNT(*), SUM(CASE WHEN w > 0 THEN 1 ELSE 0 END), SUM(w) GROUP BY 1, 2, 3
        Map<String, double[]> cells = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String key = dom[i] + "/" + strata[i] + "/" + (clustered ? psu[i] : 0);
            double[] s = cells.computeIfAbsent(key, x -> new double[3]);
            s[0]++;
            s[1] += w[i] > 0 ? 1 : 0;
            s[2] += w[i];
        }
        for (Map.Entry<String, double[]> e : cells.entrySet()) {
            String[] k = e.getKey().split("/");
            b.addCell(Integer.parseInt(k[0]), Integer.parseInt(k[1]), Long.parseLong(k[2]), (long) e.getValue()[0],
                (long) e.getValue()[1], e.getValue()[2]);
        }
        // query 2: SELECT domain, stratum, psu, item, value, COUNT(*), SUM(w), SUM(w*w) ... GROUP BY 1..5
        double[][] q = new double[Synthetic.ITEMS][];
        for (int k = 1; k <= Synthetic.ITEMS; k++) {
            q[k - 1] = Synthetic.TABLE.doubles("q" + k);
            Map<String, double[]> groups = new HashMap<>();
            for (int i = 0; i < n; i++) {
                String key = dom[i] + "/" + strata[i] + "/" + (clustered ? psu[i] : 0) + "/" + q[k - 1][i];
                double[] s = groups.computeIfAbsent(key, x -> new double[3]);
                s[0]++;
                s[1] += w[i];
                s[2] += w[i] * w[i];
            }
            for (Map.Entry<String, double[]> e : groups.entrySet()) {
                String[] key = e.getKey().split("/");
                double value = Double.parseDouble(key[3]);
                int d = Integer.parseInt(key[0]);
                int h = Integer.parseInt(key[1]);
                long p = Long.parseLong(key[2]);
                long count = (long) e.getValue()[0];
                if (Double.isNaN(value)) {
                    b.addExcluded(d, h, p, "q" + k, Exclusion.MISSING, count);
                } else if (value == 8) {
                    b.addExcluded(d, h, p, "q" + k, Exclusion.DONT_KNOW, count);
                } else if (value == 9) {
                    b.addExcluded(d, h, p, "q" + k, Exclusion.NOT_APPLICABLE, count);
                } else {
                    b.addCategory(d, h, p, "q" + k, value, count, e.getValue()[1], e.getValue()[2]);
                }
            }
        }
        if (!clustered) {
            // query 3: SELECT domain, stratum, a.item, a.value, b.item, b.value, SUM(w*w) ... a.item < b.item
            for (int a = 0; a < Synthetic.ITEMS; a++) {
                for (int c = a + 1; c < Synthetic.ITEMS; c++) {
                    for (int i = 0; i < n; i++) {
                        if (q[a][i] <= 5 && q[c][i] <= 5) {
                            b.addCrossProduct(dom[i], strata[i], "q" + (a + 1), q[a][i], "q" + (c + 1), q[c][i], w[i] * w[i]);
                        }
                    }
                }
            }
        }
        SufficientStatistics fromSql = b.build();
        SufficientStatistics collected = Synthetic.data(name).statistics(true);
        assertThat(fromSql.cellCount()).isEqualTo(collected.cellCount());
        assertSame(EST.estimate(fromSql, statistics()), EST.estimate(collected, statistics()), 1e-12);
        // and both equal the row-level estimate through Design.totalCovariance
        assertSame(EST.estimate(Synthetic.data(name), statistics()), EST.estimate(collected, statistics()), 1e-9);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void rowRangesSummedInParallelEqualOnePass(boolean clustered) {
        int n = 50_000; // several 4096-row blocks and, on a multi-core machine, several row ranges
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        double[] w = new double[n];
        int[] strata = new int[n];
        int[] psu = new int[n];
        int[] dom = new int[n];
        byte[] q = new byte[n];
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = 1 + random.nextDouble() * 9;
            strata[i] = random.nextInt(5);
            psu[i] = strata[i] * 1000 + random.nextInt(40);
            dom[i] = random.nextInt(7);
            q[i] = random.nextDouble() < 0.05 ? Exclusion.DONT_KNOW.code() : (byte) random.nextInt(5);
            x[i] = random.nextDouble() < 0.05 ? Double.NaN : random.nextGaussian() * 10 + 50;
        }
        SurveyDesign.Builder b = SurveyDesign.builder(w).strata(strata);
        if (clustered) {
            b.clusters(psu);
        }
        SurveyDesign design = b.build();
        List<Statistic> list = List.of(Statistic.mean("q"), Statistic.proportion("q", 4, 5).in(3), Statistic.total("x").in(6),
            Statistic.mean("x"));
        SufficientStatistics one = SufficientStatistics.collector(design, dom).parallel(false)
            .categorical(Variable.scale("q", 1, 5), q).numeric(Variable.numeric("x"), x).collect();
        SufficientStatistics many = SufficientStatistics.collector(design, dom).parallel(true)
            .categorical(Variable.scale("q", 1, 5), q).numeric(Variable.numeric("x"), x).collect();
        assertSame(EST.estimate(many, list), EST.estimate(one, list), 1e-12);
        // and the rows path through Design.totalCovariance
        SurveyData rows = SurveyData.of(design, dom).withCategorical(Variable.scale("q", 1, 5), q)
            .withNumeric(Variable.numeric("x"), x);
        assertSame(EST.estimate(many, list), EST.estimate(rows, list), 1e-9);
    }

    @Test
    void unclusteredMemoryGrowsWithDomainsAndStrataNotRows() {
        SufficientStatistics s = Synthetic.data("syn_strat").statistics(false);
        assertThat(s.cellCount()).isEqualTo(6 * 4);
        assertThat(s.isClustered()).isFalse();
        assertThat(s.rows()).isEqualTo(2400);
    }

    @Test
    void collapsingDomainsGivesTheOverallEstimate() {
        SufficientStatistics s = Synthetic.data("syn_clus").statistics(false);
        SufficientStatistics all = s.collapseDomains(d -> 0);
        assertThat(all.domains()).containsExactly(0);
        Estimate overall = EST.estimate(s, Statistic.mean("q1"));
        Estimate collapsed = EST.estimate(all, Statistic.mean("q1").in(0));
        assertThat(collapsed.value()).isCloseTo(overall.value(), within(1e-12));
        assertThat(collapsed.standardError()).isCloseTo(overall.standardError(), within(1e-12));
        Map<Integer, Estimate> byProvince = EST.byDomain(s, Statistic.proportion("q1", 4, 5));
        assertThat(byProvince).containsOnlyKeys(1, 2, 3, 4, 5, 6);
        // per-point counts and exclusions (A-11 style), from the reference CSV directly
        double[] q1 = Synthetic.TABLE.doubles("q1");
        double[] province = Synthetic.TABLE.doubles("province");
        long[] expected = new long[5];
        long dk = 0;
        for (int i = 0; i < q1.length; i++) {
            if (province[i] == 3 && q1[i] >= 1 && q1[i] <= 5) {
                expected[(int) q1[i] - 1]++;
            }
            dk += province[i] == 3 && q1[i] == 8 ? 1 : 0;
        }
        assertThat(s.categoryCounts("q1", 3)).containsExactly(expected);
        assertThat(s.excluded("q1", 3).dontKnow()).isEqualTo(dk).isPositive();
        assertThat(byProvince.get(3).validN()).isEqualTo(java.util.Arrays.stream(expected).sum());
    }

    @Test
    void badSumsAreRejectedWithTheirCell() {
        List<Variable> vars = List.of(Variable.scale("q1", 1, 5), Variable.numeric("age"));
        SufficientStatistics.Builder b = SufficientStatistics.builder(vars, true);
        assertThatThrownBy(() -> b.addCategory(1, 1, 7, "q1", 6, 1, 1, 1)).hasMessageContaining("value 6.0 is not a category");
        assertThatThrownBy(() -> b.addCategory(1, 1, 7, "q9", 1, 1, 1, 1)).hasMessageContaining("no variable q9");
        assertThatThrownBy(() -> b.addCategory(1, 1, 7, "age", 1, 1, 1, 1)).hasMessageContaining("numeric");
        assertThatThrownBy(() -> b.addCategory(1, 1, 7, "q1", 1, -1, 1, 1)).hasMessageContaining("count is -1.0");
        assertThatThrownBy(() -> b.addNumeric(1, 1, 7, "age", 1, Double.NaN, 1, 1, 1, 1, 1)).hasMessageContaining("sumW is NaN");
        assertThatThrownBy(() -> b.crossProducts(true)).hasMessageContaining("unclustered");
        assertThatThrownBy(() -> b.stratumPopulation(1, 0.5)).hasMessageContaining("must be >= 1");
        b.addCategory(1, 1, 7, "q1", 4, 3, 30, 300);
        assertThatThrownBy(b::build).hasMessageContaining("(domain 1, stratum 1, psu 7) has 3 answers to q1 but 0 rows");
        assertThatThrownBy(() -> SufficientStatistics.builder(vars, true).build()).hasMessageContaining("no cells");
        SufficientStatistics s1 = SufficientStatistics.builder(vars, true).addCell(1, 1, 7, 3, 3, 30).build();
        SufficientStatistics s2 = SufficientStatistics.builder(vars, false).addCell(1, 1, 0, 3, 3, 30).build();
        assertThatThrownBy(() -> s1.merge(s2)).hasMessageContaining("different layouts");
        assertThatThrownBy(() -> EST.estimate(s1, Statistic.mean("q7"))).hasMessageContaining("no variable q7");
        assertThatThrownBy(() -> EST.estimate(s1, Statistic.proportion("age", 1))).hasMessageContaining("categorical");
    }

    @Test
    void badColumnsAreRejectedWithRowAndValue() {
        SurveyDesign d = SurveyDesign.unweighted(3);
        assertThatThrownBy(() -> SufficientStatistics.collector(d, null)
            .categorical(Variable.scale("q", 1, 5), new byte[] {0, 5, 1}).collect())
            .hasMessageContaining("q row 1: code 5 is outside the categories 0..4");
        assertThatThrownBy(() -> SufficientStatistics.collector(d, null)
            .categorical(Variable.scale("q", 1, 5), new byte[] {0, -9, 1}).collect())
            .hasMessageContaining("code -9");
        assertThatThrownBy(() -> SufficientStatistics.collector(d, null)
            .numeric(Variable.numeric("x"), new double[] {0, Double.POSITIVE_INFINITY, 1}).collect())
            .hasMessageContaining("x row 1 is Infinity");
        assertThatThrownBy(() -> SufficientStatistics.collector(d, new int[2])).hasMessageContaining("domains has length 2");
        double[] ones = {1, 1, 1};
        SurveyDesign varying = SurveyDesign.builder(ones).clusters(new int[] {1, 1, 1}, new int[] {1, 2, 3})
            .fpc(new double[] {5, 5, 5}, new double[] {4, 4, 6}).build();
        assertThatThrownBy(() -> SufficientStatistics.collector(varying, null))
            .hasMessageContaining("second-stage fpc varies within a PSU");
    }
}
