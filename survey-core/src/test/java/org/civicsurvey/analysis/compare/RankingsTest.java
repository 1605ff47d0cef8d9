package org.civicsurvey.analysis.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.civicsurvey.stats.Design;
import org.civicsurvey.stats.SurveyDesign;
import org.civicsurvey.testing.CsvTable;
import org.junit.jupiter.api.Test;

/**
 * Pairwise rank intervals against {@code reference/analysis1/rankings.csv} (rankings.R, R 4.2.2:
 * pairwise.t.test(pool.sd = FALSE) p-values with p.adjust, then the interval definition);
 * simulated rank-1 probabilities against closed forms in {@code rank-probabilities.csv} (pnorm,
 * integrate), within 4 Monte Carlo standard errors.
 */
class RankingsTest {
    private static final String DIR = "/reference/analysis1/";

    private static Map<String, double[]> provinces() {
        CsvTable t = CsvTable.resource(DIR + "provinces.csv");
        Map<String, List<Double>> by = new LinkedHashMap<>();
        String[] p = t.strings("province");
        double[] s = t.doubles("score");
        for (int i = 0; i < p.length; i++) {
            by.computeIfAbsent(p[i], k -> new ArrayList<>()).add(s[i]);
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        by.forEach((k, v) -> out.put(k, v.stream().mapToDouble(Double::doubleValue).toArray()));
        return out;
    }

    @Test
    void pairwiseRankIntervalsOf63Provinces() {
        Map<String, double[]> prov = provinces();
        List<String> names = new ArrayList<>(prov.keySet());
        double[][] groups = prov.values().toArray(new double[0][]);
        double[] means = new double[groups.length];
        for (int g = 0; g < groups.length; g++) {
            double s = 0;
            for (double v : groups[g]) {
                s += v;
            }
            means[g] = s / groups[g].length;
        }
        CsvTable ref = CsvTable.resource(DIR + "rankings.csv");
        Map<PValueAdjustment, String> cases = Map.of(PValueAdjustment.BONFERRONI, "pairwise/bonferroni",
                PValueAdjustment.HOLM, "pairwise/holm", PValueAdjustment.BENJAMINI_HOCHBERG, "pairwise/BH");
        cases.forEach((adj, c) -> {
            List<PairwiseComparison> family = ClassicalTests.withDefaults().pairwiseT(names, groups, false, adj);
            Ranking r = Rankings.withDefaults().fromPairwise(names, means, family);
            assertThat(r.method()).isEqualTo(Ranking.Method.PAIRWISE);
            int checked = 0;
            for (int i = 0; i < ref.size(); i++) {
                if (!ref.get(i, "case").equals(c)) {
                    continue;
                }
                RankInterval g = r.group(ref.get(i, "group"));
                assertThat(g.estimate()).isCloseTo(Double.parseDouble(ref.get(i, "estimate")), within(1e-9));
                assertThat(g.rank()).as(c + " rank " + g.group()).isEqualTo(Integer.parseInt(ref.get(i, "rank")));
                assertThat(g.lower()).as(c + " lower " + g.group()).isEqualTo(Integer.parseInt(ref.get(i, "lower")));
                assertThat(g.upper()).as(c + " upper " + g.group()).isEqualTo(Integer.parseInt(ref.get(i, "upper")));
                checked++;
            }
            assertThat(checked).isEqualTo(63);
            assertThat(r.groups().get(0).rank()).isEqualTo(1);
            assertThat(r.topSet()).contains(r.groups().get(0).group());
        });
    }

    private static double probability(String c) {
        CsvTable t = CsvTable.resource(DIR + "rank-probabilities.csv");
        for (int i = 0; i < t.size(); i++) {
            if (t.get(i, "case").equals(c)) {
                return Double.parseDouble(t.get(i, "p"));
            }
        }
        throw new AssertionError(c);
    }

    private static void closeMonteCarlo(double actual, double expected, int draws) {
        double se = Math.sqrt(expected * (1 - expected) / draws);
        assertThat(actual).isCloseTo(expected, within(4 * se));
    }

    @Test
    void simulatedProbabilityOfRankOneMatchesClosedForms() {
        Rankings r = Rankings.withDefaults().withDraws(40_000);
        // pnorm((80 - 78) / sqrt(1.5^2 + 2^2))
        Ranking two = r.simulate(List.of("a", "b"), new double[] {80, 78}, new double[] {1.5, 2});
        closeMonteCarlo(two.group("a").probabilityFirst().getAsDouble(), probability("two"), 40_000);
        // integrate(dnorm(x, 80, 1.5) pnorm(x, 78, 2) pnorm(x, 79, 1))
        Ranking three = r.simulate(List.of("a", "b", "c"), new double[] {80, 78, 79}, new double[] {1.5, 2, 1});
        closeMonteCarlo(three.group("a").probabilityFirst().getAsDouble(), probability("three"), 40_000);
        assertThat(three.groups().stream().mapToDouble(g -> g.probabilityFirst().getAsDouble()).sum()).isCloseTo(1, within(1e-12));
    }

    @Test
    void simulationUsesTheFullCovariance() {
        // two domains of one design whose means are correlated: N((80, 79), [[4, 3], [3, 4]])
        // P(first) = pnorm(1 / sqrt(2)); as if independent it would be pnorm(1 / sqrt(8)) = 0.638
        DomainMeans m = new DomainMeans(List.of("a", "b"), new double[] {80, 79}, new double[][] {{4, 3}, {3, 4}},
                new long[] {10, 10}, new long[] {0, 0}, 19);
        Ranking r = Rankings.withDefaults().withDraws(40_000).simulate(m);
        closeMonteCarlo(r.group("a").probabilityFirst().getAsDouble(), probability("correlated"), 40_000);
    }

    @Test
    void simulationIsDeterministicAndSeparatesDistantGroups() {
        List<String> names = List.of("low", "mid", "high", "top");
        double[] est = {50, 70, 71, 90};
        double[] se = {1, 1, 1, 1};
        Ranking a = Rankings.withDefaults().simulate(names, est, se);
        Ranking b = Rankings.withDefaults().simulate(names, est, se);
        assertThat(a).isEqualTo(b);
        assertThat(a.group("top").lower()).isEqualTo(1);
        assertThat(a.group("top").upper()).isEqualTo(1);
        assertThat(a.group("low").lower()).isEqualTo(4);
        assertThat(a.group("mid").lower()).isEqualTo(2);
        assertThat(a.group("mid").upper()).isEqualTo(3);
        assertThat(a.topSet()).containsExactly("top");
        Ranking low = Rankings.withDefaults().withLowerIsBetter().simulate(names, est, se);
        assertThat(low.groups().get(0).group()).isEqualTo("low");
        // another seed gives other draws: a close race differs by Monte Carlo error only
        double p1 = Rankings.withDefaults().simulate(List.of("x", "y"), new double[] {70, 70.5}, new double[] {1, 1})
                .group("x").probabilityFirst().getAsDouble();
        double p2 = Rankings.withDefaults().withSeed(7).simulate(List.of("x", "y"), new double[] {70, 70.5}, new double[] {1, 1})
                .group("x").probabilityFirst().getAsDouble();
        assertThat(p1).isNotEqualTo(p2);
        assertThat(p1).isCloseTo(p2, within(0.03));
    }

    @Test
    void designBasedRankingOfSchoolTypes() {
        CsvTable t = CsvTable.resource("/reference/api/apistrat.csv");
        Design d = SurveyDesign.builder(t.doubles("pw")).strata(t.codes("stype")).fpc(t.doubles("fpc")).build();
        String[] s = t.strings("stype");
        List<String> levels = List.of("E", "H", "M");
        int[] g = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            g[i] = levels.indexOf(s[i]);
        }
        DomainMeans m = DesignComparisons.withDefaults().domainMeans(d, t.doubles("api00"), g, levels);
        Ranking sim = Rankings.withDefaults().simulate(m);
        Ranking pw = Rankings.withDefaults().fromPairwise(levels, new double[] {m.mean(0), m.mean(1), m.mean(2)},
                DesignComparisons.withDefaults().pairwise(m, PValueAdjustment.BONFERRONI));
        // E (elementary) has the highest mean; H is significantly below E (svycontrast, design.csv)
        assertThat(sim.groups().get(0).group()).isEqualTo("E");
        assertThat(pw.group("H").lower()).isGreaterThan(1);
        assertThat(pw.topSet()).contains("E");
    }

    @Test
    void badInput() {
        Rankings r = Rankings.withDefaults();
        assertThatThrownBy(() -> r.simulate(List.of("a"), new double[] {1}, new double[] {1}))
                .hasMessageContaining("at least 2 groups");
        assertThatThrownBy(() -> r.simulate(List.of("a", "b"), new double[] {1, Double.NaN}, new double[] {1, 1}))
                .hasMessageContaining("estimates[1] (b) = NaN");
        assertThatThrownBy(() -> r.simulate(List.of("a", "b"), new double[] {1, 2}, new double[] {1, -1}))
                .hasMessageContaining("standardErrors[1] = -1.0");
        assertThatThrownBy(() -> r.withDraws(10)).hasMessageContaining("must be >= 100");
        PairwiseComparison ab = ClassicalTests.withDefaults().pairwiseT(List.of("a", "b"),
                new double[][] {{1, 2, 3}, {2, 3, 5}}, false, PValueAdjustment.NONE).get(0);
        assertThatThrownBy(() -> r.fromPairwise(List.of("a", "b", "c"), new double[] {1, 2, 3}, List.of(ab)))
                .hasMessageContaining("no comparison of 'a' and 'c'");
        assertThatThrownBy(() -> r.fromPairwise(List.of("a", "b"), new double[] {1, 2}, List.of(ab, ab)))
                .hasMessageContaining("appears twice");
    }
}
