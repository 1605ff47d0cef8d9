package org.civicsurvey.weighting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.civicsurvey.stats.SurveyDesign;
import org.junit.jupiter.api.Test;

/**
 * The two ways {@link ProportionalFitting} reads the rows (sweeps over crossed cells, or over the
 * units when the margins cross into too many cells) and its parallel row ranges, each against
 * {@link #unitByUnit}: R's {@code survey:::rake} sequence restated unit by unit (each sweep
 * post-stratifies to every margin in turn, the sums taken over the units in row order), which is
 * what the weights equal to R in {@link WeightingReferenceTest} came from. Tolerance: relative
 * 1e-12 on every weight, the budget for regrouping sums of up to 300,000 positive terms.
 */
class RakingPassesTest {
    private static final double REL = 1e-12;

    /** Weights and report of the unit-by-unit restatement. */
    private record Expected(double[] weights, int sweeps, boolean converged, double[][] achieved) {
    }

    private static Expected unitByUnit(double[] inputWeights, List<Margin> margins, int maxSweeps, double limit) {
        double[] w = inputWeights.clone();
        int n = w.length;
        int sweeps = 0;
        boolean converged = false;
        double[][] achieved = new double[margins.size()][];
        while (sweeps < maxSweeps) {
            sweeps++;
            for (Margin m : margins) {
                int[] c = m.codes();
                double[] sums = new double[m.categories()];
                for (int i = 0; i < n; i++) {
                    sums[c[i]] += w[i];
                }
                double[] pop = m.populationCounts();
                double[] f = new double[sums.length];
                for (int k = 0; k < f.length; k++) {
                    f[k] = pop[k] / sums[k];
                }
                for (int i = 0; i < n; i++) {
                    w[i] *= f[c[i]];
                }
            }
            double worst = 0;
            for (int m = 0; m < margins.size(); m++) {
                int[] c = margins.get(m).codes();
                double[] sums = new double[margins.get(m).categories()];
                for (int i = 0; i < n; i++) {
                    sums[c[i]] += w[i];
                }
                double[] pop = margins.get(m).populationCounts();
                for (int k = 0; k < sums.length; k++) {
                    worst = Math.max(worst, Math.abs(sums[k] - pop[k]));
                }
                achieved[m] = sums;
            }
            if (worst <= limit) {
                converged = true;
                break;
            }
        }
        return new Expected(w, sweeps, converged, achieved);
    }

    /**
     * A sample of {@code n} units whose margins are correlated (so raking takes several sweeps),
     * with population counts unlike the sample's, every category of every margin occupied, and
     * crossed cells left empty (margin 1's category 0 never meets margin 2's category 0).
     */
    static List<Margin> correlatedMargins(int n, int[] levels, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[][] codes = new int[levels.length][n];
        for (int i = 0; i < n; i++) {
            int first = i < levels[0] ? i : random.nextInt(levels[0]);
            codes[0][i] = first;
            for (int m = 1; m < levels.length; m++) {
                int k = random.nextInt(4) == 0 ? random.nextInt(levels[m]) : (first + m) % levels[m];
                codes[m][i] = i < levels[m] ? i : k;
            }
            if (levels.length > 2 && codes[1][i] == 0 && codes[2][i] == 0) {
                codes[2][i] = 1;
            }
        }
        double total = 1_000_000;
        List<Margin> margins = new ArrayList<>();
        for (int m = 0; m < levels.length; m++) {
            double[] counts = new double[levels[m]];
            double sum = 0;
            for (int k = 0; k < levels[m]; k++) {
                counts[k] = 1 + k + (m + 1) * (k % 3);
                sum += counts[k];
            }
            for (int k = 0; k < levels[m]; k++) {
                counts[k] *= total / sum;
            }
            margins.add(Margin.of("m" + m, codes[m], counts));
        }
        return margins;
    }

    static double[] weights(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = 0.5 + 9 * random.nextDouble();
        }
        return w;
    }

    private static void assertSameWeights(double[] actual, double[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("unit %d", i).isCloseTo(expected[i], within(REL * expected[i]));
        }
    }

    private static void assertMatches(WeightingResult result, Expected expected, List<Margin> margins) {
        assertSameWeights(result.design().weights(), expected.weights());
        ConvergenceReport report = result.report();
        assertThat(report.iterations()).isEqualTo(expected.sweeps());
        assertThat(report.converged()).isEqualTo(expected.converged());
        for (int m = 0; m < margins.size(); m++) {
            Discrepancy d = report.discrepancies().get(m);
            double[] achieved = expected.achieved()[m];
            int k = margins.get(m).labels().indexOf(d.category());
            assertThat(d.achieved()).isCloseTo(achieved[k], within(REL * achieved[k]));
        }
    }

    @Test
    void crossedCellsGiveTheUnitByUnitWeights() {
        int n = 5000;
        List<Margin> margins = correlatedMargins(n, new int[] {12, 3, 4}, 11);
        double[] w = weights(n, 12);
        Weighting weighting = Weighting.withDefaults().withTolerance(1e-12);
        WeightingResult result = weighting.rake(SurveyDesign.builder(w).build(), margins);
        Expected expected = unitByUnit(w, margins, 100, 1e-12 * margins.get(0).populationTotal());
        assertThat(expected.sweeps()).isGreaterThan(5);
        assertThat(result.report().converged()).isTrue();
        assertMatches(result, expected, margins);
    }

    @Test
    void marginsCrossingIntoMoreCellsThanUnitsAreSweptUnitByUnit() {
        int n = 3000;
        List<Margin> margins = correlatedMargins(n, new int[] {60, 50, 40}, 21);
        assertThat(60L * 50 * 40).isGreaterThan(Math.max(n, CrossedCells.SMALL_TABLE));
        double[] w = weights(n, 22);
        WeightingResult result = Weighting.withDefaults().withTolerance(1e-12)
                .rake(SurveyDesign.builder(w).build(), margins);
        Expected expected = unitByUnit(w, margins, 100, 1e-12 * margins.get(0).populationTotal());
        assertThat(expected.sweeps()).isGreaterThan(5);
        assertMatches(result, expected, margins);
    }

    @Test
    void parallelRangesAgreeWithOneRangeAndWithTheUnitByUnitWeights() {
        int n = 4 * CrossedCells.MIN_RANGE + 123;
        List<Margin> margins = correlatedMargins(n, new int[] {63, 2, 5}, 31);
        double[] input = weights(n, 32);
        double limit = 1e-10 * margins.get(0).populationTotal();
        double[] one = input.clone();
        ProportionalFitting.Fit sequential = ProportionalFitting.rake(one, margins, 100, limit, 1);
        double[] four = input.clone();
        ProportionalFitting.Fit parallel = ProportionalFitting.rake(four, margins, 100, limit, 4);
        assertThat(parallel.sweeps()).isEqualTo(sequential.sweeps());
        assertThat(parallel.converged()).isTrue();
        assertSameWeights(four, one);
        Expected expected = unitByUnit(input, margins, 100, limit);
        assertThat(sequential.sweeps()).isEqualTo(expected.sweeps());
        assertSameWeights(one, expected.weights());
        assertSameWeights(four, expected.weights());
    }

    @Test
    void oneMarginIsPostStratificationInOneSweep() {
        Margin region = Margin.of("region", new int[] {0, 1, 1, 2, 0, 2, 2}, List.of("north", "centre", "south"),
                new double[] {120, 75, 305});
        SurveyDesign design = SurveyDesign.builder(new double[] {1, 2, 3, 4, 5, 6, 7}).build();
        WeightingResult raked = Weighting.withDefaults().rake(design, List.of(region));
        double[] expected = Weighting.withDefaults().postStratify(design, region).design().weights();
        assertThat(raked.report().converged()).isTrue();
        assertThat(raked.report().iterations()).isEqualTo(1);
        assertSameWeights(raked.design().weights(), expected);
        // north: 120 / (1 + 5) per unit of weight
        assertThat(raked.design().weights()[0]).isCloseTo(20, within(1e-13));
    }

    @Test
    void categoryWithoutRespondentsIsNamedWhicheverWayTheRowsAreRead() {
        Margin sex = Margin.of("sex", new int[] {0, 1, 1, 0}, List.of("F", "M"), new double[] {50, 50});
        Margin age = Margin.of("age", new int[] {0, 0, 2, 2}, List.of("young", "middle", "old"),
                new double[] {30, 30, 40});
        SurveyDesign design = SurveyDesign.builder(new double[] {1, 1, 1, 1}).build();
        assertThatThrownBy(() -> Weighting.withDefaults().rake(design, List.of(sex, age)))
                .isInstanceOf(WeightingException.class)
                .hasMessageContaining("margin 'age', category 'middle'").hasMessageContaining("no sample respondents");

        int n = 3000;
        List<Margin> wide = new ArrayList<>(correlatedMargins(n, new int[] {60, 50, 40}, 41));
        int[] codes = wide.get(2).codes();
        for (int i = 0; i < n; i++) {
            if (codes[i] == 7) {
                codes[i] = 8;
            }
        }
        wide.set(2, Margin.of("m2", codes, wide.get(2).populationCounts()));
        assertThatThrownBy(() -> Weighting.withDefaults().rake(SurveyDesign.builder(weights(n, 42)).build(), wide))
                .isInstanceOf(WeightingException.class)
                .hasMessageContaining("margin 'm2', category '7'").hasMessageContaining("no sample respondents");
    }

    @Test
    void zeroWeightIsRejectedNamingTheUnitBeforeAnyRowRangeIsRead() {
        int n = 2 * CrossedCells.MIN_RANGE + 5;
        List<Margin> margins = correlatedMargins(n, new int[] {63, 2, 5}, 51);
        double[] w = weights(n, 52);
        w[n - 3] = 0;
        assertThatThrownBy(() -> Weighting.withDefaults().rake(SurveyDesign.builder(w).build(), margins))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weight of unit " + (n - 3) + " is 0.0").hasMessageContaining("> 0");
    }

    @Test
    void runStoppedEarlyReportsTheUnitByUnitStateWhicheverWayTheRowsAreRead() {
        for (int[] levels : new int[][] {{12, 3, 4}, {60, 50, 40}}) {
            int n = 3000;
            List<Margin> margins = correlatedMargins(n, levels, 61);
            double[] w = weights(n, 62);
            Weighting oneSweep = Weighting.withDefaults().withMaxIterations(1).withTolerance(1e-12);
            WeightingResult result = oneSweep.rake(SurveyDesign.builder(w).build(), margins);
            Expected expected = unitByUnit(w, margins, 1, 1e-12 * margins.get(0).populationTotal());
            assertThat(expected.converged()).isFalse();
            assertMatches(result, expected, margins);
            assertThat(result.report().toString()).contains("rake did NOT converge after 1 of at most 1");
            assertThatThrownBy(() -> oneSweep.requiringConvergence(true).rake(SurveyDesign.builder(w).build(), margins))
                    .isInstanceOf(WeightingException.class).hasMessageContaining("raking did not converge")
                    .hasMessageContaining("m0")
                    .satisfies(e -> assertThat(((WeightingException) e).report()).get()
                            .extracting(ConvergenceReport::iterations).isEqualTo(1));
        }
    }
}
