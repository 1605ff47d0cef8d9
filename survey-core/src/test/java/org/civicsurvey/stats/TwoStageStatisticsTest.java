package org.civicsurvey.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.civicsurvey.testing.CsvTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two-stage designs whose second stage enters the variance, held in sufficient statistics: the
 * covariances equal R's {@code svyrecvar} (reference/engine/kernel.R, survey 4.1.1: vcov of
 * {@code svytotal} and {@code svymean} of {@code ~api00 + api99 + meals} on
 * {@code svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = apiclus2)} and on apiclus2 with a
 * lonely school at stage 2, per lonely-PSU policy) to 1e-9 and the rows path to 1e-10; sums built
 * as a SQL {@code GROUP BY} returns them equal the collector's. Estimates of every kind, overall
 * and by domain, are checked against R in {@link EstimatorTest} (designs clus2_fpc and syn_clus2).
 */
class TwoStageStatisticsTest {
    private static final CsvTable KERNEL = CsvTable.resource("/reference/engine/kernel.csv");
    private static final String[] VARS = {"api00", "api99", "meals"};
    private static final Estimator EST = Estimator.withDefaults();

    private static SurveyData api(String design) {
        CsvTable t = ApiData.table(design);
        SurveyData d = SurveyData.of(ApiData.design(design));
        for (String v : VARS) {
            d = d.withNumeric(Variable.numeric(v), t.doubles(v));
        }
        return d;
    }

    private static List<Statistic> totalsAndMeans() {
        List<Statistic> list = new ArrayList<>();
        for (String v : VARS) {
            list.add(Statistic.total(v));
        }
        for (String v : VARS) {
            list.add(Statistic.mean(v));
        }
        return list;
    }

    @ParameterizedTest
    @ValueSource(strings = {"clus2_fpc", "lone2_remove", "lone2_adjust", "lone2_certainty"})
    void covarianceFromStatisticsEqualsRAndRows(String design) {
        SurveyData data = api(design);
        SufficientStatistics stats = data.statistics(false);
        assertThat(stats.isTwoStage()).isTrue();
        EstimateSet fromStats = EST.estimate(stats, totalsAndMeans());
        EstimateSet fromRows = EST.estimate(data, totalsAndMeans());
        int checked = 0;
        for (int r = 0; r < KERNEL.size(); r++) {
            if (!KERNEL.get(r, "design").equals(design)) {
                continue;
            }
            int a = List.of(VARS).indexOf(KERNEL.get(r, "var1"));
            int b = List.of(VARS).indexOf(KERNEL.get(r, "var2"));
            int offset = KERNEL.get(r, "stat").equals("total") ? 0 : 3;
            double expected = Double.parseDouble(KERNEL.get(r, "cov"));
            double actual = fromStats.covariance(offset + a, offset + b);
            assertThat(actual).as("%s %s cov(%s,%s)", design, KERNEL.get(r, "stat"), VARS[a], VARS[b])
                .isCloseTo(expected, within(1e-9 * Math.abs(expected)));
            double rows = fromRows.covariance(offset + a, offset + b);
            assertThat(actual).as("rows").isCloseTo(rows, within(1e-10 * Math.abs(rows)));
            assertThat(stats.degreesOfFreedom()).isEqualTo(Integer.parseInt(KERNEL.get(r, "df")));
            checked++;
        }
        assertThat(checked).isEqualTo(18);
    }

    @ParameterizedTest
    @EnumSource(value = LonelyPsu.class, names = {"FAIL", "AVERAGE"})
    void aLonelySecondStageUnitFailsAsFromRows(LonelyPsu policy) {
        CsvTable t = ApiData.CLUS2;
        SurveyData data = SurveyData.of(ApiData.lonelySecondStage(policy))
            .withNumeric(Variable.numeric("api00"), t.doubles("api00"));
        SufficientStatistics stats = data.statistics(false);
        assertThatThrownBy(() -> EST.estimate(data, Statistic.mean("api00")))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("only one secondary unit at stage 2");
        assertThatThrownBy(() -> EST.estimate(stats, Statistic.mean("api00")))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("PSU 15 (stratum 0) has only one secondary unit at stage 2");
    }

    /** Means, proportions and totals in domains, from statistics and from rows. */
    @Test
    void domainsFromStatisticsEqualRows() {
        SurveyData data = Synthetic.data("syn_clus2");
        SufficientStatistics stats = data.statistics(false);
        List<Statistic> list = new ArrayList<>();
        for (int k = 1; k <= Synthetic.ITEMS; k++) {
            list.add(Statistic.mean("q" + k));
            list.add(Statistic.proportion("q" + k, 4, 5).in(2));
            list.add(Statistic.total("q" + k).in(5));
            list.add(Statistic.mean("q" + k).in(6));
        }
        EstimateSet a = EST.estimate(stats, list);
        EstimateSet b = EST.estimate(data, list);
        assertSame(a, b, 1e-10);
        Map<Integer, EstimateSet> byDomain = EST.byDomain(stats, List.of(Statistic.proportion("q1", 4, 5)));
        for (Map.Entry<Integer, EstimateSet> e : byDomain.entrySet()) {
            assertSame(e.getValue(), EST.estimate(data, List.of(Statistic.proportion("q1", 4, 5).in(e.getKey()))), 1e-10);
        }
    }

    private static void assertSame(EstimateSet a, EstimateSet b, double tol) {
        assertThat(a.size()).isEqualTo(b.size());
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).value()).isCloseTo(b.get(i).value(), within(tol * Math.abs(b.get(i).value())));
            assertThat(a.get(i).standardError()).isCloseTo(b.get(i).standardError(), within(tol * b.get(i).standardError()));
            assertThat(a.get(i).lower()).isCloseTo(b.get(i).lower(), within(tol * Math.abs(b.get(i).lower())));
            assertThat(a.get(i).degreesOfFreedom()).isEqualTo(b.get(i).degreesOfFreedom());
            for (int j = 0; j < a.size(); j++) {
                assertThat(a.covariance(i, j)).isCloseTo(b.covariance(i, j), within(1e-14 + tol * Math.abs(b.covariance(i, j))));
            }
        }
    }

    /** What docs/estimation.md asks a two-stage SQL GROUP BY to return, computed here row by row. */
    @Test
    void groupByRowsGiveTheCollectorsStatistics() {
        int[] strata = ApiData.ints(Synthetic.TABLE, "stratum");
        int[] psu = ApiData.ints(Synthetic.TABLE, "psu");
        int[] ssu = Synthetic.ssu();
        double[] fpc2 = Synthetic.fpc2(psu);
        int[] dom = ApiData.ints(Synthetic.TABLE, "province");
        double[] w = Synthetic.TABLE.doubles("w");
        double[] fpc = Synthetic.TABLE.doubles("fpc");
        double[] q1 = Synthetic.TABLE.doubles("q1");
        SufficientStatistics.Builder b = SufficientStatistics.twoStageBuilder(List.of(Variable.scale("q1", 1, 5)));
        Map<List<Long>, double[]> cells = new HashMap<>();
        Map<List<Long>, double[]> answers = new HashMap<>();
        for (int i = 0; i < w.length; i++) {
            b.stratumPopulation(strata[i], fpc[i]);
            b.psuPopulation(strata[i], psu[i], fpc2[i]);
            List<Long> key = List.of((long) dom[i], (long) strata[i], (long) psu[i], (long) ssu[i]);
            double[] c = cells.computeIfAbsent(key, x -> new double[3]);
            c[0]++;
            c[1] += w[i] > 0 ? 1 : 0;
            c[2] += w[i];
            List<Long> answer = new ArrayList<>(key);
            answer.add(Double.isNaN(q1[i]) ? -1 : (long) q1[i]);
            double[] s = answers.computeIfAbsent(answer, x -> new double[3]);
            s[0]++;
            s[1] += w[i];
            s[2] += w[i] * w[i];
        }
        cells.forEach((k, c) -> b.addCell(k.get(0).intValue(), k.get(1).intValue(), k.get(2), k.get(3), (long) c[0],
            (long) c[1], c[2]));
        answers.forEach((k, s) -> {
            int d = k.get(0).intValue();
            int h = k.get(1).intValue();
            long value = k.get(4);
            if (value < 0) {
                b.addExcluded(d, h, k.get(2), k.get(3), "q1", Exclusion.MISSING, (long) s[0]);
            } else if (value > 5) {
                b.addExcluded(d, h, k.get(2), k.get(3), "q1", value == 8 ? Exclusion.DONT_KNOW : Exclusion.NOT_APPLICABLE,
                    (long) s[0]);
            } else {
                b.addCategory(d, h, k.get(2), k.get(3), "q1", value, (long) s[0], s[1], s[2]);
            }
        });
        SufficientStatistics fromSql = b.build();
        SurveyData data = SurveyData.of(Synthetic.design("syn_clus2"), dom)
            .withCategorical(Variable.scale("q1", 1, 5), Synthetic.codes("q1"));
        SufficientStatistics collected = data.statistics(false);
        assertThat(fromSql.cellCount()).isEqualTo(collected.cellCount());
        assertThat(fromSql.degreesOfFreedom()).isEqualTo(collected.degreesOfFreedom());
        List<Statistic> list = List.of(Statistic.mean("q1"), Statistic.proportion("q1", 4, 5).in(3), Statistic.total("q1"));
        assertSame(EST.estimate(fromSql, list), EST.estimate(collected, list), 1e-12);
    }

    @Test
    void badSecondStageSumsAreRejected() {
        List<Variable> vars = List.of(Variable.numeric("x"));
        SufficientStatistics.Builder noPopulation = SufficientStatistics.twoStageBuilder(vars).addCell(0, 1, 7, 1, 2, 2, 20);
        assertThatThrownBy(noPopulation::build).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("PSU 7 (stratum 1) has no population of SSUs");
        SufficientStatistics.Builder tooSmall = SufficientStatistics.twoStageBuilder(vars).psuPopulation(1, 7, 1)
            .addCell(0, 1, 7, 1, 1, 1, 10).addCell(0, 1, 7, 2, 1, 1, 10);
        assertThatThrownBy(tooSmall::build).hasMessageContaining("population of 1.0 SSUs, fewer than the 2 sampled");
        assertThatThrownBy(() -> SufficientStatistics.twoStageBuilder(vars).psuPopulation(1, 7, 0.5))
            .hasMessageContaining("is 0.5; must be >= 1");
        assertThatThrownBy(() -> SufficientStatistics.twoStageBuilder(vars).psuPopulation(1, 7, 4).psuPopulation(1, 7, 5))
            .hasMessageContaining("two populations of SSUs: 4.0 and 5.0");
        assertThatThrownBy(() -> SufficientStatistics.twoStageBuilder(vars).addCell(0, 1, 7, 1, 1, 10))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("one cell per SSU");
        assertThatThrownBy(() -> SufficientStatistics.builder(vars, true).psuPopulation(1, 7, 4))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("twoStageBuilder");
        SufficientStatistics two = SufficientStatistics.twoStageBuilder(vars).psuPopulation(1, 7, 4)
            .addCell(0, 1, 7, 1, 1, 1, 10).build();
        SufficientStatistics one = SufficientStatistics.builder(vars, true).addCell(0, 1, 7, 1, 1, 10).build();
        assertThatThrownBy(() -> two.merge(one)).hasMessageContaining("twoStage true/false");
    }
}
